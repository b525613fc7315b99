// `npm run bench`, FQL v10 rows (issue 12): the connector through its real CLI at the spec's
// defaults, in FQL v10 mode next to FQL v4 mode on the same in-process local server and the same
// documents, at 0 ms and 50 ms latency:
// - full refresh of 200,000 documents;
// - catch-up of 100,000 changes: after a first incremental sync, 100,000 documents are created,
//   and the next incremental sync brings them: from the event feed in v10 mode, from the
//   [ts, ref] index in v4 mode (the same sync, from the same state, once per round);
// - a later catch-up of 100,000 changes: the same after four syncs in a row, each after documents
//   were created and every document updated, so that the v10 state has cut (and merged) its feed
//   ranges as often as catch-ups do;
// - 1,000,000 documents at 0 ms in v10 mode: the first incremental sync (the full read at a
//   snapshot), then the catch-up of 100,000 changes from the feed: exact counts and peak RSS.
//
// usage: node dist/bench/read-v10.js [--scale F] [--rounds R]   (F < 1 shrinks every size, for a quick
// look; R full refreshes of each API, 3 by default, the best of each kept; R catch-ups of each API
// from the same state, the median of each kept)
import { parseArgs } from 'node:util';
import faunadb from 'faunadb';
import type { RunningEmulator } from '../emulator/index.js';
import { SECRET, loadDocuments } from './bench-data.js';
import {
  address,
  count,
  exact,
  peakRss,
  InputFiles,
  rate,
  ratio,
  seconds,
  Table,
  withServer,
  type SyncMode,
} from './cli-inputs.js';
import { measureNode, type Measured } from './measure.js';

const { values } = parseArgs({
  options: { scale: { type: 'string', default: '1' }, rounds: { type: 'string', default: '3' } },
});
const scale = Number(values.scale);
// The machine's load moves both times: the full refreshes and the catch-ups alternate over rounds,
// each keeping its best (full refreshes) or its median (catch-ups), so that a slow moment does not
// decide the ratio.
const ROUNDS = Number(values.rounds);
const sized = (n: number) => Math.max(1, Math.round(n * scale));
const FULL = sized(200_000);
const CHANGES = sized(100_000);
const HUGE = sized(1_000_000);
const BASE = 1000;

type Api = '4' | '10';
const files = new InputFiles('bench-read-v10-');

function inputs(emulator: RunningEmulator, api: Api, stream: string, mode: SyncMode, state?: unknown): string[] {
  const config = files.json({ ...address(emulator), fql_version: api });
  return [
    '--config',
    config,
    '--catalog',
    files.catalog([stream], mode),
    ...(state === undefined ? [] : ['--state', files.json(state)]),
  ];
}

/** The state the platform keeps after a sync, for the next one. */
function stateAfter(m: Measured, what: string): unknown {
  if (m.lastState === undefined) throw new Error(`${what} ended without a state`);
  return [{ type: 'STREAM', stream: (JSON.parse(m.lastState) as { state: { stream: unknown } }).state.stream }];
}

/** Every document of `collection` updated through the engine (set-up, not measured). */
function updateAll(emulator: RunningEmulator, collection: string): void {
  const q = faunadb.query;
  const response = emulator.engine.query({
    secret: SECRET,
    body: JSON.stringify(
      q.Foreach(
        q.Paginate(q.Documents(q.Collection(collection)), { size: 100_000 }),
        q.Lambda('ref', q.Update(q.Var('ref'), { data: { updated: true } })),
      ),
    ),
  });
  if (response.status >= 300)
    throw new Error(`updating ${collection} failed: ${response.status} ${response.body.slice(0, 300)}`);
}

/** `total` more documents, created through the engine (set-up, not measured). */
function createMore(emulator: RunningEmulator, collection: string, total: number): void {
  const q = faunadb.query;
  for (let start = 0; start < total; start += 1000) {
    const batch = Array.from({ length: Math.min(1000, total - start) }, (_, i) => ({
      name: `change-${start + i}`,
      n: start + i,
    }));
    const response = emulator.engine.query({
      secret: SECRET,
      body: JSON.stringify(q.Map(batch, q.Lambda('d', q.Create(q.Collection(collection), { data: q.Var('d') })))),
    });
    if (response.status >= 300)
      throw new Error(`creating the changes failed: ${response.status} ${response.body.slice(0, 300)}`);
  }
}

const table = new Table();
const s = seconds;
const cli = (args: string[]) => measureNode(['bin/source-fauna.js', 'read', ...args], 'airbyte');
/** Runs `a` then `b`, ROUNDS times; returns the fastest run of each. */
async function bestOf(a: () => Promise<Measured>, b: () => Promise<Measured>): Promise<[Measured, Measured]> {
  let best: [Measured, Measured] | undefined;
  for (let round = 0; round < ROUNDS; round++) {
    const [x, y] = [await a(), await b()];
    best =
      best === undefined
        ? [x, y]
        : [x.seconds < best[0].seconds ? x : best[0], y.seconds < best[1].seconds ? y : best[1]];
  }
  return best!;
}
/**
 * Runs `a` then `b`, ROUNDS times; returns the run of median time of each (the upper one of an even
 * count). A catch-up reads the same changes from the same state every round: the median is the
 * typical run of each on this machine, which a moment of load on either side does not move.
 */
async function medianOf(a: () => Promise<Measured>, b: () => Promise<Measured>): Promise<[Measured, Measured]> {
  const runs: [Measured[], Measured[]] = [[], []];
  for (let round = 0; round < ROUNDS; round++) {
    runs[0].push(await a());
    runs[1].push(await b());
  }
  const median = (ms: Measured[]) => [...ms].sort((x, y) => x.seconds - y.seconds)[ms.length >> 1]!;
  return [median(runs[0]), median(runs[1])];
}
/** A sync run to its end (set-up, not reported); returns the state the platform would keep. */
const syncState = async (emulator: RunningEmulator, api: Api, stream: string, state?: unknown) =>
  stateAfter(await cli(inputs(emulator, api, stream, 'incremental', state)), `an incremental sync of ${stream}`);

/**
 * The median catch-up of `CHANGES` created documents of `stream` in each API from `states`, as a
 * row of the table.
 */
async function catchUpRow(
  emulator: RunningEmulator,
  stream: string,
  states: Record<Api, unknown>,
  what: string,
): Promise<void> {
  createMore(emulator, stream, CHANGES);
  const catchUp = (api: Api) => async () =>
    exact(await cli(inputs(emulator, api, stream, 'incremental', states[api])), CHANGES, `v${api} ${what}`);
  const [v4, v10] = await medianOf(catchUp('4'), catchUp('10'));
  table.row(
    what,
    `v10 feed: ${s(v10)} (${rate(v10)})`,
    `v4 index: ${s(v4)} (${rate(v4)})`,
    `v10 / v4 time: ${ratio(v10.seconds, v4.seconds)}`,
  );
}

/** The number of feed ranges a v10 state keeps. */
const feedRanges = (state: unknown): number =>
  (state as [{ stream: { stream_state: { feed: { parts: unknown[] } } } }])[0].stream.stream_state.feed.parts.length;

try {
  console.log(`read-v10: scale ${scale}`);
  for (const latency of [0, 50]) {
    await withServer(latency, async (emulator) => {
      loadDocuments(emulator, 'large', FULL);
      const full = (api: Api) => async () =>
        exact(await cli(inputs(emulator, api, 'large', 'full_refresh')), FULL, `v${api} full refresh at ${latency} ms`);
      const [v4, v10] = await bestOf(full('4'), full('10'));
      table.row(
        `full refresh, ${count(FULL)} docs, ${latency} ms`,
        `v10: ${s(v10)} (${rate(v10)})`,
        `v4: ${s(v4)} (${rate(v4)})`,
        `v10 / v4 time: ${ratio(v10.seconds, v4.seconds)}`,
      );

      loadDocuments(emulator, 'changing', BASE, true);
      const states = {
        '4': await syncState(emulator, '4', 'changing'),
        '10': await syncState(emulator, '10', 'changing'),
      };
      await catchUpRow(emulator, 'changing', states, `catch-up of ${count(CHANGES)} changes, ${latency} ms`);

      loadDocuments(emulator, 'later', BASE, true);
      const later = { '4': await syncState(emulator, '4', 'later'), '10': await syncState(emulator, '10', 'later') };
      for (let sync = 0; sync < 4; sync++) {
        createMore(emulator, 'later', sized(2000));
        updateAll(emulator, 'later');
        for (const api of ['4', '10'] as const) later[api] = await syncState(emulator, api, 'later', later[api]);
      }
      await catchUpRow(
        emulator,
        'later',
        later,
        `later catch-up of ${count(CHANGES)} changes (${feedRanges(later['10'])} feed ranges kept), ${latency} ms`,
      );
    });
  }
  await withServer(0, async (emulator) => {
    loadDocuments(emulator, 'huge', HUGE);
    const first = exact(
      await cli(inputs(emulator, '10', 'huge', 'incremental')),
      HUGE,
      'v10 first incremental sync of the huge collection',
    );
    createMore(emulator, 'huge', CHANGES);
    const catchUp = exact(
      await cli(
        inputs(emulator, '10', 'huge', 'incremental', stateAfter(first, 'the v10 full read of the huge collection')),
      ),
      CHANGES,
      'v10 catch-up of the huge collection',
    );
    table.row(
      `v10 full read then catch-up, ${count(HUGE)} docs + ${count(CHANGES)} changes, 0 ms`,
      `full read: ${s(first)}, exact, peak RSS ${peakRss(first)}`,
      `catch-up: ${s(catchUp)}, exact, peak RSS ${peakRss(catchUp)}`,
      'goal exact, <= 250 MB each',
    );
  });
  table.print('read-v10 (FQL v10 mode next to FQL v4 mode, same server and documents, spec defaults):');
} finally {
  files.close();
}
