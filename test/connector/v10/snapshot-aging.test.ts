// FQL v10 reads of the whole collection that outlive their snapshot (history_days 0: 15 minutes
// of history). The server's clock moves on at every query, as a long read sees it. Before a
// snapshot is half that old, the ranges left move to a newer one, after the feed caught up; a
// snapshot that aged out anyway (a pause) moves on too, with a warning. Nothing is read twice in
// one snapshot, nothing is lost, and the read never starts over.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Client } from 'fauna';
import { fullRefreshPastRetention, logs, MINUTE } from '../../helpers/aging.js';
import { spawnCli, type CliResult, type Message } from '../../helpers/cli.js';
import { assertDocumented } from '../../helpers/documented.js';
import { advanceClock, tickPerQuery, withEmulator } from '../../helpers/emulator.js';
import {
  configuredCatalog,
  discoverCatalog,
  errors,
  latestByRef,
  nextState,
  readOk,
  readWritingAhead,
  records,
  refs,
  states,
} from '../../helpers/sync.js';
import { createV10Collection, cutOffRanges, DELETIONS, fql, run, v10Client, v10Config } from './helpers.js';

describe('FQL v10: reads that outlive their snapshot', () => {
  // Latency keeps a read running while the test moves the clock at its checkpoints.
  const server = withEmulator({ latencyMs: 20 });
  let client: Client;

  const createDocuments = async (collection: string, count: number): Promise<string[]> => {
    await createV10Collection(client, collection, 0);
    const query = fql`Set.sequence(0, ${count}).toArray().map(i => Collection(${collection}).create({ i: i, version: 1 }).id)`;
    return (await run(client, query)) as string[];
  };

  before(() => {
    client = v10Client(server);
  });
  after(() => client.close());

  test('incremental: the read moves to newer snapshots after the feed caught up; every change arrives by the next sync', async () => {
    const ids = await createDocuments('long', 1000);
    const config = v10Config(server, { name: 'long', page_size: 1, deletions: DELETIONS }, { max_concurrency: 1 });
    const catalog = configuredCatalog(await discoverCatalog(config), 'incremental');
    // Two minutes per query: without a move, the snapshot would age out at the eighth.
    const stop = tickPerQuery(server, 'v10', 2 * MINUTE);
    const { result, recordsBeforeWrite, deleted } = await readWritingAhead(
      server,
      { config, catalog },
      'long',
      ids,
    ).finally(stop);
    assert.equal(result.code, 0, result.stdout.slice(-2000));
    assert.ok(recordsBeforeWrite > 0 && recordsBeforeWrite < ids.length - 2, 'the writes happened mid-read');
    const moves = logs(result, 'INFO', /^long: moving the read from snapshot \d+ to snapshot \d+/);
    assert.ok(moves.length >= 1, 'the read moved to a newer snapshot');
    assertDocumented(moves[0], 'v10 snapshot moved before it ages out');
    assert.deepEqual(logs(result, 'WARN', /./), [], 'no snapshot aged out, no feed was too old');

    const emitted = new Set(refs(records(result)));
    assert.ok(
      ids.every((id) => id === deleted || emitted.has(id)),
      'every document of the collection, none skipped by a move',
    );
    const snapshots = new Set<number>();
    for (const state of states(result)) {
      const { snapshot, feed } = state.stream.stream_state;
      if (snapshot === undefined) continue;
      snapshots.add(snapshot.ts);
      assert.ok(
        snapshot.parts.every((part: { from?: string }) => part.from !== undefined),
        'each range left says the ids it has left',
      );
      assert.ok(
        feed.parts.length > 0 &&
          feed.parts.every(
            (part: { cursor?: string; start_ts?: number }) =>
              part.cursor !== undefined || part.start_ts! <= snapshot.ts,
          ),
        'the feed resumes no later than the snapshot',
      );
    }
    assert.ok(snapshots.size >= 2, 'the checkpoints follow the read to its newer snapshot');

    // A checkpoint taken after a move resumes, at its snapshot.
    const moved = states(result)
      .filter((s) => s.stream.stream_state.snapshot !== undefined)
      .at(-1);
    const resumed = await readOk({ config, catalog, state: [{ type: 'STREAM', stream: moved.stream }] });
    assert.deepEqual(logs(resumed, 'WARN', /./), []);

    const next = await readOk({ config, catalog, state: nextState(result) });
    const latest = latestByRef(result, next);
    const live = (await run(client, fql`long.all().toArray().map(d => [d.id, d.version])`)) as [string, number][];
    assert.deepEqual(
      [...latest]
        .filter(([, record]) => record.deleted_at === undefined)
        .map(([ref, record]) => [ref, record.data?.version])
        .sort(),
      live.sort(),
      'the latest version of every document',
    );
    assert.ok(latest.get(deleted)?.deleted_at, 'the deletion');
    assert.equal(latest.get(ids[0]!)?.data?.version, 2, 'the update of a document read before it');
  });

  test('full refresh: a snapshot that aged out during the read goes on from the last document read, at a new one', async () => {
    const ids = await createDocuments('paused', 60);
    await fullRefreshPastRetention(
      server,
      v10Config(server, { name: 'paused', page_size: 1 }, { max_concurrency: 2 }),
      ids,
      'v10 snapshot aged out during the read',
    );
  });

  test('full refresh: a range cut off by an idle worker moves to the newer snapshot with the others', async () => {
    // Bunched ids: the upper range holds one document, so its worker cuts the lower one.
    const ids = await createDocuments('bunched', 300);
    // One more, as far above the others as they spread: the lower of two even ranges holds them all.
    const [first, last] = [BigInt(ids[0]!), BigInt(ids.at(-1)!)];
    const high = String(last + (last - first) + 1n);
    ids.push((await run(client, fql`bunched.create({ id: ${high} }).id`)) as string);
    const config = v10Config(server, { name: 'bunched', page_size: 2 }, { max_concurrency: 2 });
    const catalog = configuredCatalog(await discoverCatalog(config), 'full_refresh');
    const stop = tickPerQuery(server, 'v10', 2 * MINUTE);
    const result = await readOk({ config, catalog }).finally(stop);
    assert.ok(states(result).some(cutOffRanges()), 'a range was cut (a cut-off half starts without a cursor)');
    assert.ok(logs(result, 'INFO', /^bunched: moving the read from snapshot/).length >= 1, 'the read moved');
    assert.deepEqual([...new Set(refs(records(result)))].sort(), [...ids].sort());
  });

  test('incremental: after a pause longer than the history, the feed no longer reaches the read; the stream fails, or with continue reads again in full', async () => {
    const ids = await createDocuments('gap', 40);
    const fail = v10Config(server, { name: 'gap', page_size: 1, deletions: DELETIONS }, { max_concurrency: 1 });
    const proceed = v10Config(
      server,
      { name: 'gap', page_size: 1, deletions: { ...DELETIONS, invalid_cursor_behavior: 'continue' } },
      { max_concurrency: 1 },
    );
    const catalog = configuredCatalog(await discoverCatalog(fail), 'incremental');
    const pausedRead = async (config: object): Promise<CliResult> => {
      const running = spawnCli(['read'], { config, catalog });
      let checkpoints = 0;
      running.onMessage((message: Message) => {
        if (message.type === 'STATE' && ++checkpoints === 2) advanceClock(server, 20 * MINUTE);
      });
      return running.result;
    };

    const failed = await pausedRead(fail);
    assert.equal(failed.code, 1);
    assert.match(errors(failed)[0].message, /^The event feed of 'gap' no longer reaches the last sync/);

    const again = await pausedRead(proceed);
    assert.equal(again.code, 0, again.stdout.slice(-2000));
    const warnings = logs(again, 'WARN', /./);
    assert.match(
      warnings[0]!,
      /^gap: the event feed no longer reaches the last sync .*reading the whole collection again/,
    );
    const emitted = new Set(refs(records(again)));
    assert.ok(
      ids.every((id) => emitted.has(id)),
      'every document, read again in full at a new snapshot',
    );
    assert.ok(states(again).at(-1).stream.stream_state.feed, 'the feed goes on from there');
  });
});

describe('FQL v10: a server whose history is shorter than the read', () => {
  // A minute of history beyond history_days 0 (not the docs' 15), and the clock 10 s on at every
  // query of the read: reading 1,500 documents takes longer. The server's clock decides, not the
  // machine's speed: the seconds a busy machine adds are few beside the minute.
  const server = withEmulator({ historyGraceMs: 60_000 });
  let client: Client;
  before(() => {
    client = v10Client(server);
  });
  after(() => client.close());

  test('the connector learns the retention from the server and moves the read in time', async () => {
    await createV10Collection(client, 'brief', 0);
    const ids = (await run(
      client,
      fql`Set.sequence(0, 1500).toArray().map(i => brief.create({ i: i }).id)`,
    )) as string[];
    const config = v10Config(server, { name: 'brief', page_size: 1, deletions: DELETIONS }, { max_concurrency: 1 });
    const catalog = configuredCatalog(await discoverCatalog(config), 'incremental');
    const stop = tickPerQuery(server, 'v10', 10_000_000);
    const result = await readOk({ config, catalog }).finally(stop);
    const messages = (level: string): string[] =>
      result.messages.filter((m) => m.type === 'LOG' && m.log.level === level).map((m) => m.log.message);
    assert.ok(
      messages('INFO').some((message) => /^brief: moving the read from snapshot/.test(message)),
      'the read moved to a newer snapshot',
    );
    assert.deepEqual(messages('WARN'), [], 'no snapshot aged out');
    assert.deepEqual(refs(records(result)), [...ids].sort());
  });
});
