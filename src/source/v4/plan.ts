import type { FaunaClient } from '../../fauna/v4/client.js';
import { FaunaError } from '../../fauna/errors.js';
import * as q from '../../fauna/v4/query.js';
import type { WireValue } from '../../fauna/wire.js';
import type { SourceConfig } from '../config.js';
import { childDatabasesPage, namesPage } from './queries.js';
import { findIncrementalIndexes, firstIndexPage, validateCollection } from './indexes.js';
import { allPages } from './pages.js';

/** A stream the source can read: a collection, and the index for its incremental syncs if any. */
export interface StreamPlan {
  name: string;
  index: string | undefined;
}

const COLLECTION_PAGE_SIZE = 1000;

/**
 * The streams of the config: its one collection (validated as the Python connector's check does), or every
 * collection the key can list, with the incremental index of each found automatically.
 * `withIndexes: false` (no stream syncs incrementally) skips the index search and validation.
 */
export async function planStreams(
  client: FaunaClient,
  config: SourceConfig,
  withIndexes = true,
): Promise<StreamPlan[]> {
  if (config.single) {
    const { collection, index } = config.single;
    await validateCollection(client, collection, withIndexes ? index : '');
    return [{ name: collection, index: index === '' ? undefined : index }];
  }
  return planFrom(client, withIndexes, (await client.query(firstPages(withIndexes))) as WireValue[]);
}

/**
 * planStreams, and the answer to `also`, another query, sent in the plan's first round trip.
 * Should that round trip fail, the plan is asked for again alone, so that a failure is reported as
 * the plan's own; `also` then brings undefined.
 */
export async function planStreamsWith(
  client: FaunaClient,
  config: SourceConfig,
  withIndexes: boolean,
  also: q.Expr,
): Promise<{ plans: StreamPlan[]; also: WireValue | undefined }> {
  if (config.single) {
    // The one collection is validated first: `also` goes beside it.
    const answer = client.query(also).catch(() => undefined);
    return { plans: await planStreams(client, config, withIndexes), also: await answer };
  }
  let first: WireValue[];
  try {
    first = (await client.query([...firstPages(withIndexes), also])) as WireValue[];
  } catch (error) {
    // Only Fauna's refusal of the query beside the plan (a permission, say) asks for the plan alone;
    // a network failure has already been retried, and would be again.
    if (!(error instanceof FaunaError)) throw error;
    return { plans: await planStreams(client, config, withIndexes), also: undefined };
  }
  return { plans: await planFrom(client, withIndexes, first), also: first.at(-1) };
}

// One round trip asks for the first page of both lists: only a database with more than a page of
// either asks for more.
const firstPages = (withIndexes: boolean): q.Expr[] => [
  namesPage(q.Collections(), COLLECTION_PAGE_SIZE),
  ...(withIndexes ? [firstIndexPage()] : []),
];

async function planFrom(client: FaunaClient, withIndexes: boolean, first: WireValue[]): Promise<StreamPlan[]> {
  const [collections, indexes] = await Promise.all([
    allPages(client, (after) => namesPage(q.Collections(), COLLECTION_PAGE_SIZE, after), nameOf, first[0]),
    withIndexes ? findIncrementalIndexes(client, first[1]) : new Map<string, string>(),
  ]);
  return collections.map((name) => ({ name, index: indexes.get(name) }));
}

const nameOf = (name: WireValue): string | undefined => (typeof name === 'string' ? name : undefined);

/** The child databases of the client's, each with whether it has none of its own. */
export const listChildren = (client: FaunaClient): Promise<{ name: string; leaf: boolean }[]> =>
  allPages(
    client,
    (after) => childDatabasesPage(COLLECTION_PAGE_SIZE, after),
    (entry) =>
      Array.isArray(entry) && typeof entry[0] === 'string' ? { name: entry[0], leaf: entry[1] === true } : undefined,
  );
