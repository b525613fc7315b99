// `fauna-emulator --port 0 --demo` in a child process, as a user (or Airbyte's suites) would serve
// the demo database: its URL from the first stdout line, its read-only key from stderr.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../bin/fauna-emulator.js', import.meta.url));

export interface DemoServer {
  host: string;
  port: number;
  /** The read-only key's secret the demo prints; the root secret stays the default, `secret`. */
  readOnlySecret: string;
  stop(): Promise<void>;
}

/** `args`: more options of `fauna-emulator`, e.g. `--max-concurrent-queries 1`. */
export async function startDemoServer(args: string[] = []): Promise<DemoServer> {
  const child: ChildProcess = spawn(process.execPath, [BIN, '--port', '0', '--demo', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const [stderrLine] = (await once(createInterface({ input: child.stderr! }), 'line')) as [string];
  const readOnlySecret = /read-only key secret: (\S+)$/.exec(stderrLine)?.[1];
  assert.ok(readOnlySecret, `unexpected stderr: ${stderrLine}`);
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  const [, host, port] = /^fauna-emulator listening on http:\/\/(127\.0\.0\.1):(\d+)$/.exec(line) ?? [];
  assert.ok(host && port, `unexpected first line: ${line}`);
  return {
    host,
    port: Number(port),
    readOnlySecret,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
