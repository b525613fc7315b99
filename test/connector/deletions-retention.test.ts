// Deletions older than a collection's history retention are purged by Fauna: a sync whose
// deletions cursor is older than the retention fails (the default) or, when told to continue,
// warns of the span whose deletions may be missing. The server's clock is moved forward, as a
// connection paused for a while would see it.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { advanceClock, withEmulator } from '../helpers/emulator.js';
import { createDocuments, q, remove } from '../helpers/fixtures.js';
import {
  configuredCatalog,
  discoverCatalog,
  errors,
  nextState,
  read,
  readOk,
  records,
  states,
  statuses,
  sourceConfig,
} from '../helpers/sync.js';
import type { CliResult, Message } from '../helpers/cli.js';

const MINUTE = 60e6;

describe('deletions older than the history retention', () => {
  const server = withEmulator();
  let catalog: object;
  let ids: string[];
  const config = (behavior?: string): object =>
    sourceConfig(server.emulator(), {
      name: 'aging',
      index: 'aging_by_ts',
      deletions: {
        deletion_mode: 'deleted_field',
        column: 'deleted_at',
        ...(behavior !== undefined && { invalid_cursor_behavior: behavior }),
      },
    });

  const advance = (micros: number): void => advanceClock(server, micros);

  const deleted = (result: CliResult): string[] =>
    records(result)
      .filter((r) => r.data.deleted_at !== null && r.data.deleted_at !== undefined)
      .map((r) => r.data.ref);
  const warnings = (result: CliResult): string[] =>
    result.messages.filter((m) => m.type === 'LOG' && m.log.level === 'WARN').map((m) => m.log.message);

  before(async () => {
    const client = server.rootClient();
    // history_days 0, Fauna's default: events are kept 15 minutes.
    await client.query(q.CreateCollection({ name: 'aging' }));
    await client.query(
      q.CreateIndex({
        name: 'aging_by_ts',
        source: q.Collection('aging'),
        terms: [],
        values: [{ field: 'ts' }, { field: 'ref' }],
      }),
    );
    ids = await createDocuments(client, 'aging', [{ a: 1 }, { a: 2 }, { a: 3 }]);
    catalog = configuredCatalog(await discoverCatalog(config()), 'incremental');
  });

  let state: Message[];
  test('syncs closer together than the retention never trip, however long the collection stays quiet', async () => {
    const first = await readOk({ config: config(), catalog });
    assert.equal(records(first).length, 3);
    await remove(server.rootClient(), 'aging', ids[0]!);
    advance(10 * MINUTE);
    const second = await readOk({ config: config(), catalog, state: nextState(first) });
    assert.deepEqual(deleted(second), [ids[0]]);
    // The last event is now 20 minutes old, beyond the retention, but the previous scan 10 minutes.
    advance(10 * MINUTE);
    const third = await readOk({ config: config(), catalog, state: nextState(second) });
    assert.equal(records(third).length, 0);
    assert.deepEqual(warnings(third), []);
    state = nextState(third);
  });

  test('a cursor older than the retention fails the stream by default, saying how to recover', async () => {
    await remove(server.rootClient(), 'aging', ids[1]!);
    advance(20 * MINUTE);
    const result = await read({ config: config(), catalog, state });
    assert.equal(result.code, 1);
    const [error, ...more] = errors(result);
    assert.equal(more.length, 0);
    assert.equal(error.failure_type, 'config_error');
    assert.match(
      error.message,
      /^The deletions of 'aging' since \S+Z cannot all be read: Fauna keeps its history only from \S+Z on.*Reset the stream.*invalid_cursor_behavior to continue.*history_days/,
    );
    assert.deepEqual(statuses(result, 'aging'), ['STARTED', 'RUNNING', 'INCOMPLETE']);
    assert.deepEqual(records(result), []);
    assert.deepEqual(
      states(result).at(-1)?.stream.stream_state,
      state[0]!.stream.stream_state,
      'the cursor stays where it was',
    );
  });

  test('"continue" syncs on with one warning that names the span whose deletions may be missing', async () => {
    const cursor = state[0]!.stream.stream_state.remove_cursor.ts as number;
    const result = await readOk({ config: config('continue'), catalog, state });
    const [warning, ...more] = warnings(result);
    assert.equal(more.length, 0);
    const from = new Date(Math.floor(cursor / 1000)).toISOString();
    assert.match(
      warning!,
      new RegExp(
        `^aging: deletions between ${from} and \\S+Z may be missing: they are older than the collection's history retention`,
      ),
    );
    assert.deepEqual(deleted(result), [], 'the deletion in the gap was purged, as the warning says');
    assert.deepEqual(statuses(result, 'aging'), ['STARTED', 'RUNNING', 'COMPLETE']);
    const next = await readOk({ config: config(), catalog, state: nextState(result) });
    assert.deepEqual(warnings(next), [], 'the cursor moved past the gap');
  });
});
