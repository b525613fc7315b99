// A sync killed (SIGKILL) right after a checkpoint resumes from the last state the platform saw:
// no document is lost, none covered by that state is emitted again, and a full refresh resumes
// in its original snapshot.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { spawnCli, type CliResult, type Message } from '../helpers/cli.js';
import { withEmulator } from '../helpers/emulator.js';
import { createCollection, createDocuments, q } from '../helpers/fixtures.js';
import { configuredCatalog, discoverCatalog, readOk, records, refs, sourceConfig } from '../helpers/sync.js';

describe('kill and resume', () => {
  // Latency keeps the sync running long enough to be killed in the middle.
  const server = withEmulator({ latencyMs: 25 });
  let ids: string[];
  let config: object;
  let discovered: Message;

  before(async () => {
    const client = server.rootClient();
    await createCollection(client, 'events', 'events_by_ts');
    ids = await createDocuments(
      client,
      'events',
      Array.from({ length: 20 }, (_, i) => ({ i })),
    );
    config = sourceConfig(server.emulator(), { name: 'events', index: 'events_by_ts' });
    discovered = await discoverCatalog(config);
  });

  /** Runs a read and SIGKILLs it as soon as its first STATE line arrives. */
  async function readKilledAfterFirstState(catalog: object): Promise<CliResult> {
    const running = spawnCli(['read'], { config, catalog });
    running.onMessage((message) => {
      if (message.type === 'STATE') running.child.kill('SIGKILL');
    });
    const result = await running.result;
    assert.equal(result.signal, 'SIGKILL');
    return result;
  }

  /** What the platform keeps of a killed sync: its last state, and the records emitted before it. */
  function committed(result: CliResult): { state: Message; covered: Message[] } {
    const lastState = result.messages.map((m) => m.type).lastIndexOf('STATE');
    assert.ok(lastState >= 0);
    const before = result.messages
      .slice(0, lastState)
      .filter((m) => m.type === 'RECORD')
      .map((m) => m.record);
    assert.ok(before.length < ids.length, 'killed before the end');
    return { state: [{ type: 'STREAM', stream: result.messages[lastState].state.stream }], covered: before };
  }

  for (const mode of ['full_refresh', 'incremental'] as const) {
    test(`${mode}: killed after a checkpoint, the resumed sync loses no document and repeats none`, async () => {
      const catalog = configuredCatalog(discovered, mode);
      const { state, covered } = committed(await readKilledAfterFirstState(catalog));
      // Written after the snapshot of the killed full refresh: not part of it.
      const [late] = await createDocuments(server.rootClient(), 'events', [{ late: mode }]);
      const resumed = await readOk({ config, catalog, state });
      const all = [...refs(covered), ...refs(records(resumed))].sort();
      if (mode === 'full_refresh') {
        assert.deepEqual(all, [...ids].sort());
        assert.ok(!refs(records(resumed)).includes(late!), 'the resumed full refresh reads its original snapshot');
      } else {
        assert.ok(refs(records(resumed)).includes(late!));
        assert.deepEqual(
          all.filter((ref) => ref !== late),
          [...ids].sort(),
        );
        assert.equal(new Set(all).size, all.length, 'no document emitted twice');
      }
      ids.push(late!);
    });
  }

  test('a resumed full refresh whose snapshot is past history retention restarts cleanly, saying so', async () => {
    const client = server.rootClient();
    // history_days defaults to 0: the server keeps 15 minutes of history.
    await client.query(q.CreateCollection({ name: 'short' }));
    const shortIds = await createDocuments(client, 'short', [{ s: 1 }, { s: 2 }, { s: 3 }]);
    const now: number = await client.query(q.ToMicros(q.Now()));
    const shortConfig = sourceConfig(server.emulator(), { name: 'short' });
    const catalog = configuredCatalog(await discoverCatalog(shortConfig), 'full_refresh');
    const state = [
      {
        type: 'STREAM',
        stream: { stream_descriptor: { name: 'short' }, stream_state: { full_sync_cursor: { ts: now - 20 * 60e6 } } },
      },
    ];
    const result = await readOk({ config: shortConfig, catalog, state });
    assert.deepEqual(refs(records(result)), [...shortIds].sort());
    const warnings = result.messages
      .filter((m) => m.type === 'LOG' && m.log.level === 'WARN')
      .map((m) => m.log.message);
    assert.ok(
      warnings.some((w) =>
        /older than the collection's history retention; reading the collection again from the beginning at a new snapshot/.test(
          w,
        ),
      ),
      warnings.join('\n'),
    );
  });
});
