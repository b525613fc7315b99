// The v10 side of the connector tests: data written with the official `fauna` driver (FQL v10)
// on the local server, and connector configs in FQL v10 mode.
import { Client, fql, type Query, type QueryValue } from 'fauna';
import type { Message } from '../../helpers/cli.js';
import type { EmulatorHandle } from '../../helpers/emulator.js';
import { sourceConfig } from '../../helpers/sync.js';

/** A v10 driver client on the test's server (h2c, the driver's default); closed by the caller. */
export function v10Client(server: EmulatorHandle, secret = 'secret'): Client {
  return new Client({ secret, endpoint: new URL(server.url()), query_timeout_ms: 60_000, long_type: 'bigint' });
}

/** Runs a query and returns its data. */
export async function run<T extends QueryValue = QueryValue>(client: Client, query: Query<T>): Promise<T> {
  return (await client.query(query)).data;
}

/** Creates a v10 collection whose history lasts `historyDays` (7: feeds reach back a week). */
export async function createV10Collection(client: Client, name: string, historyDays = 7): Promise<void> {
  await run(client, fql`Collection.create({ name: ${name}, history_days: ${historyDays} })`);
}

/** The connector config in FQL v10 mode; `collection` settings merge into the test defaults. */
export function v10Config(server: EmulatorHandle, collection: object = {}, extra: object = {}): object {
  return sourceConfig(server.emulator(), collection, { fql_version: '10', ...extra });
}

export const DELETIONS = { deletion_mode: 'deleted_field', column: 'deleted_at' };

/** The id ranges of a v10 full read in a STATE message: each with the cursor of its next page, if any. */
export const snapshotParts = (state: Message): { after?: string; from?: string; to?: string }[] =>
  state.stream.stream_state.snapshot?.parts ?? [];

/**
 * A test of the STATE messages of one read, in order: whether one holds a range cut off by an idle
 * worker (a part without a cursor that the read's first checkpoint did not begin: its ranges after
 * the first start without one too).
 */
export function cutOffRanges(): (state: Message) => boolean {
  let starts: Set<string | undefined> | undefined;
  return (state) => {
    const parts = snapshotParts(state);
    if (parts.length === 0) return false;
    starts ??= new Set(parts.filter((part) => part.after === undefined).map((part) => part.from));
    return parts.some((part) => part.after === undefined && !starts!.has(part.from));
  };
}

export { fql };
