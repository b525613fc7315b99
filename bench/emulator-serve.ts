import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';

/**
 * How fast the emulator serves a full export, in its own process (`fauna-emulator --port 0`), as
 * it runs for a connector, so the client's JSON parsing here does not share its event loop:
 * - 1,000,000 small documents read as Map(Paginate(Documents(C), {size: 1000}), Lambda(x, Get(x))),
 *   page after page over one HTTP/1.1 keep-alive connection. Target: well above 50,000 documents/s.
 * - the same documents read as 16 Range partitions at once, in pages of 10,000, over 16
 *   connections, as a partitioned read asks for them: the server must not fall below the
 *   sequential rate when many large pages are asked for together.
 * - with --latency-ms 50, 16 concurrent queries over 16 keep-alive connections must take about
 *   50 ms, not 16 x 50: the latency must not serialise requests.
 */

const DOCUMENTS = Number(process.env.BENCH_DOCUMENTS ?? 1_000_000);
const BATCH = 1000;
const PAGE = 1000;
const TARGET = 50_000;
const PARTITIONS = 16;
const PARTITION_PAGE = 10_000;
const LATENCY_MS = 50;

const bin = fileURLToPath(new URL('../../bin/fauna-emulator.js', import.meta.url));
const headers = { authorization: 'Bearer secret', 'x-faunadb-api-version': '4' };

interface Server {
  child: ChildProcess;
  pool: Pool;
}

async function startServer(args: string[], connections: number): Promise<Server> {
  const child = spawn(process.execPath, [bin, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  const url = /listening on (\S+)$/.exec(line)?.[1];
  if (url === undefined) throw new Error(`unexpected first line from fauna-emulator: ${line}`);
  return { child, pool: new Pool(url, { connections, pipelining: 1 }) };
}

async function stopServer(server: Server): Promise<void> {
  await server.pool.close();
  server.child.kill('SIGTERM');
}

async function query(pool: Pool, body: string): Promise<string> {
  const response = await pool.request({ path: '/', method: 'POST', headers, body });
  const text = await response.body.text();
  if (response.statusCode >= 300) throw new Error(`query failed with ${response.statusCode}: ${text.slice(0, 300)}`);
  return text;
}

interface Page {
  data: unknown[];
  after?: unknown;
}

const resource = async (pool: Pool, body: string) =>
  (JSON.parse(await query(pool, body)) as { resource: Page }).resource;

/** Reads a set's pages to the end with Map(Get); returns the number of documents. */
async function readAll(pool: Pool, set: string, size: number): Promise<number> {
  let served = 0;
  let after: string | undefined;
  do {
    const body = `{"map":{"lambda":"x","expr":{"get":{"var":"x"}}},"collection":{"paginate":${set},"size":${size}${after === undefined ? '' : `,"after":${after}`}}}`;
    const page = await resource(pool, body);
    served += page.data.length;
    after = page.after === undefined ? undefined : JSON.stringify(page.after);
  } while (after !== undefined);
  return served;
}

const documents = '{"documents":{"collection":"bench"}}';
const ref = (id: bigint) =>
  `{"@ref":{"id":"${id}","collection":{"@ref":{"id":"bench","collection":{"@ref":{"id":"collections"}}}}}}`;
const idOf = (page: Page) => BigInt((page.data[0] as { '@ref': { id: string } })['@ref'].id);
const perSecond = (count: number, seconds: number) =>
  `${Math.round(count / seconds).toLocaleString('en-US')} documents/s`;
const verdicts: boolean[] = [];
const verdict = (ok: boolean, target: string) => {
  verdicts.push(ok);
  return `(${target}: ${ok ? 'OK' : 'BELOW TARGET'})`;
};

const server = await startServer([], PARTITIONS);
try {
  // Loading is set-up, not what is measured: a thousand creates per transaction.
  const loadStarted = performance.now();
  await query(server.pool, '{"create_collection":{"object":{"name":"bench"}}}');
  for (let loaded = 0; loaded < DOCUMENTS; loaded += BATCH) {
    const creates = Array.from(
      { length: Math.min(BATCH, DOCUMENTS - loaded) },
      (_, k) =>
        `{"create":{"collection":"bench"},"params":{"object":{"data":{"object":{"n":${loaded + k},"name":"item ${loaded + k}","ok":true}}}}}`,
    );
    await query(server.pool, `{"do":[${creates.join(',')}]}`);
  }
  const loadSeconds = (performance.now() - loadStarted) / 1000;

  const serveStarted = performance.now();
  const served = await readAll(server.pool, documents, PAGE);
  const serveSeconds = (performance.now() - serveStarted) / 1000;
  if (served !== DOCUMENTS) throw new Error(`served ${served} documents, loaded ${DOCUMENTS}`);
  const rate = served / serveSeconds;
  process.stdout.write(
    `emulator-serve: ${served.toLocaleString('en-US')} documents served in ${serveSeconds.toFixed(1)} s over HTTP/1.1 keep-alive, ` +
      `${perSecond(served, serveSeconds)} ${verdict(rate > TARGET, `target > ${TARGET.toLocaleString('en-US')}/s`)}; loaded in ${loadSeconds.toFixed(1)} s\n`,
  );

  // Partitions: the id span cut in equal parts, each read as Range(Documents(C), Ref(lo), Ref(hi)).
  const first = idOf(await resource(server.pool, `{"paginate":${documents},"size":1}`));
  const last = idOf(await resource(server.pool, `{"paginate":${documents},"size":1,"before":null}`));
  const step = (last - first) / BigInt(PARTITIONS) + 1n;
  const partitionsStarted = performance.now();
  const counts = await Promise.all(
    Array.from({ length: PARTITIONS }, (_, i) => {
      const lo = first + step * BigInt(i);
      return readAll(
        server.pool,
        `{"range":${documents},"from":${ref(lo)},"to":${ref(lo + step - 1n)}}`,
        PARTITION_PAGE,
      );
    }),
  );
  const partitionsSeconds = (performance.now() - partitionsStarted) / 1000;
  const total = counts.reduce((a, b) => a + b, 0);
  if (total !== DOCUMENTS) throw new Error(`the partitions served ${total} documents, loaded ${DOCUMENTS}`);
  process.stdout.write(
    `emulator-serve: the same documents as ${PARTITIONS} Range partitions at once, pages of ${PARTITION_PAGE.toLocaleString('en-US')}: ` +
      `${partitionsSeconds.toFixed(1)} s, ${perSecond(total, partitionsSeconds)} ${verdict(total / partitionsSeconds > rate * 0.8, 'target: at least the sequential rate, within 20%')}\n`,
  );
} finally {
  await stopServer(server);
}

const slow = await startServer(['--latency-ms', String(LATENCY_MS)], PARTITIONS);
try {
  const burst = () => Promise.all(Array.from({ length: PARTITIONS }, (_, i) => query(slow.pool, `{"add":[${i},1]}`)));
  await burst(); // opens the connections
  const started = performance.now();
  await burst();
  const ms = performance.now() - started;
  process.stdout.write(
    `emulator-serve: ${PARTITIONS} concurrent queries at --latency-ms ${LATENCY_MS} over ${PARTITIONS} keep-alive connections: ${ms.toFixed(0)} ms ` +
      `${verdict(ms < LATENCY_MS * 4, `target about ${LATENCY_MS} ms, not ${PARTITIONS * LATENCY_MS}`)}\n`,
  );
} finally {
  await stopServer(slow);
}
if (verdicts.includes(false)) process.exitCode = 1;
