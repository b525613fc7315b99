import { parseArgs } from 'node:util';
import { checkOptions, startEmulator, type EmulatorOptions } from './index.js';

const USAGE =
  'usage: fauna-emulator [--host 127.0.0.1] [--port 8443] [--secret secret] [--latency-ms N] [--fault-rate P --fault-seed S]';

// Each flag: its parseArgs type and where its value goes. New flags are one entry here.
const FLAGS = {
  host: { type: 'string', apply: (o: EmulatorOptions, v: string) => (o.host = v) },
  port: { type: 'string', apply: (o: EmulatorOptions, v: string) => (o.port = toNumber(v)) },
  secret: { type: 'string', apply: (o: EmulatorOptions, v: string) => (o.secret = v) },
  'latency-ms': { type: 'string', apply: (o: EmulatorOptions, v: string) => (o.latencyMs = toNumber(v)) },
  'fault-rate': { type: 'string', apply: (o: EmulatorOptions, v: string) => (o.faultRate = toNumber(v)) },
  'fault-seed': { type: 'string', apply: (o: EmulatorOptions, v: string) => (o.faultSeed = toNumber(v)) },
} as const;

function toNumber(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

function fail(problem: string): never {
  process.stderr.write(`fauna-emulator: ${problem}\n${USAGE}\n`);
  process.exit(2);
}

function parseOptions(argv: string[]): EmulatorOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    const options = Object.fromEntries(Object.entries(FLAGS).map(([name, flag]) => [name, { type: flag.type }]));
    ({ values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false }));
  } catch (error) {
    fail((error as Error).message);
  }
  const options: EmulatorOptions = {};
  for (const [name, flag] of Object.entries(FLAGS)) {
    const value = values[name];
    if (typeof value === 'string') flag.apply(options, value);
  }
  const problem = checkOptions(options);
  if (problem !== undefined) fail(problem);
  return options;
}

const emulator = await startEmulator(parseOptions(process.argv.slice(2))).catch((error: Error) => {
  process.stderr.write(`fauna-emulator: cannot start: ${error.message}\n`);
  process.exit(1);
});
process.stdout.write(`fauna-emulator listening on ${emulator.url}\n`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void emulator.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
