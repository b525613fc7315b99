// FQL v10 feed ranges merged across syncs (src/source/v10/feed-merge.ts): at max_concurrency 2
// the state keeps two ranges, so every catch-up cuts its new documents off and the ranges polled
// to their end are merged again. A merged range starts from the earlier of its parts' times: a
// write made while a sync runs, after one range's last poll and before another's, was emitted by
// the later range only, and must not come again from the merged one. Every change lands once over
// the syncs, and so it does when a sync is resumed from a merged range's checkpoint.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Client } from 'fauna';
import { encodeCursor } from '../../../emulator/v10/feed/cursor.js';
import { advanceClock, withEmulator } from '../../helpers/emulator.js';
import type { CliResult, Message } from '../../helpers/cli.js';
import { configuredCatalog, discoverCatalog, nextState, readOk, records, states } from '../../helpers/sync.js';
import { createV10Collection, DELETIONS, fql, run, v10Client, v10Config } from './helpers.js';

interface Part {
  cursor?: string;
  start_ts?: number;
  emitted?: { from?: string; to?: string; through_ts: number }[];
}

describe('FQL v10: feed ranges merged across syncs', () => {
  const server = withEmulator();
  let client: Client;
  let config: object;
  let catalog: object;
  let stamp = 0;
  const ids: string[] = [];

  /** Each record as what it says: the document's stamp, or its deletion. */
  const changes = (result: CliResult): string[] =>
    records(result).map((r) => `${r.data.ref} ${r.data.deleted_at ? 'deleted' : `v=${r.data.data.v}`}`);
  const feedParts = (state: Message): Part[] => state.stream.stream_state.feed?.parts ?? [];

  /**
   * A read during which, as soon as the server answers the first page that ends a poll, every
   * document gets a new stamp in one transaction: ranges polled to their end before it see it in
   * the next sync, the others in this one.
   */
  async function readWritingMidway(state: Message[], expected: string[]): Promise<CliResult> {
    const engine = server.emulator().engine;
    const [feed, query] = [engine.v10Feed, engine.v10Query];
    const v = ++stamp;
    let written = false;
    engine.v10Feed = (request) => {
      const reply = feed.call(engine, request);
      if (!written && reply.body.includes('"has_next":false')) {
        written = true;
        const body = JSON.stringify({ query: `merged.all().forEach(doc => doc.update({ v: ${v} }))` });
        const answer = query.call(engine, { ...request, body });
        assert.equal(answer.status, 200, answer.body);
        for (const id of ids) expected.push(`${id} v=${v}`);
      }
      return reply;
    };
    try {
      return await readOk({ config, catalog, state });
    } finally {
      [engine.v10Feed, engine.v10Query] = [feed, query];
    }
  }

  /** Creates, updates and deletes spread over the ids, between two syncs. */
  async function changeSpread(expected: string[]): Promise<void> {
    for (let i = 0; i < 3; i++) {
      const v = ++stamp;
      const id = ((await run(client, fql`merged.create({ v: ${v} })`)) as unknown as { id: string }).id;
      ids.push(id);
      expected.push(`${id} v=${v}`);
    }
    const v = ++stamp;
    const updated = ids.filter((_, i) => i % 5 === stamp % 5);
    await run(client, fql`${updated}.map(id => merged.byId(id)!.update({ v: ${v} }))`);
    for (const id of updated) expected.push(`${id} v=${v}`);
    const deleted = ids.splice(1 + (stamp % (ids.length - 1)), 1)[0]!;
    await run(client, fql`merged.byId(${deleted})!.delete()`);
    expected.push(`${deleted} deleted`);
  }

  before(async () => {
    client = v10Client(server);
    await createV10Collection(client, 'merged');
    for (let i = 0; i < 16; i++) {
      const v = ++stamp;
      ids.push(((await run(client, fql`merged.create({ v: ${v} })`)) as unknown as { id: string }).id);
    }
    config = v10Config(server, { name: 'merged', deletions: DELETIONS, page_size: 1 }, { max_concurrency: 2 });
    catalog = configuredCatalog(await discoverCatalog(config), 'incremental');
  });
  after(() => client.close());

  let saved: Message[];
  let mergedMidway: { state: Message[]; before: string[]; after: string[] } | undefined;

  test('syncs with changes between and during them: every change once, ranges merged back to max_concurrency', async () => {
    const first = await readOk({ config, catalog });
    assert.equal(records(first).length, ids.length);
    saved = nextState(first);
    const expected: string[] = [];
    const emitted: string[] = [];
    let skipping = 0;
    for (let sync = 0; sync < 4; sync++) {
      await changeSpread(expected);
      const result = await readWritingMidway(saved, expected);
      mergedMidway ??= midwayCheckpoint(result, emitted);
      emitted.push(...changes(result));
      const last = states(result).at(-1);
      assert.ok(feedParts(last).length <= 2, `merged back to max_concurrency: ${JSON.stringify(feedParts(last))}`);
      skipping += feedParts(last).filter((part) => part.emitted !== undefined).length;
      saved = nextState(result);
    }
    // The last write during a sync reaches the ranges polled before it now.
    const rest = await readOk({ config, catalog, state: saved });
    emitted.push(...changes(rest));
    assert.deepEqual(emitted.sort(), expected.sort(), 'each change once, none lost');
    assert.ok(skipping > 0, 'a merged range kept the times its parts emitted events through');
    saved = nextState(rest);
    assert.deepEqual(records(await readOk({ config, catalog, state: saved })), [], 'nothing again');
  });

  /**
   * The first checkpoint of `result` that saves a merged range in the middle of its poll (a
   * cursor, with what its parts emitted), with the changes emitted before it (since the first
   * sync: `earlier` holds those of the syncs before) and after it.
   */
  function midwayCheckpoint(
    result: CliResult,
    earlier: string[],
  ): { state: Message[]; before: string[]; after: string[] } | undefined {
    const at = result.messages.findIndex(
      (m) =>
        m.type === 'STATE' &&
        feedParts(m.state).some((part) => part.cursor !== undefined && part.emitted !== undefined),
    );
    if (at < 0) return undefined;
    const changed = (messages: Message[]): string[] => changes({ ...result, messages });
    return {
      state: [{ type: 'STREAM', stream: result.messages[at].state.stream }],
      before: [...earlier, ...changed(result.messages.slice(0, at))],
      after: changed(result.messages.slice(at)),
    };
  }

  test('a sync resumed from the checkpoint of a merged range in the middle of its poll emits the rest once', async () => {
    assert.ok(mergedMidway !== undefined, 'a checkpoint saved a merged range in the middle of its poll');
    // What the sync emitted after that checkpoint, and the changes of the syncs that followed it.
    const later = changes(await readOk({ config, catalog, state: mergedMidway.state }));
    const since = new Set(later);
    for (const change of mergedMidway.after) assert.ok(since.has(change), `${change} again after the resume`);
    for (const change of mergedMidway.before) {
      assert.ok(!since.has(change), `${change} emitted before the checkpoint, not again`);
    }
    assert.equal(since.size, later.length, 'no change twice');
  });
});

describe('FQL v10: a merged range cut at a higher max_concurrency', () => {
  const server = withEmulator();
  let client: Client;
  after(() => client?.close());

  test('each piece keeps what the merged parts emitted within its own ids: skipped there, read elsewhere', async () => {
    client = v10Client(server);
    await createV10Collection(client, 'clip');
    // A second of the server's time apart, so that cuts by id width fall between documents.
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      advanceClock(server, 1_000_000);
      ids.push(((await run(client, fql`clip.create({ v: 0 })`)) as unknown as { id: string }).id);
    }
    const txnTs = async (query: ReturnType<typeof fql>): Promise<number> => (await client.query(query)).txn_ts!;
    const start = await txnTs(fql`clip.all().count()`);
    // A merged part [first, ids[8]) from `start`, whose upper half [ids[4], ids[8]) had emitted the update at `written`.
    const written = await txnTs(fql`${ids.slice(0, 8)}.map(id => clip.byId(id)!.update({ v: 1 }))`);
    await txnTs(fql`${ids}.map(id => clip.byId(id)!.update({ v: 2 }))`);
    const state = [
      {
        type: 'STREAM',
        stream: {
          stream_descriptor: { name: 'clip' },
          stream_state: {
            fql_version: '10',
            feed: {
              parts: [
                { to: ids[8], start_ts: start, emitted: [{ from: ids[4], to: ids[8], through_ts: written }] },
                { from: ids[8], cursor: encodeCursor({ ts: written, ord: 0 }), through_ts: written },
              ],
            },
          },
        },
      },
    ];
    const config = v10Config(server, { name: 'clip' }, { max_concurrency: 4 });
    const catalog = configuredCatalog(await discoverCatalog(config), 'incremental');
    const result = await readOk({ config, catalog, state });
    const pieces = (states(result)[0].stream.stream_state.feed.parts as { to?: string }[]).filter(
      (part) => part.to !== undefined && BigInt(part.to) <= BigInt(ids[8]!),
    );
    assert.ok(pieces.length >= 3, `the merged part was cut: ${JSON.stringify(pieces)}`);
    assert.deepEqual(
      records(result)
        .map((r) => `${r.data.ref} v=${r.data.data.v}`)
        .sort(),
      [...ids.slice(0, 4).map((id) => `${id} v=1`), ...ids.map((id) => `${id} v=2`)].sort(),
    );
  });
});
