// FQL v10 mode and the history retention (history_days, plus 15 minutes; 15 minutes for a v10
// collection by default): a feed cursor older than it fails the stream by default, or reads the
// collection again in full with a warning; a saved snapshot older than it starts over; check
// warns about a collection of 15 minutes. The server's clock is moved forward, as a connection
// paused for a while would see it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Client } from 'fauna';
import { runCli, type CliResult, type Message } from '../../helpers/cli.js';
import { assertDocumented } from '../../helpers/documented.js';
import { advanceClock, withEmulator } from '../../helpers/emulator.js';
import {
  configuredCatalog,
  discoverCatalog,
  errors,
  nextState,
  read,
  readOk,
  records,
  refs,
  states,
  statuses,
} from '../../helpers/sync.js';
import { createV10Collection, fql, run, v10Client, v10Config } from './helpers.js';

const MINUTE = 60e6;

describe('FQL v10: cursors older than the history retention', () => {
  const server = withEmulator();
  let client: Client;
  const ids: string[] = [];

  const config = (deletions: object): object => v10Config(server, { name: 'aging', deletions });
  const fail = { deletion_mode: 'deleted_field', column: 'deleted_at' };
  const proceed = { ...fail, invalid_cursor_behavior: 'continue' };
  const warnings = (result: CliResult): string[] =>
    result.messages.filter((m) => m.type === 'LOG' && m.log.level === 'WARN').map((m) => m.log.message);

  const advance = (micros: number): void => advanceClock(server, micros);

  let catalog: object;

  before(async () => {
    client = v10Client(server);
    // history_days 0, v10's default: 15 minutes of history.
    await createV10Collection(client, 'aging', 0);
    for (let i = 0; i < 5; i++)
      ids.push(((await run(client, fql`aging.create({ i: ${i} })`)) as unknown as { id: string }).id);
    // With a deleted_at column, which a sync that ignores deletions leaves empty.
    catalog = configuredCatalog(await discoverCatalog(config(fail)), 'incremental');
  });
  after(() => client.close());

  test('check warns about a collection that keeps 15 minutes of history', async () => {
    const result = await runCli(['check'], { config: config(fail) });
    assert.deepEqual(result.messages.find((m) => m.type === 'CONNECTION_STATUS')?.connectionStatus, {
      status: 'SUCCEEDED',
    });
    const [warning] = warnings(result);
    assert.match(warning!, /Collection 'aging' keeps 15 minutes of history/);
    assertDocumented(warning, 'check of a collection with history_days 0');
  });

  let saved: Message[];
  test('syncs closer together than the retention keep the feed going, however quiet the collection', async () => {
    const first = await readOk({ config: config(fail), catalog });
    assert.equal(records(first).length, 5);
    advance(10 * MINUTE);
    const second = await readOk({ config: config(fail), catalog, state: nextState(first) });
    // The snapshot of the first sync is now 20 minutes old, but the cursor of the second 10.
    advance(10 * MINUTE);
    await run(client, fql`aging.byId(${ids[0]!})!.delete()`);
    const third = await readOk({ config: config(fail), catalog, state: nextState(second) });
    assert.deepEqual(
      records(third).map((r) => [r.data.ref, typeof r.data.deleted_at]),
      [[ids[0], 'string']],
    );
    assert.deepEqual(warnings(third), []);
    saved = nextState(third);
  });

  test('a feed cursor older than the retention fails the stream by default, saying how to recover', async () => {
    await run(client, fql`aging.byId(${ids[1]!})!.delete()`);
    advance(20 * MINUTE);
    const result = await read({ config: config(fail), catalog, state: saved });
    assert.equal(result.code, 1);
    const [error] = errors(result);
    assert.equal(error.failure_type, 'config_error');
    assert.match(error.message, /The event feed of 'aging' no longer reaches the last sync/);
    assertDocumented(error.message, 'v10 feed cursor below retention, fail');
    assert.deepEqual(statuses(result, 'aging'), ['STARTED', 'RUNNING', 'INCOMPLETE']);
    assert.deepEqual(
      states(result).at(-1).stream.stream_state,
      saved[0].stream.stream_state,
      'the saved state is kept',
    );
    assert.equal(records(result).length, 0);
  });

  test('with invalid_cursor_behavior continue: a warning, the collection read again in full, and the feed from there', async () => {
    const result = await readOk({ config: config(proceed), catalog, state: saved });
    assert.deepEqual(
      refs(records(result)),
      ids.slice(2).sort(),
      'every live document again; the deletion in the gap is missing',
    );
    const [warning] = warnings(result);
    assert.match(
      warning!,
      /the event feed no longer reaches the last sync .*, deletions since the last sync are missing;/,
    );
    assertDocumented(warning, 'v10 feed cursor below retention, continue');
    const last = states(result).at(-1).stream.stream_state;
    assert.ok(
      last.feed.parts.length > 0 && last.feed.parts.every((part: { cursor?: string }) => part.cursor),
      'the feed goes on from the new snapshot',
    );
    await run(client, fql`aging.byId(${ids[2]!})!.delete()`);
    const next = await readOk({ config: config(proceed), catalog, state: nextState(result) });
    assert.deepEqual(
      records(next).map((r) => r.data.ref),
      [ids[2]],
    );
  });

  test('deletions ignored: a cursor older than the retention reads the collection again, with a warning', async () => {
    const ignore = { deletion_mode: 'ignore' };
    const result = await readOk({ config: config(ignore), catalog, state: saved });
    assert.deepEqual(refs(records(result)), ids.slice(3).sort());
    assert.equal(warnings(result).length, 1);
    assertDocumented(warnings(result)[0], 'v10 feed cursor below retention, deletions ignored');
  });

  test('a saved snapshot older than the retention starts over at a new snapshot, saying so', async () => {
    for (let i = 0; i < 6; i++)
      ids.push(((await run(client, fql`aging.create({ more: ${i} })`)) as unknown as { id: string }).id);
    const full = v10Config(server, { name: 'aging', page_size: 1 }, { max_concurrency: 2 });
    const whole = configuredCatalog(await discoverCatalog(full), 'full_refresh');
    const first = await readOk({ config: full, catalog: whole });
    const midway = states(first).find((s) => s.stream.stream_state.snapshot !== undefined);
    assert.ok(midway, 'a read of several pages checkpoints its ranges');
    advance(20 * MINUTE);
    const result = await readOk({ config: full, catalog: whole, state: [{ type: 'STREAM', stream: midway.stream }] });
    assert.deepEqual(refs(records(result)), ids.slice(3).sort(), 'the whole collection, at a new snapshot');
    const [warning] = warnings(result);
    assert.match(warning!, /the saved snapshot \d+ is older than the collection's history retention/);
    assertDocumented(warning, 'v10 saved snapshot below retention');
  });
});
