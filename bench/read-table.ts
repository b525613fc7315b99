// `npm run bench`, second part: the table of issue 7, in one run against in-process local servers
// (`--port 0`), with the connector run through its real CLI at the spec's defaults (no
// page_size, no max_concurrency) unless a row says otherwise:
// - full refresh of 200,000 documents at 0 ms and at 50 ms latency, and their ratio;
// - 20,000 documents at 50 ms, at the defaults and at page_size 64, each against Airbyte's
//   Python connector 0.1.10 on the same server when bench/setup-python-peer.sh installed it;
// - 300 collections of one document each at 50 ms, all in one full refresh;
// - 1,000,000 documents at 0 ms, full refresh and incremental: exact count and peak RSS;
// - CPU per record of that full refresh against the floor (full-refresh-floor.ts).
//
// usage: node dist/bench/read-table.js [--scale F]   (F < 1 shrinks every size, for a quick look)
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { RunningEmulator } from '../emulator/index.js';
import { SECRET, loadDocuments, loadSmallCollections } from './bench-data.js';
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
import { measureCommand, measureNode, root, type Measured } from './measure.js';

const { values } = parseArgs({ options: { scale: { type: 'string', default: '1' } } });
const scale = Number(values.scale);
const sized = (n: number) => Math.max(1, Math.round(n * scale));
const LARGE = sized(200_000);
const MEDIUM = sized(20_000);
const SMALL_COLLECTIONS = sized(300);
const HUGE = sized(1_000_000);
const FLOOR_PAGE_SIZE = 1000;
const PEER = join(root, '.venv-peer/bin/source-fauna');

const files = new InputFiles('bench-read-');

/** Ours through its CLI; `collection` settings only when a row sets them. */
function ours(emulator: RunningEmulator, streams: string[], mode: SyncMode, collection?: object): Promise<Measured> {
  const config = files.json({ ...address(emulator), ...(collection && { collection }) });
  return measureNode(
    ['bin/source-fauna.js', 'read', '--config', config, '--catalog', files.catalog(streams, mode)],
    'airbyte',
  );
}

/** Airbyte's Python connector 0.1.10; its config requires page_size (its default is 64). */
function peer(emulator: RunningEmulator, streams: string[]): Promise<Measured> {
  const config = files.json({
    ...address(emulator),
    collection: { page_size: 64, deletions: { deletion_mode: 'ignore' } },
  });
  return measureCommand(PEER, ['read', '--config', config, '--catalog', files.catalog(streams, 'full_refresh')]);
}

function loading(what: string, load: () => void): void {
  const started = Date.now();
  load();
  console.log(`  (loaded ${what} in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

const table = new Table();
const row = (...cells: string[]) => table.row(...cells);
const s = seconds;
const x = ratio;
const n = count;
const hasPeer = existsSync(PEER);

try {
  console.log(`read-table: scale ${scale}; Python connector ${hasPeer ? `at ${PEER}` : 'not installed'}`);
  const at0 = await withServer(0, async (emulator) => {
    loading(`${n(LARGE)} documents`, () => loadDocuments(emulator, 'large', LARGE));
    return exact(await ours(emulator, ['large'], 'full_refresh'), LARGE, 'full refresh at 0 ms');
  });
  row(`full refresh, ${n(LARGE)} docs, 0 ms`, `${s(at0)} (${rate(at0)})`, '', '', '');

  await withServer(50, async (emulator) => {
    loading(`${n(LARGE)} + ${n(MEDIUM)} documents and ${n(SMALL_COLLECTIONS)} small collections`, () => {
      loadDocuments(emulator, 'large', LARGE);
      loadDocuments(emulator, 'medium', MEDIUM);
      loadSmallCollections(emulator, SMALL_COLLECTIONS);
    });
    const at50 = exact(await ours(emulator, ['large'], 'full_refresh'), LARGE, 'full refresh at 50 ms');
    row(
      `full refresh, ${n(LARGE)} docs, 50 ms`,
      `${s(at50)} (${rate(at50)})`,
      `0 ms: ${s(at0)}`,
      `50 ms / 0 ms: ${x(at50.seconds, at0.seconds)}`,
      'goal <= 2.5x',
    );

    const defaults = exact(await ours(emulator, ['medium'], 'full_refresh'), MEDIUM, 'defaults');
    const page64 = exact(await ours(emulator, ['medium'], 'full_refresh', { page_size: 64 }), MEDIUM, 'page_size 64');
    // One run of the peer serves both rows: page_size 64 is its default, and its config needs one.
    const python = hasPeer ? exact(await peer(emulator, ['medium']), MEDIUM, 'Python connector') : undefined;
    const versus = (m: Measured) =>
      python ? [`Python 0.1.10: ${s(python)}`, `speed-up ${x(python.seconds, m.seconds)}`] : ['Python: skipped', ''];
    row(`${n(MEDIUM)} docs, 50 ms, spec defaults`, s(defaults), ...versus(defaults), 'goal >= 20x');
    row(`${n(MEDIUM)} docs, 50 ms, page_size 64`, s(page64), ...versus(page64), 'goal >= 6x');

    const names = Array.from({ length: SMALL_COLLECTIONS }, (_, i) => `small_${String(i).padStart(3, '0')}`);
    const many = exact(await ours(emulator, names, 'full_refresh'), SMALL_COLLECTIONS, 'small collections');
    row(`${n(SMALL_COLLECTIONS)} collections x 1 doc, 50 ms`, s(many), '', '', 'goal <= 8 s');
  });

  await withServer(0, async (emulator) => {
    loading(`${n(HUGE)} documents with their [ts, ref] index`, () => loadDocuments(emulator, 'huge', HUGE, true));
    const full = exact(await ours(emulator, ['huge'], 'full_refresh'), HUGE, 'full refresh of the huge collection');
    row(
      `full refresh, ${n(HUGE)} docs, 0 ms`,
      `${s(full)}, exact`,
      `peak RSS ${peakRss(full)}`,
      '',
      'goal exact, <= 250 MB',
    );
    const incremental = exact(
      await ours(emulator, ['huge'], 'incremental'),
      HUGE,
      'incremental of the huge collection',
    );
    row(
      `incremental, ${n(HUGE)} docs, 0 ms`,
      `${s(incremental)}, exact`,
      `peak RSS ${peakRss(incremental)}`,
      '',
      'goal exact, <= 250 MB',
    );

    const floorArgs = ['dist/bench/full-refresh-floor.js', emulator.url, SECRET, 'huge', String(FLOOR_PAGE_SIZE)];
    // One unreported pass first, so the in-process server is as warm for the floor as for the connector.
    await measureNode(floorArgs, 'lines');
    const floor = exact(await measureNode(floorArgs, 'lines'), HUGE, 'floor');
    const perRecord = (m: Measured) => `${(((m.cpuSeconds ?? 0) / m.records) * 1e6).toFixed(1)} µs`;
    row(
      `CPU per record, full refresh of ${n(HUGE)}`,
      perRecord(full),
      `floor (pages of ${FLOOR_PAGE_SIZE}): ${perRecord(floor)}`,
      `ratio ${x(full.cpuSeconds ?? 0, floor.cpuSeconds ?? 1)}`,
      'goal within 2x',
    );
  });

  table.print('read-table (latency added by the local server to every answer):');
  if (!hasPeer)
    console.log(
      '\nThe Python comparison was skipped: run bench/setup-python-peer.sh (creates .venv-peer) to enable it.',
    );
} finally {
  files.close();
}
