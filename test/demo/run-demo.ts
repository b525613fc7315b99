// `npm start` run as a child process exactly like that (`node dist/demo/main.js ARGS --out DIR`),
// and what it wrote into DIR: message files read back, line by line or as records of a stream.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function runDemo(args: string[]) {
  const out = mkdtempSync(join(tmpdir(), 'source-fauna-demo-test-'));
  const demo = spawnSync(
    process.execPath,
    [fileURLToPath(new URL('../../demo/main.js', import.meta.url)), ...args, '--out', out],
    { encoding: 'utf8', timeout: 60_000 },
  );
  const lines = (name: string) =>
    readFileSync(join(out, name), 'utf8')
      .split('\n')
      .filter((line) => line !== '');
  const messages = (name: string) => lines(name).map((line) => JSON.parse(line) as Record<string, any>);
  const records = (name: string, stream: string) =>
    messages(name)
      .filter((m) => m.type === 'RECORD' && m.record.stream === stream)
      .map((m) => m.record.data as Record<string, any>);
  return { out, demo, lines, messages, records };
}
