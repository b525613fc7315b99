import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../../emulator/index.js';
import { bearer, rawRequest } from '../helpers/raw-http.js';

const BIN = fileURLToPath(new URL('../../../bin/fauna-emulator.js', import.meta.url));

interface Cli {
  child: ChildProcess;
  url: string;
  port: string;
  stdout: Promise<string>;
}

/** Starts the CLI and waits for its first stdout line; `stdout` settles with all of it at exit. */
async function startCli(args: string[]): Promise<Cli> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.setEncoding('utf8');
  const firstLine = new Promise<void>((resolve) =>
    child.stdout!.on('data', (chunk: string) => {
      text += chunk;
      if (text.includes('\n')) resolve();
    }),
  );
  const stdout = once(child.stdout!, 'end').then(() => text);
  await firstLine;
  const match = /^fauna-emulator listening on (http:\/\/127\.0\.0\.1:(\d+))\n/.exec(text);
  assert.ok(match, `unexpected first line: ${text}`);
  return { child, url: match[1]!, port: match[2]!, stdout };
}

test('fauna-emulator prints one line with its address, serves on it, and exits 0 on SIGTERM and SIGINT', async () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    const cli = await startCli(['--port', '0', '--secret', 's3cret']);
    try {
      assert.notEqual(cli.port, '0', '--port 0 picks a free port');
      const ping = await fetch(`${cli.url}/ping`);
      assert.deepEqual(await ping.json(), { resource: 'Scope write is OK' });
      const query = await fetch(cli.url, { method: 'POST', headers: { authorization: 'Bearer s3cret' }, body: '"x"' });
      assert.equal(query.status, 200, '--secret sets the root secret');

      cli.child.kill(signal);
      const [code] = (await once(cli.child, 'exit')) as [number | null];
      assert.equal(code, 0, signal);
      assert.equal(await cli.stdout, `fauna-emulator listening on ${cli.url}\n`, 'exactly one line on stdout');
    } finally {
      cli.child.kill('SIGKILL');
    }
  }
});

test('--latency-ms delays every answer; --fault-rate and --fault-seed give the seeded fault plan', async () => {
  const flags = { latencyMs: 60, faultRate: 0.5, faultSeed: 42 };
  const cli = await startCli(['--port', '0', '--latency-ms', '60', '--fault-rate', '0.5', '--fault-seed', '42']);
  const same = await startEmulator({ port: 0, ...flags });
  const outcomes = async (url: string): Promise<Array<number | 'reset'>> => {
    const seen: Array<number | 'reset'> = [];
    for (let i = 0; i < 8; i++) {
      seen.push(
        await rawRequest(url, 'http1', { headers: bearer('secret'), body: '"x"' }).then(
          (r) => r.status,
          () => 'reset' as const,
        ),
      );
    }
    return seen;
  };
  try {
    const started = performance.now();
    await rawRequest(cli.url, 'http1', { method: 'GET', path: '/ping' });
    assert.ok(performance.now() - started >= 55, 'answered before the configured latency');
    const fromCli = await outcomes(cli.url);
    assert.deepEqual(fromCli, await outcomes(same.url));
    assert.ok(
      fromCli.some((o) => o !== 200),
      `faults expected: ${fromCli.join(' ')}`,
    );
  } finally {
    cli.child.kill('SIGKILL');
    await same.close();
  }
});

test('--max-concurrent-queries answers 429 above that many queries in flight', async () => {
  const cli = await startCli(['--port', '0', '--max-concurrent-queries', '1', '--latency-ms', '800']);
  try {
    const answers = await Promise.all(
      [1, 2, 3].map(() => rawRequest(cli.url, 'http1', { headers: bearer('secret'), body: '"x"' })),
    );
    assert.deepEqual(answers.map((a) => a.status).sort(), [200, 429, 429]);
  } finally {
    cli.child.kill('SIGKILL');
  }
});

test('--history-grace-ms keeps history that long beyond history_days', async () => {
  const cli = await startCli(['--port', '0', '--history-grace-ms', '300']);
  const query = async (
    fql: string,
  ): Promise<{ status: number; body: { txn_ts: number; error?: { message: string } } }> => {
    const answer = await rawRequest(cli.url, 'http1', {
      path: '/query/1',
      headers: bearer('secret'),
      body: JSON.stringify({ query: fql }),
    });
    return { status: answer.status, body: JSON.parse(answer.text) };
  };
  try {
    await query('Collection.create({ name: "brief" })');
    await query('brief.create({ a: 1 })');
    // Older than both reads below, which are placed against their own transaction's time: only the
    // server's clock decides, however long the requests take on a busy machine.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const readAgo = (ms: number) => `at (Time.now().subtract(${ms}, "milliseconds")) { brief.all().first()?.a }`;
    const within = await query(readAgo(100));
    assert.equal(within.status, 200, 'within the grace');
    assert.equal((within.body as { data?: unknown }).data, 1);
    const late = await query(readAgo(400));
    assert.equal(late.status, 400, 'past the grace');
    assert.match(late.body.error!.message, /^Requested timestamp \S+ less than minimum allowed timestamp \S+\.$/);
    // As the core's protocol errors: the error alone, no summary, txn_ts or stats.
    assert.deepEqual(Object.keys(late.body), ['error']);
    assert.deepEqual(Object.keys(late.body.error!), ['code', 'message']);
  } finally {
    cli.child.kill('SIGKILL');
  }
});

test('--help and -h print the usage on stdout and exit 0, starting no server', () => {
  for (const flag of ['--help', '-h']) {
    const run = spawnSync(process.execPath, [BIN, flag], { encoding: 'utf8', timeout: 10_000 });
    assert.equal(run.status, 0, flag);
    assert.equal(run.stderr, '', flag);
    assert.match(
      run.stdout,
      /^fauna-emulator: [^\n]+\n[\s\S]*^usage: fauna-emulator \[--host[\s\S]*\[--help\]\n$/m,
      flag,
    );
    assert.doesNotMatch(run.stdout, /listening/, flag);
  }
});

test('bad flags print the usage on stderr and exit 2', () => {
  const cases = [
    ['--bogus'],
    ['--port', 'x'],
    ['--port', '70000'],
    ['--port', '-1'],
    ['--port'],
    ['--fault-rate', '1.5'],
    ['--fault-rate', 'x'],
    ['--latency-ms', '-1'],
    ['--latency-ms', ''],
    ['--fault-seed', '1.5'],
    ['--secret', ''],
    ['extra'],
    ['--max-concurrent-queries', '0'],
    ['--max-concurrent-queries', '1.5'],
    ['--max-concurrent-queries', 'x'],
    ['--history-grace-ms', '-1'],
    ['--history-grace-ms', '1.5'],
    ['--help=yes'],
    ['-x'],
  ];
  for (const args of cases) {
    const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 10_000 });
    assert.equal(run.status, 2, args.join(' '));
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^fauna-emulator: [^\n]+[\s\S]*\nusage: fauna-emulator \[--host/, args.join(' '));
  }
});
