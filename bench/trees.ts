// `npm run bench`, database trees (issue 19): the connector through its real CLI at the spec's
// defaults on the in-process local server at a 50 ms round trip, a tree of 500 tenant databases
// × 4 collections × 20 documents:
// - discover of the whole tree (union layout), FQL v4 and v10: ≤ 5 s each;
// - a full union read of every document (FQL v4): ≤ 10 s, and the bytes of its STATE lines; the
//   same read in the namespaces layout (one stream per database and collection);
// - a first incremental union read (FQL v10), and the size of one stream's state: < 200 KB;
// - a later incremental union read (FQL v10) with nothing to bring, and its state's size;
// - the peak RSS of each CLI run, and the heap each full refresh holds (a full GC every 100 ms),
//   which should not grow with the number of databases beyond their cursors.
//
// usage: node dist/bench/trees.js [--scale F]   (F < 1 shrinks the number of databases)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import faunadb from 'faunadb';
import type { RunningEmulator } from '../emulator/index.js';
import { SECRET } from './bench-data.js';
import { address, count, exact, InputFiles, peakRss, seconds, Table, withServer } from './cli-inputs.js';
import { measureNode, root, type Measured } from './measure.js';

const { values } = parseArgs({ options: { scale: { type: 'string', default: '1' } } });
const DATABASES = Math.max(1, Math.round(500 * Number(values.scale)));
const COLLECTIONS = ['users', 'orders', 'items', 'events'];
const DOCUMENTS = 20;
const LIMITS = { discover: 5, read: 10, stateBytes: 200 * 1024 };

const q = faunadb.query;
const TENANTS = Array.from({ length: DATABASES }, (_, i) => `tenant_${String(i).padStart(3, '0')}`);
const files = new InputFiles('bench-trees-');

/** The tenants, each with the same collections and documents, through the engine (set-up, not measured). */
function loadTree(emulator: RunningEmulator): void {
  const run = (secret: string, expr: unknown) => {
    const response = emulator.engine.query({ secret, body: JSON.stringify(expr) });
    if (response.status >= 300) throw new Error(`set-up failed: ${response.status} ${response.body.slice(0, 300)}`);
  };
  run(SECRET, q.Foreach(TENANTS, q.Lambda('name', q.CreateDatabase({ name: q.Var('name') }))));
  const documents = Array.from({ length: DOCUMENTS }, (_, i) => ({ n: i, name: `doc ${i}` }));
  for (const name of TENANTS) {
    const secret = `${SECRET}:${name}:admin`;
    run(secret, q.Foreach(COLLECTIONS, q.Lambda('c', q.CreateCollection({ name: q.Var('c') }))));
    for (const collection of COLLECTIONS)
      run(secret, q.Foreach(documents, q.Lambda('d', q.Create(q.Collection(collection), { data: q.Var('d') }))));
  }
}

function inputs(
  emulator: RunningEmulator,
  api: '4' | '10',
  mode: 'full_refresh' | 'incremental',
  layout: 'union' | 'namespaces' = 'union',
): string[] {
  const config = files.json({ ...address(emulator), fql_version: api, databases: { scope: 'tree', layout } });
  const streams =
    layout === 'union' ? COLLECTIONS : TENANTS.flatMap((namespace) => COLLECTIONS.map((name) => ({ name, namespace })));
  return ['--config', config, '--catalog', files.catalog(streams, mode)];
}

/**
 * An incremental sync to its end (the server is in this process: no blocking spawn): the largest
 * STATE line, and the state to start the next sync from (each stream's last STATE).
 */
async function incrementalStates(args: string[]): Promise<{ largest: number; next: unknown[] }> {
  const child = spawn(process.execPath, ['bin/source-fauna.js', 'read', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let largest = 0;
  const last = new Map<string, unknown>();
  for await (const line of createInterface({ input: child.stdout })) {
    if (!line.startsWith('{"type":"STATE"')) continue;
    largest = Math.max(largest, Buffer.byteLength(line));
    const { state } = JSON.parse(line) as { state: { stream: { stream_descriptor: { name: string } } } };
    last.set(state.stream.stream_descriptor.name, state);
  }
  const [code] = (await once(child, 'close')) as [number | null];
  if (code !== 0) throw new Error(`the incremental tree sync failed (exit ${code})`);
  return { largest, next: [...last.values()] };
}

const table = new Table();
let failed = false;
const verdict = (ok: boolean) => {
  failed ||= !ok;
  return ok ? 'ok' : 'OVER THE LIMIT';
};
const timed = (what: string, m: Measured, limit: number) =>
  table.row(what, seconds(m), `limit ${limit} s`, verdict(m.seconds <= limit), `peak RSS ${peakRss(m)}`);

/**
 * A full refresh of every document (FQL v4) in `layout`, then the same read with a full collection
 * every 100 ms: the heap it holds, and its peak RSS without uncollected garbage.
 */
async function fullRefresh(
  emulator: RunningEmulator,
  layout: 'union' | 'namespaces',
  total: number,
): Promise<{ read: Measured; collected: Measured }> {
  const args = ['bin/source-fauna.js', 'read', ...inputs(emulator, '4', 'full_refresh', layout)];
  const read = exact(await measureNode(args, 'airbyte'), total, `${layout} full refresh`);
  const collected = exact(
    await measureNode(['--expose-gc', ...args], 'airbyte'),
    total,
    `${layout} full refresh, collected`,
  );
  return { read, collected };
}

const heldRow = (collected: Measured) =>
  table.row(
    '  the same, a full GC every 100 ms',
    seconds(collected),
    `${((collected.retainedBytes ?? 0) / 2 ** 20).toFixed(1)} MiB held`,
    '',
    `peak RSS ${peakRss(collected)}`,
  );

try {
  const total = DATABASES * COLLECTIONS.length * DOCUMENTS;
  console.log(`trees: ${DATABASES} databases × ${COLLECTIONS.length} collections × ${DOCUMENTS} documents, 50 ms`);
  await withServer(50, async (emulator) => {
    loadTree(emulator);
    for (const api of ['4', '10'] as const) {
      const config = files.json({ ...address(emulator), fql_version: api, databases: { scope: 'tree' } });
      const discover = await measureNode(['bin/source-fauna.js', 'discover', '--config', config], 'lines');
      timed(`discover (v${api}), ${count(DATABASES)} databases`, discover, LIMITS.discover);
    }
    const union = await fullRefresh(emulator, 'union', total);
    timed(`union full refresh (v4), ${count(total)} docs`, union.read, LIMITS.read);
    heldRow(union.collected);
    // Every STATE line of the stream carries what the read has finished: it must not grow with the tree.
    const unionStates = union.read.stateBytes ?? { total: 0, largest: 0 };
    table.row(
      '  its STATE lines',
      `${count(unionStates.total)} bytes in total`,
      `largest ${count(unionStates.largest)}`,
      verdict(unionStates.largest < LIMITS.stateBytes),
      '',
    );
    const namespaces = await fullRefresh(emulator, 'namespaces', total);
    table.row(
      `namespaces full refresh (v4), ${count(total)} docs`,
      seconds(namespaces.read),
      '',
      '',
      `peak RSS ${peakRss(namespaces.read)}`,
    );
    heldRow(namespaces.collected);
    const v10 = exact(
      await measureNode(['bin/source-fauna.js', 'read', ...inputs(emulator, '10', 'incremental')], 'airbyte'),
      total,
      'union incremental',
    );
    table.row(`union first incremental (v10), ${count(total)} docs`, seconds(v10), '', '', `peak RSS ${peakRss(v10)}`);
    const { largest, next } = await incrementalStates(inputs(emulator, '10', 'incremental'));
    const stateRow = (what: string, bytes: number) =>
      table.row(
        what,
        `${count(bytes)} bytes`,
        `limit ${count(LIMITS.stateBytes)}`,
        verdict(bytes < LIMITS.stateBytes),
        '',
      );
    stateRow('largest STATE line of a union stream (v10)', largest);
    // The syncs after the first: every database's feeds polled, nothing changed.
    const later = exact(
      await measureNode(
        ['bin/source-fauna.js', 'read', ...inputs(emulator, '10', 'incremental'), '--state', files.json(next)],
        'airbyte',
      ),
      0,
      'later union incremental',
    );
    table.row(`union later incremental (v10), no change`, seconds(later), '', '', `peak RSS ${peakRss(later)}`);
    stateRow('its last STATE line (v10)', Buffer.byteLength(later.lastState ?? ''));
  });
  table.print('trees (databases.scope "tree", spec defaults):');
} finally {
  files.close();
}
if (failed) process.exitCode = 1;
