// `npx fauna-emulator --demo`: the demo data on its own server, with the key printed for users
// who want to try source-fauna by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { runCli } from '../helpers/cli.js';

const BIN = fileURLToPath(new URL('../../../bin/fauna-emulator.js', import.meta.url));

test('fauna-emulator --demo serves the demo data and prints a read-only key the connector can use', async () => {
  const child = spawn(process.execPath, [BIN, '--port', '0', '--demo'], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
    const [, host, port] = /^fauna-emulator listening on http:\/\/(127\.0\.0\.1):(\d+)$/.exec(line) ?? [];
    assert.ok(port, `unexpected first line: ${line}`);
    const [stderrLine] = (await once(createInterface({ input: child.stderr }), 'line')) as [string];
    const secret = /^fauna-emulator: demo data loaded .*read-only key secret: (\S+)$/.exec(stderrLine)?.[1];
    assert.ok(secret, `unexpected stderr: ${stderrLine}`);

    const config = { domain: host, port: Number(port), scheme: 'http', secret };
    const check = await runCli(['check'], { config });
    assert.deepEqual(
      check.messages.map((m) => m.connectionStatus),
      [{ status: 'SUCCEEDED' }],
    );
    const discover = await runCli(['discover'], { config });
    const streams = discover.messages[0].catalog.streams as Array<{ name: string }>;
    assert.deepEqual(streams.map((s) => s.name).sort(), ['products', 'users']);

    // The key is the read-only one of docs/setup-fauna.md: writes are refused.
    const write = await fetch(`http://${host}:${port}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}` },
      body: JSON.stringify({
        create: { collection: 'users' },
        params: { object: { data: { object: { name: 'x' } } } },
      }),
    });
    assert.equal(write.status, 403);

    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 0);
  } finally {
    child.kill('SIGKILL');
  }
});
