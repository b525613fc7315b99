// Discover's cost with sampling: 300 collections of 50 small documents each behind a 50 ms round
// trip, through the real connector CLI, once with the default sample (1000 documents per
// collection) and once without (discover_sample_size 0). Goal: a few seconds.
//
// usage: node dist/bench/discover-sampling.js [--collections N] [--docs N] [--latency-ms N]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import faunadb from 'faunadb';
import { startEmulator, type RunningEmulator } from '../emulator/index.js';

const q = faunadb.query;
const SECRET = 'secret';
const root = fileURLToPath(new URL('../..', import.meta.url));
const { values } = parseArgs({
  options: {
    collections: { type: 'string', default: '300' },
    docs: { type: 'string', default: '50' },
    'latency-ms': { type: 'string', default: '50' },
  },
});
const collections = Number(values.collections);
const docs = Number(values.docs);

function run(emulator: RunningEmulator, expr: unknown): void {
  const response = emulator.engine.query({ secret: SECRET, body: JSON.stringify(expr) });
  if (response.status >= 300) throw new Error(`loading the bench data failed: ${response.status} ${response.body}`);
}

function load(emulator: RunningEmulator): void {
  for (let c = 0; c < collections; c++) {
    const name = `c${c}`;
    run(emulator, q.CreateCollection({ name }));
    const batch = Array.from({ length: docs }, (_, i) => ({
      name: `item-${i}`,
      n: i,
      price: i / 100,
      tags: ['a'],
      at: q.Now(),
    }));
    run(emulator, q.Map(batch, q.Lambda('d', q.Create(q.Collection(name), { data: q.Var('d') }))));
  }
}

/** Seconds one `discover` takes, and its stream count. */
async function discover(configFile: string): Promise<{ seconds: number; streams: number }> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, ['bin/source-fauna.js', 'discover', '--config', configFile], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`discover exited with ${code}: ${out.slice(-500)}`);
  const catalog = out
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l))
    .find((m) => m.type === 'CATALOG');
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, streams: catalog.catalog.streams.length };
}

const emulator = await startEmulator({ port: 0, secret: SECRET, latencyMs: Number(values['latency-ms']) });
const dir = mkdtempSync(join(tmpdir(), 'bench-discover-'));
try {
  load(emulator);
  for (const size of [0, 1000]) {
    const file = join(dir, `config-${size}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        domain: emulator.host,
        port: emulator.port,
        scheme: 'http',
        secret: SECRET,
        discover_sample_size: size,
      }),
    );
    const { seconds, streams } = await discover(file);
    console.log(
      `discover, sample size ${size}: ${streams} streams of ${docs} documents in ${seconds.toFixed(2)} s at ${values['latency-ms']} ms per round trip`,
    );
  }
} finally {
  rmSync(dir, { recursive: true });
  await emulator.close();
}
