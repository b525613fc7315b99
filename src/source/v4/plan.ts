import type { FaunaClient } from '../../fauna/v4/client.js';
import * as q from '../../fauna/v4/query.js';
import type { WireValue } from '../../fauna/wire.js';
import type { SourceConfig } from '../config.js';
import { namesPage } from './queries.js';
import { findIncrementalIndexes, validateCollection } from './indexes.js';

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
  const [collections, indexes] = await Promise.all([
    listCollections(client),
    withIndexes ? findIncrementalIndexes(client) : new Map<string, string>(),
  ]);
  return collections.map((name) => ({ name, index: indexes.get(name) }));
}

export const listCollections = (client: FaunaClient): Promise<string[]> => listNames(client, q.Collections());

/** The names of a set of schema refs (q.Collections(), q.Databases()), every page. */
export async function listNames(client: FaunaClient, set: q.Expr): Promise<string[]> {
  const names: string[] = [];
  let after: WireValue | undefined;
  do {
    const page = (await client.query(namesPage(set, COLLECTION_PAGE_SIZE, after && q.wire(after)))) as {
      data: WireValue[];
      after?: WireValue;
    };
    for (const name of page.data) if (typeof name === 'string') names.push(name);
    after = page.after;
  } while (after !== undefined);
  return names;
}
