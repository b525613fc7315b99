// The Python connector's state blob (docs/state.md, Legacy state of the Python connector), shape by shape, as its users' platforms
// saved it: a sync resumed from it emits exactly what the Python connector would have left to emit.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { CliResult } from '../helpers/cli.js';
import { withEmulator } from '../helpers/emulator.js';
import { createCollection, createDocuments, q, remove } from '../helpers/fixtures.js';
import { configuredCatalog, discoverCatalog, readOk, records, sourceConfig, states } from '../helpers/sync.js';

/** A document ref as the Python connector wrote it into an `after` string (compact wire JSON). */
const pythonRef = (id: string): string =>
  `{"@ref":{"id":"${id}","collection":{"@ref":{"id":"legacy","collection":{"@ref":{"id":"collections"}}}}}}`;

describe("the Python connector's legacy state", () => {
  const server = withEmulator();
  let ids: string[];
  let tss: number[];
  let snapshot: number;
  let late: string;
  const fullConfig = (): object => sourceConfig(server.emulator(), { name: 'legacy', index: 'legacy_by_ts' });
  const deletionsConfig = (): object =>
    sourceConfig(server.emulator(), {
      name: 'legacy',
      index: 'legacy_by_ts',
      deletions: { deletion_mode: 'deleted_field', column: 'deleted_at' },
    });

  before(async () => {
    const client = server.rootClient();
    await createCollection(client, 'legacy', 'legacy_by_ts');
    await createDocuments(
      client,
      'legacy',
      Array.from({ length: 6 }, (_, i) => ({ i })),
    );
    // Documents order (by ref) and index order (by ts) agree here: one transaction per document.
    const page = await client.query<{ data: [number, { id: string }][] }>(q.Paginate(q.Match(q.Index('legacy_by_ts'))));
    ids = page.data.map(([, ref]) => ref.id);
    tss = page.data.map(([ts]) => ts);
    snapshot = await client.query<number>(q.ToMicros(q.Now()));
    [late] = await createDocuments(client, 'legacy', [{ late: true }]);
  });

  // Ranges are read concurrently: records come in no particular order.
  const data = (result: CliResult): string[] =>
    records(result)
      .map((r) => r.data.ref)
      .sort();

  async function read(config: object, mode: 'full_refresh' | 'incremental', state: object): Promise<CliResult> {
    return readOk({ config, catalog: configuredCatalog(await discoverCatalog(config), mode), state });
  }

  test('an interrupted full refresh {ts, after: "[<ref>]"} resumes in its snapshot at that document', async () => {
    const state = { legacy: { full_sync_cursor: { ts: snapshot, after: `[${pythonRef(ids[2]!)}]` } } };
    const result = await read(fullConfig(), 'full_refresh', state);
    assert.deepEqual(
      data(result),
      ids.slice(2).sort(),
      'from the cursor on, without the document written after the snapshot',
    );
    assert.deepEqual(states(result).at(-1).stream.stream_state, {}, 'a finished full refresh leaves no cursor');
  });

  test('a finished full refresh {} starts a new full refresh', async () => {
    assert.deepEqual(data(await read(fullConfig(), 'full_refresh', { legacy: {} })), [...ids, late].sort());
  });

  test('an interrupted incremental scan {after: "[<ts>,<ref>,<ref>]"} resumes at that index entry', async () => {
    const after = `[${tss[3]},${pythonRef(ids[3]!)},${pythonRef(ids[3]!)}]`;
    const result = await read(fullConfig(), 'incremental', { legacy: { updates_cursor: { after } } });
    assert.deepEqual(data(result), [...ids.slice(3), late].sort());
    const lateTs = records(result).find((r) => r.data.ref === late).data.ts;
    assert.deepEqual(states(result).at(-1).stream.stream_state, { updates_cursor: { ts: lateTs, ref: late } });
  });

  test('remove cursors: an events `after` string, and the empty-collection {ts: 0, ref: ""}', async () => {
    const client = server.rootClient();
    const latest = await client.query<{ ts: number }>(q.Get(q.Ref(q.Collection('legacy'), late)));
    const updates = { ts: latest.ts, ref: late };
    await remove(client, 'legacy', ids[0]!);
    await remove(client, 'legacy', ids[1]!);
    const deleted = (result: CliResult): string[] =>
      records(result)
        .filter((r) => r.data.deleted_at !== undefined)
        .map((r) => r.data.ref);
    // The cursor of the second deletion, as the Python connector saved it in an interrupted scan.
    const history = await client.query<{ data: { ts: number; action: string; document: { id: string } }[] }>(
      q.Paginate(q.Documents(q.Collection('legacy')), { events: true, size: 100 }),
    );
    const second = history.data.find((e) => e.action === 'remove' && e.document.id === ids[1])!;
    const events = `{"ts":${second.ts},"action":"remove","document":${pythonRef(ids[1]!)}}`;
    const fromEvents = await read(deletionsConfig(), 'incremental', {
      legacy: { remove_cursor: { after: events }, updates_cursor: updates },
    });
    assert.deepEqual(
      records(fromEvents).map((r) => r.data.ref),
      [ids[1]],
      'from that event on, and no update after the updates cursor',
    );
    const fromZero = await read(deletionsConfig(), 'incremental', {
      legacy: { remove_cursor: { ts: 0, ref: '' }, updates_cursor: updates },
    });
    assert.deepEqual(deleted(fromZero), [ids[0], ids[1]]);
    const next = await read(deletionsConfig(), 'incremental', [
      { type: 'STREAM', stream: states(fromZero).at(-1).stream },
    ]);
    assert.equal(records(next).length, 0, 'the migrated cursors move on: nothing is emitted twice');
  });
});
