import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertValidMessage } from './protocol.js';

const BIN = fileURLToPath(new URL('../../../bin/source-fauna.js', import.meta.url));

export interface CliInputs {
  config?: unknown;
  catalog?: unknown;
  state?: unknown;
}

// Every Airbyte message the tests see; records, states and traces are narrowed by the tests.
export type Message = any;

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  messages: Message[];
  stdout: string;
  stderr: string;
}

export interface RunningCli {
  child: ChildProcess;
  /** Resolves with every message once the process exits. */
  result: Promise<CliResult>;
  /** Called with each message as its line arrives. */
  onMessage(listener: (message: Message) => void): void;
}

/**
 * Spawns `node bin/source-fauna.js <args>` with the given inputs written to temporary files and
 * passed as `--config`, `--catalog`, `--state`. Every stdout line must be a valid Airbyte message.
 */
export function spawnCli(args: string[], inputs: CliInputs = {}): RunningCli {
  const dir = mkdtempSync(join(tmpdir(), 'source-fauna-'));
  const flags: string[] = [];
  for (const [name, value] of Object.entries(inputs)) {
    if (value === undefined) continue;
    const path = join(dir, `${name}.json`);
    writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
    flags.push(`--${name}`, path);
  }
  const child = spawn(process.execPath, [BIN, ...args, ...flags], { stdio: ['ignore', 'pipe', 'pipe'] });
  const listeners: ((message: Message) => void)[] = [];
  const messages: Message[] = [];
  let stdout = '';
  let stderr = '';
  let partial = '';
  let invalid: unknown;
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    const lines = (partial + chunk).split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      try {
        const message = parseLine(line);
        messages.push(message);
        for (const listener of listeners) listener(message);
      } catch (err) {
        invalid ??= err;
      }
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const result = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      rmSync(dir, { recursive: true, force: true });
      try {
        if (invalid) throw invalid;
        // A killed process may leave half a line; a process that exits normally must not.
        if (signal === null) assert.equal(partial, '', `stdout ends with an unterminated line: ${partial}`);
        resolve({ code, signal, messages, stdout, stderr });
      } catch (err) {
        reject(err);
      }
    });
  });
  return { child, result, onMessage: (listener) => listeners.push(listener) };
}

export function runCli(args: string[], inputs: CliInputs = {}): Promise<CliResult> {
  return spawnCli(args, inputs).result;
}

function parseLine(line: string): Message {
  let message: unknown;
  try {
    message = JSON.parse(line);
  } catch {
    assert.fail(`stdout line is not JSON: ${line}`);
  }
  assertValidMessage(message);
  return message;
}
