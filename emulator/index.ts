import { Engine } from './engine.js';
import { Exports, type ExportOptions } from './export/exports.js';
import { createFaultPlan } from './http/faults.js';
import { QueryGate, type QueryCounters } from './http/gate.js';
import { createHandler } from './http/routes.js';
import { createSecureServer, type TlsSettings } from './http/secure-server.js';
import { createDualServer } from './http/server.js';

export { Engine };
export type { TlsSettings };

export interface EmulatorOptions {
  host?: string; // default 127.0.0.1
  port?: number; // default 8443; 0 = a free port
  secret?: string; // root secret, default "secret"
  latencyMs?: number; // added to every request
  faultRate?: number; // 0..1, share of POST / requests answered with a fault
  faultSeed?: number; // seed of the deterministic fault plan
  /** Queries (POST /) served at once at most; those above get 429 with Retry-After. Default: no limit. */
  maxConcurrentQueries?: number;
  tls?: TlsSettings; // serve HTTPS (HTTP/2 and HTTP/1.1) instead of plain HTTP
  /** History kept beyond history_days, in ms: the core's 15 minutes by default; shorter to try reads that outlive it. */
  historyGraceMs?: number;
  /** Root of the files `PUT /export/1/<id>` writes (the core's `export_path`); unset, exports fail. */
  exportPath?: string;
  /** Internal, for tests: the data file soft limit (bytes) and how long a new export stays pending (ms). */
  exportTuning?: Omit<ExportOptions, 'exportPath'>;
}

export interface RunningEmulator {
  url: string;
  host: string;
  port: number;
  engine: Engine;
  /** Queries in flight now, at most so far, and refused with 429 by `maxConcurrentQueries`. */
  queries: QueryCounters;
  close(): Promise<void>;
}

export const DEFAULTS = { host: '127.0.0.1', port: 8443, secret: 'secret', latencyMs: 0, faultRate: 0, faultSeed: 1 };

/** What is wrong with the options, in words a user can act on; undefined when they are valid. */
export function checkOptions(options: EmulatorOptions): string | undefined {
  const { port, secret, latencyMs, faultRate, faultSeed, maxConcurrentQueries, tls, exportPath, historyGraceMs } =
    options;
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535))
    return `port must be an integer from 0 to 65535, got ${port}`;
  if (secret !== undefined && secret === '') return 'the root secret must not be empty';
  if (latencyMs !== undefined && !(Number.isFinite(latencyMs) && latencyMs >= 0))
    return `latency must be a number of milliseconds >= 0, got ${latencyMs}`;
  if (faultRate !== undefined && !(faultRate >= 0 && faultRate <= 1))
    return `fault rate must be a number from 0 to 1, got ${faultRate}`;
  if (faultSeed !== undefined && !Number.isSafeInteger(faultSeed))
    return `fault seed must be an integer, got ${faultSeed}`;
  if (
    maxConcurrentQueries !== undefined &&
    !(Number.isSafeInteger(maxConcurrentQueries) && maxConcurrentQueries >= 1)
  ) {
    return `max concurrent queries must be an integer >= 1, got ${maxConcurrentQueries}`;
  }
  if (historyGraceMs !== undefined && !(Number.isSafeInteger(historyGraceMs) && historyGraceMs >= 0))
    return `history grace must be a whole number of milliseconds >= 0, got ${historyGraceMs}`;
  if (exportPath !== undefined && exportPath === '') return 'the export path must not be empty';
  if (tls !== undefined && (tls.cert === '' || tls.key === ''))
    return 'TLS needs both a certificate and its key (--tls-cert FILE --tls-key FILE)';
  return undefined;
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const problem = checkOptions(options);
  if (problem !== undefined) throw new RangeError(`fauna-emulator: ${problem}`);
  const settings = {
    host: options.host ?? DEFAULTS.host,
    port: options.port ?? DEFAULTS.port,
    secret: options.secret ?? DEFAULTS.secret,
    latencyMs: options.latencyMs ?? DEFAULTS.latencyMs,
    faultRate: options.faultRate ?? DEFAULTS.faultRate,
    faultSeed: options.faultSeed ?? DEFAULTS.faultSeed,
  };
  const engine = new Engine({
    rootSecret: settings.secret,
    ...(options.historyGraceMs !== undefined && { historyGrace: options.historyGraceMs * 1000 }),
  });
  const faults = settings.faultRate > 0 ? createFaultPlan(settings.faultRate, settings.faultSeed) : undefined;
  const gate = new QueryGate(options.maxConcurrentQueries);
  const exports = new Exports(engine, { ...options.exportTuning, exportPath: options.exportPath });
  const handler = createHandler({ engine, latencyMs: settings.latencyMs, faults, gate, exports });
  const server = options.tls ? createSecureServer(handler, options.tls) : createDualServer(handler);
  const port = await server.listen(settings.port, settings.host);
  return {
    url: `${options.tls ? 'https' : 'http'}://${urlHost(settings.host)}:${port}`,
    host: settings.host,
    port,
    engine,
    queries: gate,
    close: () => {
      exports.close();
      return server.close();
    },
  };
}
