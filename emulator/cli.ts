import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadDemoData } from './demo-data.js';
import { DEFAULTS, checkOptions, startEmulator, type EmulatorOptions } from './index.js';

const USAGE =
  'usage: fauna-emulator [--host 127.0.0.1] [--port 8443] [--secret secret] [--latency-ms N] [--fault-rate P --fault-seed S]\n' +
  '       [--max-concurrent-queries N] [--history-grace-ms N] [--tls-cert FILE --tls-key FILE [--tls-client-ca FILE]] [--export-path DIR]\n' +
  '       [--demo] [--help]';

const ABOUT =
  'fauna-emulator: a local, in-memory Fauna server: FQL v4 at POST /, FQL v10 at POST /query/1 and /feed/1.\n' +
  'It prints its address on stdout when ready; --demo loads sample data and prints a read-only key secret on stderr.\n' +
  'PUT /export/1/<id> exports a database as the core does, into --export-path DIR.';

interface Flag {
  type: 'string' | 'boolean';
  apply(options: EmulatorOptions, value: string | boolean): void;
}

// Each flag: its parseArgs type and where its value goes. A new flag is one entry here.
const FLAGS: Record<string, Flag> = {
  host: { type: 'string', apply: (o, v) => (o.host = String(v)) },
  port: { type: 'string', apply: (o, v) => (o.port = toNumber(v)) },
  secret: { type: 'string', apply: (o, v) => (o.secret = String(v)) },
  'latency-ms': { type: 'string', apply: (o, v) => (o.latencyMs = toNumber(v)) },
  'fault-rate': { type: 'string', apply: (o, v) => (o.faultRate = toNumber(v)) },
  'fault-seed': { type: 'string', apply: (o, v) => (o.faultSeed = toNumber(v)) },
  'max-concurrent-queries': { type: 'string', apply: (o, v) => (o.maxConcurrentQueries = toNumber(v)) },
  'tls-cert': { type: 'string', apply: (o, v) => (o.tls = { key: '', ...o.tls, cert: readPem(v, 'tls-cert') }) },
  'tls-key': { type: 'string', apply: (o, v) => (o.tls = { cert: '', ...o.tls, key: readPem(v, 'tls-key') }) },
  'history-grace-ms': { type: 'string', apply: (o, v) => (o.historyGraceMs = toNumber(v)) },
  'export-path': { type: 'string', apply: (o, v) => (o.exportPath = String(v)) },
  'tls-client-ca': {
    type: 'string',
    apply: (o, v) => (o.tls = { cert: '', key: '', ...o.tls, clientCa: readPem(v, 'tls-client-ca') }),
  },
};

function toNumber(value: string | boolean): number {
  const text = String(value).trim();
  return text === '' ? Number.NaN : Number(text);
}

function readPem(file: string | boolean, flag: string): string {
  try {
    return readFileSync(String(file), 'utf8');
  } catch (error) {
    fail(`cannot read --${flag} ${String(file)}: ${(error as Error).message}`);
  }
}

function fail(problem: string): never {
  process.stderr.write(`fauna-emulator: ${problem}\n${USAGE}\n`);
  process.exit(2);
}

/** The server's options, and whether to load the demo data set (not a server option: data). */
function parseOptions(argv: string[]): { options: EmulatorOptions; demo: boolean } {
  let values: Record<string, string | boolean | undefined>;
  try {
    const options: Record<string, { type: Flag['type']; short?: string }> = {
      ...Object.fromEntries(Object.entries(FLAGS).map(([name, flag]) => [name, { type: flag.type }])),
      demo: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    };
    ({ values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help === true) {
    process.stdout.write(`${ABOUT}\n${USAGE}\n`);
    process.exit(0);
  }
  const options: EmulatorOptions = {};
  for (const [name, flag] of Object.entries(FLAGS)) {
    const value = values[name];
    if (value !== undefined) flag.apply(options, value);
  }
  const problem = checkOptions(options);
  if (problem !== undefined) fail(problem);
  return { options, demo: values.demo === true };
}

const { options, demo } = parseOptions(process.argv.slice(2));
const emulator = await startEmulator(options).catch((error: Error) => {
  process.stderr.write(`fauna-emulator: cannot start: ${error.message}\n`);
  process.exit(1);
});
if (demo) {
  // A local demo: the key is read-only and the data made up, so showing its secret is the point.
  const { secret } = loadDemoData(emulator.engine, options.secret ?? DEFAULTS.secret);
  process.stderr.write(
    `fauna-emulator: demo data loaded (collections users and products); read-only key secret: ${secret}\n`,
  );
}
process.stdout.write(`fauna-emulator listening on ${emulator.url}\n`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void emulator.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
