// What the FQL v10 readers add to the stream frame: the v10 client and the collection. Documents
// of set pages and feed events go through tagged.ts to the v4 wire shape (`asV4`), then through
// the same RecordLines as a v4 sync, so both APIs give the same records.
import { FaunaError } from '../../fauna/errors.js';
import type { FaunaClient, QueryAnswer } from '../../fauna/v10/client.js';
import { toDocument, type Tagged } from '../../fauna/v10/tagged.js';
import type { Template } from '../../fauna/v10/template.js';
import type { StreamFrame, ToDocument } from '../core/stream.js';
import { SetupError } from '../errors.js';
import type { Early } from '../core/early.js';
import type { CollectionInfo } from './collections.js';
import type { IdEnds } from './feed-ranges.js';
import { eventSource } from './queries.js';
import type { StreamState } from './state.js';

export interface Stream extends StreamFrame<StreamState> {
  client: FaunaClient;
  collection: CollectionInfo;
  /** The collection's event source token, when the plan made it. */
  token?: string | undefined;
  /** The answer to the first query of a read of the whole collection, when the plan brought it; used once. */
  opening?: Early<QueryAnswer> | undefined;
  /** The ids of the collection's first and last documents, when the plan brought them (a stream with a saved state). */
  ends?: IdEnds | undefined;
  /**
   * The collection is one database's of a tree (src/source/tree/): a query of its stream is sent
   * once per database of the tree, so the feed sends none it can do without (feed.ts).
   */
  tree: boolean;
}

/** A v10 document in the v4 wire shape, its computed fields dropped. */
export const asV4 =
  (stream: Stream): ToDocument<Tagged> =>
  (document) =>
    toDocument(document, stream.collection.computed);

/** The FQL that gives a collection more history, for messages. */
export const raiseHistory = (collection: string, days: number): string =>
  `Collection.byName(${JSON.stringify(collection)})!.update({ history_days: ${days} })`;

/**
 * The token of an event source on the whole collection (the plan's, or a new one). Creating it
 * needs read on the collection: the probe that the key may read it, since its set pages would
 * silently leave out what it may not.
 */
export async function sourceToken(stream: Stream): Promise<string> {
  if (stream.token !== undefined) return stream.token;
  const { name } = stream.collection;
  return streamToken(await readableQuery(stream, eventSource(name)), name);
}

/** The token of an event source in an answer. */
export function streamToken(value: Tagged, collection: string): string {
  const token = (value as { '@stream'?: unknown } | null)?.['@stream'];
  if (typeof token !== 'string')
    throw new TypeError(`Fauna answered an event source of '${collection}' without its token`);
  return token;
}

/** The answer of a query that makes an event source on the collection, its refusal told as readProblem says. */
export async function readableQuery(stream: Stream, query: Template): Promise<Tagged> {
  try {
    return (await stream.client.query(query)).data;
  } catch (error) {
    throw readProblem(error, stream.collection.name) ?? error;
  }
}

/** The message of a collection that the key may not read or that does not exist, or undefined. */
export function readProblem(error: unknown, collection: string): SetupError | undefined {
  if (!(error instanceof FaunaError) || error.status !== 400) return undefined;
  if (error.code === 'permission_denied') {
    return new SetupError(
      `The key's role may not read the documents of collection '${collection}': grant its role read on ` +
        `${collection} (privileges ${collection} { read } in FSL), as the user guide's v10 role does`,
    );
  }
  if (error.code === 'invalid_argument' && /no such user collection/i.test(error.description)) {
    return new SetupError(
      `Collection '${collection}' does not exist (Fauna: ${error.description}); run discover again and update the catalog`,
    );
  }
  return undefined;
}
