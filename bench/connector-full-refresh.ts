// `npm run bench`: a full refresh of 100,000 small documents from the local server through the
// real connector CLI, next to the floor (full-refresh-floor.ts: the same wire pages, parsed and
// printed as one JSON line per record) measured in the same run. Reports records/s, CPU seconds
// and peak RSS of each child process, and the connector/floor ratios. The goal is under 2x.
//
// usage: node dist/bench/connector-full-refresh.js [--docs N] [--page-size N] [--data-fields-as-columns]
// (the last one reads with each data field in a typed column of its own, from a real discover)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import faunadb from 'faunadb';
import { startEmulator, type RunningEmulator } from '../emulator/index.js';
import type { Usage } from './usage-report.js';

const q = faunadb.query;
const SECRET = 'secret';
const COLLECTION = 'bench';
const BATCH = 1000;

const root = fileURLToPath(new URL('../..', import.meta.url));
const { values } = parseArgs({
  options: {
    docs: { type: 'string', default: '100000' },
    'page-size': { type: 'string', default: '1000' },
    'data-fields-as-columns': { type: 'boolean', default: false },
  },
});
const fieldColumns = values['data-fields-as-columns'];
const docs = Number(values.docs);
const pageSize = Number(values['page-size']);

function run(emulator: RunningEmulator, expr: unknown): string {
  const response = emulator.engine.query({ secret: SECRET, body: JSON.stringify(expr) });
  if (response.status >= 300) throw new Error(`loading the bench data failed: ${response.status} ${response.body}`);
  return response.body;
}

/** Small documents with the usual mix: strings, numbers, a boolean, an array, a time, a ref. */
function load(emulator: RunningEmulator): void {
  run(emulator, q.CreateCollection({ name: COLLECTION }));
  run(emulator, q.CreateCollection({ name: 'owners' }));
  for (let start = 0; start < docs; start += BATCH) {
    const batch = [];
    for (let i = start; i < Math.min(docs, start + BATCH); i++) {
      batch.push({
        name: `item-${i}`,
        n: i,
        price: i / 100,
        active: i % 2 === 0,
        tags: ['a', `t${i % 10}`],
        created: new faunadb.values.FaunaTime(new Date(1_600_000_000_000 + i * 1000).toISOString()),
        owner: q.Ref(q.Collection('owners'), String(1 + (i % 50))),
      });
    }
    run(emulator, q.Map(batch, q.Lambda('d', q.Create(q.Collection(COLLECTION), { data: q.Var('d') }))));
  }
}

interface Measured extends Usage {
  records: number;
  seconds: number;
}

/** Runs a node script with the usage hook; counts its stdout lines (RECORD lines if `records`). */
async function measure(args: string[], recordsOnly: boolean): Promise<Measured> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-usage-'));
  const usageFile = join(dir, 'usage.json');
  const hook = pathToFileURL(join(root, 'dist/bench/usage-report.js')).href;
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, ['--import', hook, ...args], {
    cwd: root,
    env: { ...process.env, BENCH_USAGE_FILE: usageFile },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let records = 0;
  let partial = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop()!;
    if (!recordsOnly) records += lines.length;
    else for (const line of lines) if (line.startsWith('{"type":"RECORD"')) records++;
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (code !== 0) throw new Error(`${args.join(' ')} exited with ${code}`);
  const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as Usage;
  rmSync(dir, { recursive: true });
  return { records, seconds, ...usage };
}

/** The stream's json_schema as discover declares it (data fields as columns need their columns). */
async function discoveredSchema(config: string): Promise<unknown> {
  const child = spawn(process.execPath, ['bin/source-fauna.js', 'discover', '--config', config], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  await new Promise((resolve) => child.on('close', resolve));
  const catalog = out.split('\n').filter(Boolean).map((line) => JSON.parse(line)).find((m) => m.type === 'CATALOG');
  return catalog.catalog.streams[0].json_schema;
}

async function connectorFiles(emulator: RunningEmulator, dir: string): Promise<{ config: string; catalog: string }> {
  const config = join(dir, 'config.json');
  const catalog = join(dir, 'catalog.json');
  writeFileSync(config, JSON.stringify({
    domain: emulator.host,
    port: emulator.port,
    scheme: 'http',
    secret: SECRET,
    collection: { name: COLLECTION, page_size: pageSize, data_fields_as_columns: fieldColumns },
  }));
  writeFileSync(catalog, JSON.stringify({
    streams: [{
      stream: {
        name: COLLECTION,
        json_schema: fieldColumns ? await discoveredSchema(config) : { type: 'object' },
        supported_sync_modes: ['full_refresh'],
        source_defined_primary_key: [['ref']],
      },
      sync_mode: 'full_refresh',
      destination_sync_mode: 'overwrite',
    }],
  }));
  return { config, catalog };
}

const format = (m: Measured) =>
  `${m.records} records in ${m.seconds.toFixed(2)} s = ${Math.round(m.records / m.seconds)} records/s, ` +
  `CPU ${m.cpuSeconds.toFixed(2)} s, peak RSS ${(m.peakRssBytes / 2 ** 20).toFixed(0)} MiB`;

const emulator = await startEmulator({ port: 0, secret: SECRET });
const dir = mkdtempSync(join(tmpdir(), 'bench-connector-'));
try {
  const t = Date.now();
  load(emulator);
  console.log(`loaded ${docs} documents in ${((Date.now() - t) / 1000).toFixed(1)} s; page size ${pageSize}`);

  const floorArgs = ['dist/bench/full-refresh-floor.js', emulator.url, SECRET, COLLECTION, String(pageSize)];
  // One unreported pass first, so the in-process server is as warm for the floor as for the connector.
  await measure(floorArgs, false);
  const floor = await measure(floorArgs, false);
  console.log(`floor:     ${format(floor)}`);
  const { config, catalog } = await connectorFiles(emulator, dir);
  const connector = await measure(['bin/source-fauna.js', 'read', '--config', config, '--catalog', catalog], true);
  console.log(`connector${fieldColumns ? ' (data fields as columns)' : ''}: ${format(connector)}`);
  for (const m of [floor, connector]) if (m.records !== docs) throw new Error(`expected ${docs} records, got ${m.records}`);
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
  console.log(
    `connector/floor: time ${ratio(connector.seconds, floor.seconds)}, CPU ${ratio(connector.cpuSeconds, floor.cpuSeconds)}, ` +
      `peak RSS ${ratio(connector.peakRssBytes, floor.peakRssBytes)} (goal: within 2x)`,
  );
} finally {
  rmSync(dir, { recursive: true });
  await emulator.close();
}
