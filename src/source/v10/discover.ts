// `discover` in FQL v10 mode: one stream per collection the key can list, each readable in full
// refresh and incrementally (from its event feed); `data` typed from the field types its FSL
// schema declares, then from a sample of its documents. Computed fields are not data (v4 does
// not see them) and get no column.
import type { MessageWriter } from '../../airbyte/writer.js';
import type { FaunaClient } from '../../fauna/v10/client.js';
import { toDocument } from '../../fauna/v10/tagged.js';
import type { SourceConfig } from '../config.js';
import { Shape } from '../sampling/shape.js';
import { catalogStream, type FoundStream } from '../schema.js';
import type { CollectionInfo } from './collections.js';
import { setPage } from './collections.js';
import { connect, planCollections } from './connect.js';
import { declaredExamples } from './fsl-types.js';
import { documentsPage, MAX_PAGE } from './queries.js';
import { readProblem } from './stream.js';

export async function discover(config: SourceConfig, out: MessageWriter): Promise<number> {
  const client = await connect(config.connection, out);
  try {
    const streams = (await discoverStreams(client, config)).map((found) => catalogStream(found, config.settings));
    await out.emit({ type: 'CATALOG', catalog: { streams } });
    return 0;
  } finally {
    await client.close();
  }
}

/** The streams of the key's database: every one incremental. */
export async function discoverStreams(client: FaunaClient, config: SourceConfig): Promise<FoundStream[]> {
  const collections = await planCollections(client, config);
  const shapes = !config.settings.dataColumn
    ? collections.map(() => undefined)
    : await Promise.all(collections.map((collection) => dataShape(client, collection, config.sampleSize)));
  return collections.map((collection, i) => ({ name: collection.name, incremental: true, shape: shapes[i] }));
}

/**
 * The shape of the collection's data: the field types its FSL schema declares, then its first
 * `size` documents (those the key may read); undefined (data untyped) when there is neither.
 */
async function dataShape(client: FaunaClient, collection: CollectionInfo, size: number): Promise<Shape | undefined> {
  const shape = new Shape();
  const declared = declaredExamples(collection.fields);
  for (const example of declared) shape.add(example);
  if (size === 0) return declared.length > 0 ? shape : undefined;
  try {
    const page = setPage((await client.query(documentsPage(collection.name, Math.min(size, MAX_PAGE)))).data);
    for (const document of page.data) shape.add(toDocument(document, collection.computed).data!);
  } catch (error) {
    if (readProblem(error, collection.name) === undefined) throw error;
  }
  return shape;
}
