// FQL v10 reads of a collection whose ids are bunched: the id ranges cut evenly over the ids are
// uneven, so a worker left without a range cuts the one still being read; the cut-off half starts
// with a range query at the read's snapshot, and a sync killed after a checkpoint that holds it
// resumes it there, every document read once.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Client } from 'fauna';
import { spawnCli } from '../../helpers/cli.js';
import { checkStatus } from '../../helpers/check.js';
import { assertDocumented } from '../../helpers/documented.js';
import { withEmulator } from '../../helpers/emulator.js';
import {
  configuredCatalog,
  discoverCatalog,
  errors,
  read,
  readOk,
  records,
  refs,
  states,
  statuses,
} from '../../helpers/sync.js';
import { createV10Collection, cutOffRanges, fql, run, snapshotParts, v10Client, v10Config } from './helpers.js';

const historyHidden = (collection: string): RegExp =>
  new RegExp(`^The key's role may read the documents of '${collection}' but not their history`);
const HISTORY_HIDDEN = historyHidden('bunched');

describe('FQL v10: a long id range is cut for an idle worker', () => {
  const server = withEmulator({ latencyMs: 20 });
  let client: Client;
  const ids: string[] = [];

  before(async () => {
    client = v10Client(server);
    await createV10Collection(client, 'bunched');
    // 24 documents at the bottom of the id space and one far above: the upper range holds one.
    for (const id of [...Array.from({ length: 24 }, (_, i) => String(1000 + i)), '900000000']) {
      await run(client, fql`bunched.create({ id: ${id}, n: ${Number(id)} })`);
      ids.push(id);
    }
  });
  after(() => client.close());

  const config = (): object => v10Config(server, { name: 'bunched', page_size: 2 }, { max_concurrency: 2 });
  /** A config whose key's role reads `collection` with `actions`, in ranges as `config()` cuts them. */
  const reader = async (
    name: string,
    collection: string,
    actions: Record<string, boolean>,
    maxConcurrency = 2,
  ): Promise<object> => {
    await run(
      client,
      fql`Role.create({ name: ${name}, privileges: [{ resource: "Collection", actions: { read: true } }, { resource: ${collection}, actions: ${actions} }] })`,
    );
    const { secret } = (await run(client, fql`Key.create({ role: ${name} })`)) as { secret: string };
    return v10Config(server, { name: collection, page_size: 2 }, { max_concurrency: maxConcurrency, secret });
  };

  test('every document once; a checkpoint holds the cut-off range, and a resume from it reads the rest once', async () => {
    const catalog = configuredCatalog(await discoverCatalog(config()), 'full_refresh');
    const whole = await readOk({ config: config(), catalog });
    assert.deepEqual(refs(records(whole)), [...ids].sort());
    const cut = states(whole).findIndex(cutOffRanges());
    assert.ok(
      cut >= 0,
      `a range cut off and not started in a checkpoint: ${JSON.stringify(states(whole).map(snapshotParts))}`,
    );

    // Killed at that checkpoint, then resumed from it (messages may follow it before the kill lands).
    const running = spawnCli(['read'], { config: config(), catalog });
    const cutOff = cutOffRanges();
    running.onMessage((message) => {
      if (message.type === 'STATE' && cutOff(message.state)) running.child.kill('SIGKILL');
    });
    const killed = await running.result;
    assert.equal(killed.signal, 'SIGKILL');
    const seen = cutOffRanges();
    const at = killed.messages.findIndex((m) => m.type === 'STATE' && seen(m.state));
    assert.ok(at >= 0, 'the killed read checkpointed a cut-off range');
    const covered = killed.messages
      .slice(0, at)
      .filter((m) => m.type === 'RECORD')
      .map((m) => m.record);
    const state = [{ type: 'STREAM', stream: killed.messages[at].state.stream }];
    await run(client, fql`bunched.create({ id: "1500", late: true })`);
    const resumed = await readOk({ config: config(), catalog, state });
    assert.deepEqual(
      [...refs(covered), ...refs(records(resumed))].sort(),
      [...ids].sort(),
      'every document of the snapshot once',
    );
  });

  test('a role with history_read reads every document; one without fails, saying what to grant', async () => {
    const history = await reader('history_reader', 'bunched', { read: true, history_read: true });
    const catalog = configuredCatalog(await discoverCatalog(history), 'full_refresh');
    const live = (await run(client, fql`bunched.all().map(.id).toArray()`)) as string[];
    assert.deepEqual(refs(records(await readOk({ config: history, catalog }))), live.sort());

    const plain = await reader('plain_reader', 'bunched', { read: true });
    const result = await read({ config: plain, catalog });
    assert.equal(result.code, 1);
    const [error] = errors(result);
    assert.equal(error.failure_type, 'config_error');
    assert.match(error.message, HISTORY_HIDDEN);
    assertDocumented(error.message, 'v10 role without history_read');
    assert.deepEqual(statuses(result, 'bunched'), ['STARTED', 'RUNNING', 'INCOMPLETE']);

    // check says so before any read; the role with history_read passes.
    assert.equal((await checkStatus(history)).status.status, 'SUCCEEDED');
    const { status } = await checkStatus(plain);
    assert.equal(status.status, 'FAILED');
    assert.match(status.message!, HISTORY_HIDDEN);

    // A resumed read whose ranges have no cursor yet: their first pages, asked at the snapshot,
    // come back empty as if the ranges were; the read fails rather than end there.
    const whole = await readOk({ config: history, catalog });
    const saved = states(whole).find((state) => snapshotParts(state).length > 1)!;
    const { stream_state } = saved.stream;
    const uncursored = {
      ...stream_state,
      snapshot: { ...stream_state.snapshot, parts: snapshotParts(saved).map(({ after: _, ...part }) => part) },
    };
    const state = [{ type: 'STREAM', stream: { ...saved.stream, stream_state: uncursored } }];
    const resumed = await read({ config: plain, catalog, state });
    assert.equal(resumed.code, 1);
    assert.match(errors(resumed)[0].message, HISTORY_HIDDEN);
    assert.deepEqual(records(resumed), [], 'no range read as empty');
  });

  test('a range that holds no document is read as empty by a role with history_read, never by one without', async () => {
    await createV10Collection(client, 'gapped');
    // The ids after the first page, cut in three ranges: the middle one holds none.
    const ids = [...Array.from({ length: 6 }, (_, i) => String(1000 + i)), '900000000', '900000001'];
    for (const id of ids) await run(client, fql`gapped.create({ id: ${id} })`);
    const history = await reader('gapped_history', 'gapped', { read: true, history_read: true }, 3);
    const catalog = configuredCatalog(await discoverCatalog(history), 'full_refresh');
    const whole = await readOk({ config: history, catalog });
    assert.deepEqual(refs(records(whole)), [...ids].sort(), 'every document once');
    const ranges = snapshotParts(states(whole)[0]!);
    assert.equal(ranges.length, 3, `three ranges after the first page: ${JSON.stringify(ranges)}`);
    const [, empty] = ranges;
    assert.ok(
      ids.every((id) => BigInt(id) < BigInt(empty!.from!) || BigInt(id) > BigInt(empty!.to!)),
      `the middle range holds no document: ${JSON.stringify(empty)}`,
    );

    const plain = await reader('gapped_plain', 'gapped', { read: true }, 3);
    const result = await read({ config: plain, catalog });
    assert.equal(result.code, 1);
    const [error] = errors(result);
    assert.equal(error.failure_type, 'config_error');
    assert.match(error.message, historyHidden('gapped'));
    assert.deepEqual(statuses(result, 'gapped'), ['STARTED', 'RUNNING', 'INCOMPLETE']);

    // Resumed with the empty range alone: its empty first page is all there is to tell the roles apart.
    const saved = states(whole)[0]!.stream;
    const state = [
      {
        type: 'STREAM',
        stream: {
          ...saved,
          stream_state: { ...saved.stream_state, snapshot: { ...saved.stream_state.snapshot, parts: [empty] } },
        },
      },
    ];
    assert.deepEqual(records(await readOk({ config: history, catalog, state })), [], 'the empty range, read as empty');
    const hidden = await read({ config: plain, catalog, state });
    assert.equal(hidden.code, 1, 'never a silent end');
    assert.equal(errors(hidden)[0].failure_type, 'config_error');
    assert.match(errors(hidden)[0].message, historyHidden('gapped'));
  });
});
