import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../bin/fauna-emulator.js', import.meta.url));

test('fauna-emulator prints its address, serves on it, and exits 0 on SIGTERM and SIGINT', async () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    const child = spawn(process.execPath, [BIN, '--port', '0', '--secret', 's3cret', '--latency-ms', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const lines = createInterface({ input: child.stdout });
      const [line] = (await once(lines, 'line')) as [string];
      const match = /^fauna-emulator listening on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(line);
      assert.ok(match, `unexpected first line: ${line}`);
      assert.notEqual(match[2], '0', '--port 0 picks a free port');

      const ping = await fetch(`${match[1]}/ping`);
      assert.deepEqual(await ping.json(), { resource: 'Scope write is OK' });
      const query = await fetch(match[1], { method: 'POST', headers: { authorization: 'Bearer s3cret' }, body: '"x"' });
      assert.equal(query.status, 200, '--secret sets the root secret');

      child.kill(signal);
      const [code] = (await once(child, 'exit')) as [number | null];
      assert.equal(code, 0, signal);
    } finally {
      child.kill('SIGKILL');
    }
  }
});

test('bad flags print the usage on stderr and exit 2', () => {
  const cases = [['--bogus'], ['--port', 'x'], ['--port', '70000'], ['--fault-rate', '1.5'], ['--latency-ms', '-1'], ['--fault-seed', '1.5'], ['extra']];
  for (const args of cases) {
    const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 10_000 });
    assert.equal(run.status, 2, args.join(' '));
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^fauna-emulator: [^\n]+[\s\S]*\nusage: fauna-emulator \[--host/, args.join(' '));
  }
});
