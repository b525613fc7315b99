import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';

/**
 * How fast the emulator serves a full export: 1,000,000 small documents read as
 * Map(Paginate(Documents(C), {size: 1000}), Lambda(x, Get(x))), page after page, over HTTP/1.1
 * with one keep-alive connection, as a connector reads them. Target: well above 50,000 documents/s.
 * The server runs in its own process (`fauna-emulator --port 0`), as it does for a connector, so
 * the client's JSON parsing here does not share its event loop.
 */

const DOCUMENTS = Number(process.env.BENCH_DOCUMENTS ?? 1_000_000);
const BATCH = 1000;
const PAGE = 1000;
const TARGET = 50_000;

const bin = fileURLToPath(new URL('../../bin/fauna-emulator.js', import.meta.url));
const server = spawn(process.execPath, [bin, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const [line] = (await once(createInterface({ input: server.stdout }), 'line')) as [string];
const url = /listening on (\S+)$/.exec(line)?.[1];
if (url === undefined) throw new Error(`unexpected first line from fauna-emulator: ${line}`);

const pool = new Pool(url, { connections: 1, pipelining: 1 });

async function query(body: string): Promise<string> {
  const response = await pool.request({ path: '/', method: 'POST', headers: { authorization: 'Bearer secret', 'x-faunadb-api-version': '4' }, body });
  const text = await response.body.text();
  if (response.statusCode >= 300) throw new Error(`query failed with ${response.statusCode}: ${text.slice(0, 300)}`);
  return text;
}

try {
  // Loading is set-up, not what is measured: a thousand creates per transaction.
  const loadStarted = performance.now();
  await query('{"create_collection":{"object":{"name":"bench"}}}');
  for (let loaded = 0; loaded < DOCUMENTS; loaded += BATCH) {
    const creates = Array.from(
      { length: Math.min(BATCH, DOCUMENTS - loaded) },
      (_, k) => `{"create":{"collection":"bench"},"params":{"object":{"data":{"object":{"n":${loaded + k},"name":"item ${loaded + k}","ok":true}}}}}`,
    );
    await query(`{"do":[${creates.join(',')}]}`);
  }
  const loadSeconds = (performance.now() - loadStarted) / 1000;

  const page = (after: string | undefined) =>
    `{"map":{"lambda":"x","expr":{"get":{"var":"x"}}},"collection":{"paginate":{"documents":{"collection":"bench"}},"size":${PAGE}${after === undefined ? '' : `,"after":${after}`}}}`;
  const serveStarted = performance.now();
  let served = 0;
  let after: string | undefined;
  do {
    const { resource } = JSON.parse(await query(page(after))) as { resource: { data: unknown[]; after?: unknown } };
    served += resource.data.length;
    after = resource.after === undefined ? undefined : JSON.stringify(resource.after);
  } while (after !== undefined);
  const serveSeconds = (performance.now() - serveStarted) / 1000;

  if (served !== DOCUMENTS) throw new Error(`served ${served} documents, loaded ${DOCUMENTS}`);
  const rate = Math.round(served / serveSeconds);
  const verdict = rate > TARGET ? 'OK' : 'BELOW TARGET';
  process.stdout.write(
    `emulator-serve: ${served.toLocaleString('en-US')} documents served in ${serveSeconds.toFixed(1)} s over HTTP/1.1 keep-alive, ` +
      `${rate.toLocaleString('en-US')} documents/s (target > ${TARGET.toLocaleString('en-US')}/s: ${verdict}); loaded in ${loadSeconds.toFixed(1)} s\n`,
  );
  if (rate <= TARGET) process.exitCode = 1;
} finally {
  await pool.close();
  server.kill('SIGTERM');
}
