// FQL v10 mode killed (SIGKILL) right after a checkpoint resumes from the last state the platform
// saw: in the middle of a read of the whole collection (its id ranges, in the same snapshot) and
// in the middle of an event feed (from the feed cursor), losing nothing and repeating nothing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Client } from 'fauna';
import { spawnCli, type CliResult, type Message } from '../../helpers/cli.js';
import { withEmulator } from '../../helpers/emulator.js';
import { configuredCatalog, discoverCatalog, nextState, readOk, records, refs } from '../../helpers/sync.js';
import { createV10Collection, DELETIONS, fql, run, v10Client, v10Config } from './helpers.js';

describe('FQL v10: kill and resume', () => {
  // Latency keeps the sync running long enough to be killed in the middle.
  const server = withEmulator({ latencyMs: 25 });
  let client: Client;
  let config: object;
  let discovered: Message;
  const ids: string[] = [];

  const create = async (fields: Record<string, number | boolean>): Promise<string> =>
    ((await run(client, fql`events.create(${fields})`)) as unknown as { id: string }).id;

  before(async () => {
    client = v10Client(server);
    await createV10Collection(client, 'events');
    for (let i = 0; i < 30; i++) ids.push(await create({ i }));
    config = v10Config(server, { name: 'events', deletions: DELETIONS }, { max_concurrency: 3 });
    discovered = await discoverCatalog(config);
  });
  after(() => client.close());

  /** Runs a read and SIGKILLs it as soon as its first STATE line arrives. */
  async function readKilledAfterFirstState(catalog: object, state?: Message[]): Promise<CliResult> {
    const running = spawnCli(['read'], { config, catalog, state });
    running.onMessage((message) => {
      if (message.type === 'STATE') running.child.kill('SIGKILL');
    });
    const result = await running.result;
    assert.equal(result.signal, 'SIGKILL');
    return result;
  }

  /** What the platform keeps of a killed sync: its last state, and the records emitted before it. */
  function committed(result: CliResult): { state: Message[]; covered: Message[] } {
    const lastState = result.messages.map((m) => m.type).lastIndexOf('STATE');
    assert.ok(lastState >= 0);
    const covered = result.messages
      .slice(0, lastState)
      .filter((m) => m.type === 'RECORD')
      .map((m) => m.record);
    return { state: [{ type: 'STREAM', stream: result.messages[lastState].state.stream }], covered };
  }

  test('full refresh: killed after a checkpoint, resumed in its snapshot, no document lost or repeated', async () => {
    const catalog = configuredCatalog(discovered, 'full_refresh');
    const { state, covered } = committed(await readKilledAfterFirstState(catalog));
    assert.ok(covered.length < ids.length, 'killed before the end');
    assert.ok(state[0].stream.stream_state.snapshot.parts.length > 0, 'the state holds the cursors of the ranges left');
    const late = await create({ late: true });
    const resumed = await readOk({ config, catalog, state });
    const all = [...refs(covered), ...refs(records(resumed))].sort();
    assert.deepEqual(all, [...ids].sort(), 'every document once, nothing written after the snapshot');
    assert.ok(!all.includes(late));
    ids.push(late);
  });

  test('incremental: killed in the middle of the event feed, resumed from its cursor, no change lost or repeated', async () => {
    const catalog = configuredCatalog(discovered, 'incremental');
    const first = await readOk({ config, catalog });
    assert.deepEqual(refs(records(first)), [...ids].sort());
    const changed: string[] = [];
    for (const id of ids.slice(0, 12)) {
      await run(client, fql`events.byId(${id})!.update({ changed: true })`);
      changed.push(id);
    }
    await run(client, fql`events.byId(${ids[12]!})!.delete()`);
    changed.push(ids[12]!);
    for (let i = 0; i < 6; i++) changed.push(await create({ fresh: i }));

    const { state, covered } = committed(await readKilledAfterFirstState(catalog, nextState(first)));
    assert.ok(
      covered.length > 0 && covered.length < changed.length,
      `killed in the middle of the feed (${covered.length} of ${changed.length})`,
    );
    assert.ok(
      state[0].stream.stream_state.feed.parts.some((part: { cursor?: string }) => part.cursor),
      'the state holds the feed cursors of its id ranges',
    );
    const resumed = await readOk({ config, catalog, state });
    const all = [...refs(covered), ...refs(records(resumed))].sort();
    assert.deepEqual(all, [...changed].sort(), 'every change once');
    const deletion = [...covered, ...records(resumed)].find((r) => r.data.ref === ids[12]);
    assert.ok(deletion.data.deleted_at, 'the deletion is a deletion record');
  });
});
