// Partitioned, concurrent reads through the real CLI: a collection whose ids are bunched (custom
// ids next to generated ones) read as id ranges, a range split while it is read, incremental ts
// ranges, several streams at once with exact per-stream states, and SIGKILL at random points.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { spawnCli, type CliResult, type Message } from '../helpers/cli.js';
import { withEmulator } from '../helpers/emulator.js';
import { createCollection, createDocuments, q, update } from '../helpers/fixtures.js';
import {
  assertStateMessages,
  configuredCatalog,
  discoverCatalog,
  nextState,
  readOk,
  records,
  refs,
  sourceConfig,
  states,
  statuses,
} from '../helpers/sync.js';
import type faunadb from 'faunadb';

/** Documents with ids of our choosing, 100 per transaction. */
async function createWithIds(client: faunadb.Client, collection: string, ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 100) {
    const batch = ids.slice(i, i + 100);
    await client.query(
      q.Map(
        batch,
        q.Lambda('id', q.Create(q.Ref(q.Collection(collection), q.Var('id')), { data: { id: q.Var('id') } })),
      ),
    );
  }
}

// Bunched ids: 60 small custom ids, 60 generated ones (about 3.6e17 and up), and one near the top
// of the 64-bit range, so even cuts of [first, last] leave nearly everything in one range.
const SMALL = Array.from({ length: 60 }, (_, i) => String(10 + i));
const TOP = '9000000000000000000';

/** Every record once: the sorted refs, and no ref twice. */
function assertOnce(data: Message[], expected: string[], message: string): void {
  const got = refs(data);
  assert.equal(new Set(got).size, got.length, `${message}: no document twice`);
  assert.deepEqual(got, [...expected].sort(), message);
}

describe('partitioned and concurrent reads', () => {
  const server = withEmulator();
  const expected = new Map<string, string[]>();
  let config: (extra?: object) => object;

  before(async () => {
    const client = server.rootClient();
    await createCollection(client, 'skewed', 'skewed_by_ts');
    await createWithIds(client, 'skewed', SMALL);
    const generated = await client.query<{ ref: { id: string } }[]>(
      q.Map(
        Array.from({ length: 60 }, (_, i) => i),
        q.Lambda('i', q.Create(q.Collection('skewed'), { data: { i: q.Var('i') } })),
      ),
    );
    await createWithIds(client, 'skewed', [TOP]);
    expected.set('skewed', [...SMALL, ...generated.map((d) => d.ref.id), TOP]);
    for (const name of ['alpha', 'beta', 'gamma']) {
      await createCollection(client, name, `${name}_by_ts`);
      expected.set(
        name,
        await createDocuments(
          client,
          name,
          Array.from({ length: 7 }, (_, i) => ({ name, i })),
        ),
      );
    }
    config = (extra = {}) => sourceConfig(server.emulator(), {}, { max_concurrency: 4, ...extra });
  });

  async function catalog(mode: 'full_refresh' | 'incremental', names: string[]): Promise<object> {
    return configuredCatalog(await discoverCatalog(config()), mode, names);
  }

  test('full refresh of bunched ids: every document once, read as ranges, one of them split while read', async () => {
    const result = await readOk({ config: config(), catalog: await catalog('full_refresh', ['skewed']) });
    assertOnce(records(result), expected.get('skewed')!, 'the full refresh');
    assertStateMessages(result, ['skewed']);
    const ranges: { from: string; to: string }[][] = states(result).map(
      (s) => s.stream.stream_state.full_sync_cursor?.ranges ?? [],
    );
    assert.equal(ranges[0]!.length, 4, 'the rest of the collection cut into a range per worker');
    // The even cut leaves the bunched ids in one range: finished workers split it while it is read,
    // which gives a range an end that none of the first cut had.
    const firstEnds = new Set(ranges[0]!.map((range) => range.to));
    assert.ok(
      ranges.some((list) => list.some((range) => !firstEnds.has(range.to))),
      'a range split while read',
    );
    assert.deepEqual(states(result).at(-1).stream.stream_state, {});
  });

  test('the same records as a read one range at a time, at any page size', async () => {
    const sequential = await readOk({
      config: config({ max_concurrency: 1 }),
      catalog: await catalog('full_refresh', ['skewed']),
    });
    const large = await readOk({
      config: config({ collection: { page_size: 1000, deletions: { deletion_mode: 'ignore' } } }),
      catalog: await catalog('full_refresh', ['skewed']),
    });
    assertOnce(records(sequential), expected.get('skewed')!, 'one range at a time');
    assertOnce(records(large), expected.get('skewed')!, 'one large page');
  });

  test('incremental ts ranges: every document once, then only what changed', async () => {
    const incremental = await catalog('incremental', ['skewed']);
    const first = await readOk({ config: config(), catalog: incremental });
    assertOnce(records(first), expected.get('skewed')!, 'the first incremental sync');
    assertStateMessages(first, ['skewed']);
    const last = states(first).at(-1).stream.stream_state;
    assert.equal(last.updates_scan, undefined, 'no scan left in progress');
    assert.ok(last.updates_cursor.ts > 0 && typeof last.updates_cursor.ref === 'string');
    const client = server.rootClient();
    for (const id of [SMALL[3]!, TOP]) await update(client, 'skewed', id, { touched: true });
    const [created] = await createDocuments(client, 'skewed', [{ late: true }]);
    expected.get('skewed')!.push(created!);
    const second = await readOk({ config: config(), catalog: incremental, state: nextState(first) });
    assertOnce(records(second), [SMALL[3]!, TOP, created!], 'the second sync');
    const third = await readOk({ config: config(), catalog: incremental, state: nextState(second) });
    assert.equal(records(third).length, 0);
  });

  test('streams read at once: all start before any ends, each with its own exact states', async () => {
    const names = ['alpha', 'beta', 'gamma'];
    const result = await readOk({ config: config(), catalog: await catalog('full_refresh', names) });
    for (const name of names) {
      assertOnce(records(result, name), expected.get(name)!, name);
      assert.deepEqual(statuses(result, name), ['STARTED', 'RUNNING', 'COMPLETE']);
    }
    assertStateMessages(result, names);
    const status = (m: Message): string | undefined =>
      m.type === 'TRACE' && m.trace.type === 'STREAM_STATUS' ? m.trace.stream_status.status : undefined;
    const lastStart = result.messages.map(status).lastIndexOf('STARTED');
    const firstEnd = result.messages.map(status).indexOf('COMPLETE');
    assert.ok(lastStart < firstEnd, 'every stream started before the first one completed');
  });

  test('one stream per budget slot: with max_concurrency 1 the streams run one after another', async () => {
    const names = ['alpha', 'beta'];
    const result = await readOk({
      config: config({ max_concurrency: 1 }),
      catalog: await catalog('full_refresh', names),
    });
    const order = result.messages.filter((m) => m.type === 'RECORD').map((m) => m.record.stream);
    assert.deepEqual(order, [...order].sort(), 'the records of one stream, then those of the next');
    assertStateMessages(result, names);
  });

  describe('SIGKILL at random points under concurrency, then resume from the last states', () => {
    // A seeded generator: the same kill points on every run.
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };

    /**
     * Runs a read and kills it after `after` RECORD lines. What the platform keeps of each stream:
     * its last STATE, the records before it, and whether that state ends a full refresh (`{}`).
     */
    async function killed(
      inputs: object,
      after: number,
    ): Promise<{ state: Message[]; covered: (name: string) => Message[]; finished: (name: string) => boolean }> {
      const running = spawnCli(['read'], inputs);
      let seen = 0;
      running.onMessage((message) => {
        if (message.type === 'RECORD' && ++seen === after) running.child.kill('SIGKILL');
      });
      const result: CliResult = await running.result;
      const { messages } = result;
      const lastState = (name: string): number =>
        messages.map((m) => m.type === 'STATE' && m.state.stream.stream_descriptor.name === name).lastIndexOf(true);
      return {
        state: nextState(result),
        covered: (name) =>
          messages
            .slice(0, lastState(name) + 1)
            .filter((m) => m.type === 'RECORD' && m.record.stream === name)
            .map((m) => m.record),
        finished: (name) =>
          lastState(name) >= 0 && Object.keys(messages[lastState(name)]!.state.stream.stream_state).length === 0,
      };
    }

    for (const mode of ['full_refresh', 'incremental'] as const) {
      test(`${mode}: every document arrives exactly once across the killed and the resumed read`, async () => {
        const names = ['skewed', 'alpha', 'beta'];
        const inputs = { config: config(), catalog: await catalog(mode, names) };
        for (let round = 0; round < 3; round++) {
          const total = names.reduce((n, name) => n + expected.get(name)!.length, 0);
          const { state, covered, finished } = await killed(inputs, 1 + random(total - 1));
          const resumed = await readOk({ ...inputs, state });
          for (const name of names) {
            // A full refresh whose final state was saved starts over: its resumed read is whole on its own.
            const before = mode === 'full_refresh' && finished(name) ? [] : covered(name);
            assertOnce([...before, ...records(resumed, name)], expected.get(name)!, `${name}, round ${round}`);
          }
        }
      });
    }
  });
});
