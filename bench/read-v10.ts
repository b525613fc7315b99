// `npm run bench`, FQL v10 rows (issue 12): the connector through its real CLI at the spec's
// defaults, in FQL v10 mode next to FQL v4 mode on the same in-process local server and the same
// documents, at 0 ms and 50 ms latency:
// - full refresh of 200,000 documents;
// - catch-up of 100,000 changes: after a first incremental sync, 100,000 documents are created,
//   and the next incremental sync brings them: from the event feed in v10 mode, from the
//   [ts, ref] index in v4 mode.
//
// usage: node dist/bench/read-v10.js [--scale F]   (F < 1 shrinks every size, for a quick look)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import faunadb from 'faunadb';
import { startEmulator, type RunningEmulator } from '../emulator/index.js';
import { SECRET, loadDocuments } from './bench-data.js';
import { measureNode, root, type Measured } from './measure.js';

const { values } = parseArgs({ options: { scale: { type: 'string', default: '1' } } });
const scale = Number(values.scale);
const sized = (n: number) => Math.max(1, Math.round(n * scale));
const FULL = sized(200_000);
const CHANGES = sized(100_000);
const BASE = 1000;

type Api = '4' | '10';
type SyncMode = 'full_refresh' | 'incremental';
const dir = mkdtempSync(join(tmpdir(), 'bench-read-v10-'));
let files = 0;

function writeJson(value: unknown): string {
  const path = join(dir, `${files++}.json`);
  writeFileSync(path, JSON.stringify(value));
  return path;
}

function inputs(emulator: RunningEmulator, api: Api, stream: string, mode: SyncMode, state?: unknown): string[] {
  const config = { domain: emulator.host, port: emulator.port, scheme: 'http', secret: SECRET, fql_version: api };
  const catalog = {
    streams: [{
      stream: { name: stream, json_schema: { type: 'object' }, supported_sync_modes: ['full_refresh', 'incremental'], source_defined_primary_key: [['ref']] },
      sync_mode: mode,
      destination_sync_mode: mode === 'incremental' ? 'append_dedup' : 'overwrite',
      ...(mode === 'incremental' && { cursor_field: ['ts'] }),
    }],
  };
  return ['--config', writeJson(config), '--catalog', writeJson(catalog), ...(state === undefined ? [] : ['--state', writeJson(state)])];
}

function exact(m: Measured, expected: number, what: string): Measured {
  if (m.records !== expected) throw new Error(`${what}: expected ${expected} records, got ${m.records}`);
  return m;
}

/** A sync run to its end, unmeasured (the server is in this process: no blocking spawn); returns the state the platform would keep. */
async function syncState(emulator: RunningEmulator, api: Api, stream: string): Promise<unknown> {
  const child = spawn(process.execPath, ['bin/source-fauna.js', 'read', ...inputs(emulator, api, stream, 'incremental')], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  let last: string | undefined;
  for await (const line of createInterface({ input: child.stdout })) if (line.startsWith('{"type":"STATE"')) last = line;
  const [code] = (await once(child, 'close')) as [number | null];
  if (code !== 0 || last === undefined) throw new Error(`the first incremental sync of ${stream} in FQL v${api} mode failed (exit ${code})`);
  return [{ type: 'STREAM', stream: (JSON.parse(last) as { state: { stream: unknown } }).state.stream }];
}

/** `count` more documents, created through the engine (set-up, not measured). */
function createMore(emulator: RunningEmulator, collection: string, count: number): void {
  const q = faunadb.query;
  for (let start = 0; start < count; start += 1000) {
    const batch = Array.from({ length: Math.min(1000, count - start) }, (_, i) => ({ name: `change-${start + i}`, n: start + i }));
    const response = emulator.engine.query({ secret: SECRET, body: JSON.stringify(q.Map(batch, q.Lambda('d', q.Create(q.Collection(collection), { data: q.Var('d') })))) });
    if (response.status >= 300) throw new Error(`creating the changes failed: ${response.status} ${response.body.slice(0, 300)}`);
  }
}

async function withServer<T>(latencyMs: number, body: (emulator: RunningEmulator) => Promise<T>): Promise<T> {
  const emulator = await startEmulator({ port: 0, secret: SECRET, latencyMs });
  try {
    return await body(emulator);
  } finally {
    await emulator.close();
  }
}

const rows: string[][] = [];
const row = (...cells: string[]) => {
  rows.push(cells);
  console.log(`  ${cells.join(' | ')}`);
};
const s = (m: Measured) => `${m.seconds.toFixed(1)} s`;
const rate = (m: Measured) => `${Math.round(m.records / m.seconds).toLocaleString('en-US')} rec/s`;
const x = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
const n = (count: number) => count.toLocaleString('en-US');
const cli = (args: string[]) => measureNode(['bin/source-fauna.js', 'read', ...args], 'airbyte');

try {
  console.log(`read-v10: scale ${scale}`);
  for (const latency of [0, 50]) {
    await withServer(latency, async (emulator) => {
      loadDocuments(emulator, 'large', FULL);
      const v4 = exact(await cli(inputs(emulator, '4', 'large', 'full_refresh')), FULL, `v4 full refresh at ${latency} ms`);
      const v10 = exact(await cli(inputs(emulator, '10', 'large', 'full_refresh')), FULL, `v10 full refresh at ${latency} ms`);
      row(`full refresh, ${n(FULL)} docs, ${latency} ms`, `v10: ${s(v10)} (${rate(v10)})`, `v4: ${s(v4)} (${rate(v4)})`, `v10 / v4 time: ${x(v10.seconds, v4.seconds)}`);

      loadDocuments(emulator, 'changing', BASE, true);
      const states = { '4': await syncState(emulator, '4', 'changing'), '10': await syncState(emulator, '10', 'changing') };
      createMore(emulator, 'changing', CHANGES);
      const v4Changes = exact(await cli(inputs(emulator, '4', 'changing', 'incremental', states['4'])), CHANGES, `v4 catch-up at ${latency} ms`);
      const v10Changes = exact(await cli(inputs(emulator, '10', 'changing', 'incremental', states['10'])), CHANGES, `v10 catch-up at ${latency} ms`);
      row(`catch-up of ${n(CHANGES)} changes, ${latency} ms`, `v10 feed: ${s(v10Changes)} (${rate(v10Changes)})`, `v4 index: ${s(v4Changes)} (${rate(v4Changes)})`, `v10 / v4 time: ${x(v10Changes.seconds, v4Changes.seconds)}`);
    });
  }
  console.log('\nread-v10 (FQL v10 mode next to FQL v4 mode, same server and documents, spec defaults):');
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(`  ${r.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ').trimEnd()}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
