// FQL v10 catch-ups read the event feed as id ranges (`where(.id >= x && .id < y)` sources), their
// pages concurrently: every change lands once whichever range holds it, the state keeps a position
// per range (merged back to max_concurrency ranges), the one-cursor state of earlier versions still
// resumes, cut into ranges, and the documents created since the last sync are cut evenly whatever
// ids lie below them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Client } from 'fauna';
import { encodeCursor } from '../../../emulator/v10/feed/cursor.js';
import { runCli, type CliResult, type Message } from '../../helpers/cli.js';
import { advanceClock, tickPerQuery, withEmulator } from '../../helpers/emulator.js';
import { configuredCatalog, discoverCatalog, nextState, readOk, records, refs, states } from '../../helpers/sync.js';
import { createV10Collection, DELETIONS, fql, run, v10Client, v10Config } from './helpers.js';

interface Part {
  from?: string;
  to?: string;
  cursor?: string;
  start_ts?: number;
}

describe('FQL v10: the event feed read as id ranges', () => {
  const server = withEmulator();
  let client: Client;
  let config: object;
  let catalog: object;
  const ids: string[] = [];

  const create = async (i: number): Promise<string> =>
    ((await run(client, fql`ranged.create({ i: ${i} })`)) as unknown as { id: string }).id;
  /** The feed ranges of the last state of a sync. */
  const feedParts = (result: CliResult): Part[] => states(result).at(-1).stream.stream_state.feed.parts;
  const byId = ([a]: [string, string], [b]: [string, string]): number =>
    a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  /** Each record of a sync as [ref, what it says], in id order. */
  const changes = (result: CliResult): [string, string][] =>
    records(result)
      .map((r): [string, string] => [r.data.ref, r.data.deleted_at ? 'deleted' : `i=${r.data.data.i}`])
      .sort(byId);

  before(async () => {
    client = v10Client(server);
    await createV10Collection(client, 'ranged');
    for (let i = 0; i < 24; i++) ids.push(await create(i));
    config = v10Config(server, { name: 'ranged', deletions: DELETIONS }, { max_concurrency: 4 });
    catalog = configuredCatalog(await discoverCatalog(config), 'incremental');
  });
  after(() => client.close());

  let saved: Message[];
  test('a catch-up across id ranges lands every create, update and delete once', async () => {
    const first = await readOk({ config, catalog });
    assert.equal(records(first).length, ids.length);
    saved = nextState(first);
    const [whole, ...more] = feedParts(first);
    assert.ok(
      more.length === 0 && whole!.from === undefined && whole!.to === undefined && whole!.cursor !== undefined,
      'the feed from the snapshot just read is one range of every id until it proves busy',
    );

    const expected = new Map<string, string>();
    for (const id of ids.filter((_, i) => i % 4 === 1)) {
      await run(client, fql`ranged.byId(${id})!.update({ i: 100 })`);
      expected.set(id, 'i=100');
    }
    for (const id of ids.filter((_, i) => i % 6 === 2)) {
      await run(client, fql`ranged.byId(${id})!.delete()`);
      expected.set(id, 'deleted');
    }
    // One transaction writes in several ranges at once: its events share a time.
    await run(client, fql`[ranged.byId(${ids[0]!})!.update({ i: 200 }), ranged.byId(${ids[23]!})!.update({ i: 200 })]`);
    expected.set(ids[0]!, 'i=200').set(ids[23]!, 'i=200');
    const created = (await run(
      client,
      fql`Set.sequence(300, 306).toArray().map(i => ranged.create({ i: i }).id)`,
    )) as string[];
    created.forEach((id, i) => expected.set(id, `i=${300 + i}`));
    for (let i = 400; i < 404; i++) expected.set(await create(i), `i=${i}`);

    const catchUp = await readOk({ config, catalog, state: saved });
    assert.deepEqual(changes(catchUp), [...expected].sort(byId), 'each change once');
    const parts = feedParts(catchUp);
    assert.equal(parts.length, 4, 'the ranges polled to their end merged back to max_concurrency');
    assert.ok(
      parts.every((part) => part.cursor !== undefined || part.start_ts !== undefined),
      'a position per range',
    );
    assert.ok(parts.at(-1)!.cursor !== undefined, 'the range of the newest ids is not merged: it keeps its cursor');
    parts.slice(1).forEach((part, i) => assert.equal(part.from, parts[i]!.to, 'the ranges join, covering every id'));
    saved = nextState(catchUp);

    const idle = await readOk({ config, catalog, state: saved });
    assert.deepEqual(records(idle), [], 'nothing again');
  });

  test('the one-cursor state of earlier versions resumes, cut into ranges', async () => {
    const since = (await client.query(fql`ranged.byId(${ids[3]!})!.update({ i: 500 })`)).txn_ts!;
    const later = await create(501);
    await run(client, fql`ranged.byId(${ids[4]!})!.delete()`);
    // The cursor that ended a poll at `since`: the update at `since` was emitted by that poll.
    const old = [
      {
        type: 'STREAM',
        stream: {
          stream_descriptor: { name: 'ranged' },
          stream_state: {
            fql_version: '10',
            feed: { cursor: encodeCursor({ ts: since, ord: 0 }), through_ts: since },
          },
        },
      },
    ];
    const resumed = await readOk({ config, catalog, state: old });
    assert.deepEqual(changes(resumed), [
      [ids[4]!, 'deleted'],
      [later, 'i=501'],
    ]);
    assert.ok(feedParts(resumed).length > 1, 'the whole collection is cut into id ranges');
  });

  test('saved ranges that leave ids out, or a merged range whose emitted ids leave its own, are refused with the way out', async () => {
    const refused: [object[], RegExp][] = [
      [
        [
          { to: '5', start_ts: 1 },
          { from: '9', start_ts: 1 },
        ],
        /feed\.parts should be id ranges that cover every document id once/,
      ],
      [
        [
          { to: '500', start_ts: 1, emitted: [{ from: '400', to: '600', through_ts: 2 }] },
          { from: '500', start_ts: 1 },
        ],
        /feed\.parts\[0\]\.emitted\[0\] should be ids within its part's \(from: open, to: 500\)/,
      ],
    ];
    for (const [parts, message] of refused) {
      const broken = [
        {
          type: 'STREAM',
          stream: { stream_descriptor: { name: 'ranged' }, stream_state: { fql_version: '10', feed: { parts } } },
        },
      ];
      const result = await runCli(['read'], { config, catalog, state: broken });
      assert.equal(result.code, 1);
      const trace = result.messages.find((m) => m.type === 'TRACE' && m.trace.type === 'ERROR');
      assert.match(trace.trace.error.message, message);
      assert.match(trace.trace.error.message, /Reset the stream/);
    }
  });
});

describe('FQL v10: a catch-up cuts the ids of the documents created since the last sync', () => {
  const server = withEmulator();
  let client: Client;

  before(async () => {
    client = v10Client(server);
    await createV10Collection(client, 'grown');
  });
  after(() => client.close());

  /** The documents `created` fall in two of the ranges `parts` or more. */
  function assertSpread(parts: Part[], created: string[]): void {
    const holding = parts.filter((part) =>
      created.some(
        (id) =>
          (part.from === undefined || BigInt(id) >= BigInt(part.from)) &&
          (part.to === undefined || BigInt(id) < BigInt(part.to)),
      ),
    );
    assert.ok(holding.length >= 2, `the new documents in ${holding.length} of ${JSON.stringify(parts)}`);
  }

  test('the new documents are spread over several ranges, even far above ids the application chose', async () => {
    // Ids chosen far below the server's: cut by width alone, every new document would fall in the top range.
    for (let i = 0; i < 8; i++) await run(client, fql`grown.create({ id: ${String(1000 + i)}, i: ${i} })`);
    const since = (await client.query(fql`grown.byId("1000")!.update({ i: 100 })`)).txn_ts!;
    const created: string[] = [];
    for (let i = 0; i < 24; i++)
      created.push(((await run(client, fql`grown.create({ i: ${i} })`)) as { id: string }).id);
    const config = v10Config(server, { name: 'grown' }, { max_concurrency: 4 });
    const catalog = configuredCatalog(await discoverCatalog(config), 'incremental');
    // The state of a poll that ended at `since` (the one-cursor form of earlier versions).
    const state = [
      {
        type: 'STREAM',
        stream: {
          stream_descriptor: { name: 'grown' },
          stream_state: { fql_version: '10', feed: { cursor: encodeCursor({ ts: since, ord: 0 }), through_ts: since } },
        },
      },
    ];
    const catchUp = await readOk({ config, catalog, state });
    assert.deepEqual(
      refs(records(catchUp)),
      [...created].sort(),
      'each new document once, the update at the cursor not again',
    );
    const parts: Part[] = states(catchUp).at(-1).stream.stream_state.feed.parts;
    assertSpread(parts, created);
  });

  test('after a long first read, the new documents are cut from the time the read ended, not from its snapshot', async () => {
    await createV10Collection(client, 'long');
    for (let i = 0; i < 40; i++) await run(client, fql`long.create({ i: ${i} })`);
    const config = v10Config(server, { name: 'long', page_size: 4 }, { max_concurrency: 4 });
    const catalog = configuredCatalog(await discoverCatalog(config), 'incremental');
    // Each query of the first sync ages the server ten minutes: the read lasts hours after its snapshot.
    const stop = tickPerQuery(server, 'v10', 600_000_000);
    const first = await readOk({ config, catalog }).finally(stop);
    // A second of the server's time before each: the new documents span far more of it than the
    // moment between the end of the read and the first of them, however slow the machine.
    const created: string[] = [];
    for (let i = 0; i < 24; i++) {
      advanceClock(server, 1_000_000);
      created.push(((await run(client, fql`long.create({ i: ${i} })`)) as { id: string }).id);
    }
    const catchUp = await readOk({ config, catalog, state: nextState(first) });
    assert.deepEqual(refs(records(catchUp)), [...created].sort(), 'each new document once');
    // The ranges as planned, in the first checkpoint, before any is merged again.
    const parts: Part[] = states(catchUp)[0].stream.stream_state.feed.parts;
    assertSpread(parts, created);
  });
});
