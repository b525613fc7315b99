// Runs the real connector CLI (`node bin/source-fauna.js ...`) as a child process, the way
// Airbyte runs it: its stdout (Airbyte messages) is written line for line to a file and counted
// per stream on the way, so the demo can show a summary and a live progress line.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/source-fauna.js', import.meta.url));

export const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

export interface StreamCounts {
  records: number;
  states: number;
}

export interface ConnectorRun {
  code: number | null;
  seconds: number;
  stderr: string;
  /** Every message, parsed; the demo's data set is small enough to keep. */
  messages: Array<Record<string, any>>;
  perStream: Map<string, StreamCounts>;
}

/** Progress on stderr, rewritten in place at most ten times a second, only on a terminal. */
function progressLine() {
  const enabled = process.stderr.isTTY === true;
  let last = 0;
  return {
    update(text: () => string) {
      const now = Date.now();
      if (!enabled || now - last < 100) return;
      const line = text();
      if (line === '') return;
      last = now;
      process.stderr.write(`\r\x1b[K  ${line}`);
    },
    clear() {
      if (enabled && last > 0) process.stderr.write('\r\x1b[K');
    },
  };
}

function parseMessage(line: string): Record<string, any> {
  try {
    return JSON.parse(line) as Record<string, any>;
  } catch {
    throw new Error(`the connector wrote a line that is not an Airbyte message on stdout: ${line.slice(0, 200)}`);
  }
}

export async function runConnector(args: string[], outputFile: string): Promise<ConnectorRun> {
  const started = performance.now();
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const file = createWriteStream(outputFile);
  const messages: ConnectorRun['messages'] = [];
  const perStream = new Map<string, StreamCounts>();
  const counts = (name: string) => perStream.get(name) ?? perStream.set(name, { records: 0, states: 0 }).get(name)!;
  const progress = progressLine();
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });

  for await (const line of createInterface({ input: child.stdout, crlfDelay: Infinity })) {
    if (!file.write(`${line}\n`)) await once(file, 'drain');
    const message = parseMessage(line);
    messages.push(message);
    if (message.type === 'RECORD') counts(message.record.stream).records += 1;
    if (message.type === 'STATE' && message.state.type === 'STREAM')
      counts(message.state.stream.stream_descriptor.name).states += 1;
    progress.update(() => [...perStream].map(([name, c]) => `${name}: ${plural(c.records, 'record')}`).join(', '));
  }
  progress.clear();
  const code = await new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('close', resolve);
  });
  await new Promise<void>((resolve, reject) => file.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return { code, seconds: (performance.now() - started) / 1000, stderr, messages, perStream };
}

/** Fails the demo with the connector's own words when a step does not succeed. */
export function ensureSucceeded(step: string, run: ConnectorRun) {
  const errors = run.messages
    .filter((m) => m.type === 'TRACE' && m.trace.type === 'ERROR')
    .map((m) => m.trace.error.message);
  if (run.code === 0 && errors.length === 0) return;
  throw new Error(
    `${step} failed (exit code ${run.code}): ${errors.join('; ') || run.stderr.trim() || 'no error message'}`,
  );
}
