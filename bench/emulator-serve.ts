import { Pool } from 'undici';
import { startEmulator } from '../emulator/index.js';

/**
 * How fast the emulator serves a full export: 1,000,000 small documents read as
 * Map(Paginate(Documents(C), {size: 1000}), Lambda(x, Get(x))), page after page, over HTTP/1.1
 * with one keep-alive connection, as a connector reads them. Target: well above 50,000 documents/s.
 */

const DOCUMENTS = Number(process.env.BENCH_DOCUMENTS ?? 1_000_000);
const BATCH = 1000;
const PAGE = 1000;
const TARGET = 50_000;

const emulator = await startEmulator({ port: 0 });
const { engine } = emulator;

function direct(body: string): string {
  const answer = engine.query({ secret: 'secret', body });
  if (answer.status >= 300) throw new Error(`loading failed with ${answer.status}: ${answer.body.slice(0, 300)}`);
  return answer.body;
}

// Loading goes straight to the engine: it is set-up, not what is measured.
const loadStarted = performance.now();
direct('{"create_collection":{"object":{"name":"bench"}}}');
for (let loaded = 0; loaded < DOCUMENTS; loaded += BATCH) {
  const creates = Array.from(
    { length: Math.min(BATCH, DOCUMENTS - loaded) },
    (_, k) => `{"create":{"collection":"bench"},"params":{"object":{"data":{"object":{"n":${loaded + k},"name":"item ${loaded + k}","ok":true}}}}}`,
  );
  direct(`{"do":[${creates.join(',')}]}`);
}
const loadSeconds = (performance.now() - loadStarted) / 1000;

const pool = new Pool(emulator.url, { connections: 1, pipelining: 1 });
const page = (after: string | undefined) =>
  `{"map":{"lambda":"x","expr":{"get":{"var":"x"}}},"collection":{"paginate":{"documents":{"collection":"bench"}},"size":${PAGE}${after === undefined ? '' : `,"after":${after}`}}}`;

const serveStarted = performance.now();
let served = 0;
let after: string | undefined;
do {
  const response = await pool.request({ path: '/', method: 'POST', headers: { authorization: 'Bearer secret', 'x-faunadb-api-version': '4' }, body: page(after) });
  const text = await response.body.text();
  if (response.statusCode !== 200) throw new Error(`page failed with ${response.statusCode}: ${text.slice(0, 300)}`);
  const { resource } = JSON.parse(text) as { resource: { data: unknown[]; after?: unknown } };
  served += resource.data.length;
  after = resource.after === undefined ? undefined : JSON.stringify(resource.after);
} while (after !== undefined);
const serveSeconds = (performance.now() - serveStarted) / 1000;

await pool.close();
await emulator.close();

if (served !== DOCUMENTS) throw new Error(`served ${served} documents, loaded ${DOCUMENTS}`);
const rate = Math.round(served / serveSeconds);
const verdict = rate > TARGET ? 'OK' : 'BELOW TARGET';
process.stdout.write(
  `emulator-serve: ${served.toLocaleString('en-US')} documents served in ${serveSeconds.toFixed(1)} s over HTTP/1.1 keep-alive, ` +
    `${rate.toLocaleString('en-US')} documents/s (target > ${TARGET.toLocaleString('en-US')}/s: ${verdict}); loaded in ${loadSeconds.toFixed(1)} s\n`,
);
if (rate <= TARGET) process.exitCode = 1;
