// A read of more than one page reads its later pages, and the ranges cut from the first, inside
// `at (T)`. There Fauna leaves out what the role may not read as history: a set made again inside
// `at` (`paginateImpl` in runtime/fql2/stdlib/Sets.scala) asks history_read of every document it
// reads (runtime/fql2/ValueSet.scala, `checkedGet` in runtime/fql2/ReadBroker.scala, all of
// `fauna/faunadb`), and answers the others with nothing rather than an error.
import type { FaunaClient } from '../../fauna/v10/client.js';
import { historyProbe } from './queries.js';

/** The message of a collection whose documents the role reads, but not as history. */
export function historyHidden(name: string): string {
  return (
    `The key's role may read the documents of '${name}' but not their history: a read of more than one page ` +
    'reads every later page as of the snapshot of the first, which Fauna answers only to a role with history_read ' +
    `(to others, with nothing). Give the role history_read on '${name}' ` +
    `({ resource: ${JSON.stringify(name)}, actions: { read: true, history_read: true } }) or use a key of the built-in role server-readonly`
  );
}

/**
 * True when the role sees the collection's first document now but not inside `at (now)`. An
 * empty collection proves nothing either way and answers false.
 */
export async function hidesHistory(client: FaunaClient, collection: string): Promise<boolean> {
  const { data } = await client.query(historyProbe(collection));
  const { now, past } = data as { now: string | null; past: string | null };
  return now !== null && past === null;
}
