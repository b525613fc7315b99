// `discover` in FQL v10 mode: one stream per collection the key can list, each readable in full
// refresh and incrementally (from its event feed); `data` typed from the field types its FSL
// schema declares, then from a sample of its documents spread over the collection. Computed fields are not data (v4 does
// not see them) and get no column.
import type { MessageWriter } from '../../airbyte/writer.js';
import type { FaunaClient } from '../../fauna/v10/client.js';
import { toDocument, type Tagged } from '../../fauna/v10/tagged.js';
import { splitEvenly } from '../core/ranges.js';
import type { SourceConfig } from '../config.js';
import { Shape } from '../sampling/shape.js';
import { emitCatalog, type FoundStream } from '../schema.js';
import type { CollectionInfo } from './collections.js';
import { listCollections, setPage } from './collections.js';
import { connect, planCollections } from './connect.js';
import { declaredExamples } from './fsl-types.js';
import { idEnds, MAX_PAGE, rangePages } from './queries.js';
import { readProblem } from './stream.js';

export async function discover(config: SourceConfig, out: MessageWriter): Promise<number> {
  return emitCatalog(await connect(config.connection, out), config, out, discoverStreams);
}

/**
 * The streams of the key's database: every one incremental. `listed`: the first page of its
 * collection definitions when a tree's listing brought it; used when it is the only page (the
 * cursor of a page is not carried to a client of another secret).
 */
export async function discoverStreams(
  client: FaunaClient,
  config: SourceConfig,
  listed?: unknown,
): Promise<FoundStream[]> {
  const whole = listed !== undefined && setPage(listed as Tagged).after === undefined;
  const collections = await planCollections(
    client,
    config,
    whole ? await listCollections(client, listed as Tagged) : undefined,
  );
  const shapes = !config.settings.dataColumn
    ? collections.map(() => undefined)
    : await Promise.all(collections.map((collection) => dataShape(client, collection, config.sampleSize)));
  return collections.map((collection, i) => ({ name: collection.name, incremental: true, shape: shapes[i] }));
}

/**
 * The shape of the collection's data: the field types its FSL schema declares, then a sample of up
 * to `size` documents (those the key may read) spread over its ids, as v4's (v4/sample.ts): the id
 * span from the first document to the last cut into ranges, each giving its share of the sample;
 * undefined (data untyped) when there is neither.
 */
async function dataShape(client: FaunaClient, collection: CollectionInfo, size: number): Promise<Shape | undefined> {
  const shape = new Shape();
  const declared = declaredExamples(collection.fields);
  for (const example of declared) shape.add(example);
  if (size === 0) return declared.length > 0 ? shape : undefined;
  try {
    for (const document of await sample(client, collection.name, size))
      shape.add(toDocument(document, collection.computed).data!);
  } catch (error) {
    if (readProblem(error, collection.name) === undefined) throw error;
  }
  return shape;
}

const SAMPLE_RANGES = 8;

async function sample(client: FaunaClient, collection: string, size: number): Promise<Tagged[]> {
  const { first, last } = (await client.query(idEnds(collection))).data as { first: Tagged; last: Tagged };
  if (typeof first !== 'string' || typeof last !== 'string') return [];
  const bounds = splitEvenly(BigInt(first), BigInt(last), Math.min(SAMPLE_RANGES, size));
  const share = (i: number) => Math.floor(size / bounds.length) + (i < size % bounds.length ? 1 : 0);
  const ranges = bounds.map(([from, to]) => ({ from: String(from), to: String(to) }));
  const pages = (await client.query(rangePages(collection, ranges, Math.min(share(0), MAX_PAGE)))).data as Tagged[];
  return pages.flatMap((page, i) => setPage(page).data.slice(0, share(i)));
}
