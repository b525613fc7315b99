// Runs one reader as a child process and measures it: wall time, the RECORD lines it printed,
// and for Node children their own CPU time and peak RSS (through the usage-report.ts hook).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Usage } from './usage-report.js';

export const root = fileURLToPath(new URL('../..', import.meta.url));

export interface Measured extends Partial<Usage> {
  records: number;
  seconds: number;
  /** The last STATE message an Airbyte child printed (its JSON text), for the next sync. */
  lastState?: string;
  /** The bytes of every STATE line an Airbyte child printed, and of the largest. */
  stateBytes?: { total: number; largest: number };
}

/** What a child prints: Airbyte messages (RECORD lines are counted) or one document per line. */
export type Output = 'airbyte' | 'lines';

// Airbyte's Python CDK prints `{"type": "RECORD"`, ours `{"type":"RECORD"`.
const RECORD = /^\{"type": ?"RECORD"/;
const STATE = /^\{"type": ?"STATE"/;

async function run(command: string, args: string[], output: Output, env: NodeJS.ProcessEnv = {}): Promise<Measured> {
  const started = process.hrtime.bigint();
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let records = 0;
  let lastState: string | undefined;
  const stateBytes = { total: 0, largest: 0 };
  let partial = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop()!;
    if (output === 'lines') records += lines.length;
    else
      for (const line of lines) {
        if (RECORD.test(line)) records++;
        else if (STATE.test(line)) {
          lastState = line;
          const bytes = Buffer.byteLength(line);
          stateBytes.total += bytes;
          stateBytes.largest = Math.max(stateBytes.largest, bytes);
        }
      }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${code}: ${stderr}`);
  return { records, seconds, ...(lastState !== undefined && { lastState, stateBytes }) };
}

/** A Node script run with the usage hook: its CPU time and peak RSS come with the figures. */
export async function measureNode(args: string[], output: Output): Promise<Measured> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-usage-'));
  const usageFile = join(dir, 'usage.json');
  const hook = pathToFileURL(join(root, 'dist/bench/usage-report.js')).href;
  try {
    const measured = await run(process.execPath, ['--import', hook, ...args], output, { BENCH_USAGE_FILE: usageFile });
    return { ...measured, ...(JSON.parse(readFileSync(usageFile, 'utf8')) as Usage) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Any other program: wall time and records only. */
export function measureCommand(command: string, args: string[]): Promise<Measured> {
  return run(command, args, 'airbyte');
}
