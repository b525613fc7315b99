import { after, before } from 'node:test';
import faunadb from 'faunadb';
import { Agent } from 'undici';
import type { QueryRequest, V10Request } from '../../emulator/engine.js';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../emulator/index.js';

/** HTTP/2 (h2c) is faunadb's default in Node; giving it a `fetch` switches it to HTTP/1.1. */
export type Transport = 'http2' | 'http1';
export const TRANSPORTS: readonly Transport[] = ['http2', 'http1'];

export interface EmulatorHandle {
  url(): string;
  /** A faunadb client with the root secret over HTTP/2, the driver's default. */
  rootClient(): faunadb.Client;
  /** A faunadb client with any secret over either transport; closed with the emulator. */
  client(secret: string, transport?: Transport): faunadb.Client;
  /** The running server, e.g. for its engine or port. */
  emulator(): RunningEmulator;
  /** Closes every client made here, then the server; also run by the `after` hook. */
  close(): Promise<void>;
}

/** What the test's clients of an HTTPS emulator trust and present (PEM). */
export interface ClientTls {
  ca: string;
  cert?: string;
  key?: string;
}

/**
 * Node's fetch with the driver's abort signal made native: faunadb passes the signal of its
 * node-abort-controller polyfill, which the fetch of Node.js 22 and later refuses ("Expected
 * signal to be an instance of AbortSignal").
 */
interface PolyfilledSignal {
  aborted: boolean;
  addEventListener(type: 'abort', listener: () => void): void;
}

function fetchWithPolyfilledSignal(
  input: string | URL,
  init: RequestInit & { signal?: PolyfilledSignal } = {},
): Promise<Response> {
  const { signal, ...rest } = init;
  if (!signal) return fetch(input, rest);
  const native = new AbortController();
  if (signal.aborted) native.abort();
  else signal.addEventListener('abort', () => native.abort());
  return fetch(input, { ...rest, signal: native.signal });
}

/** While `body` runs, `seen` is told of every query (FQL v4 and v10) before the local server answers it. */
export async function seeingQueries<T>(
  server: EmulatorHandle,
  seen: (request: QueryRequest | V10Request) => void,
  body: () => Promise<T>,
): Promise<T> {
  const engine = server.emulator().engine;
  const [v4, v10] = [engine.query, engine.v10Query];
  engine.query = (request) => (seen(request), v4.call(engine, request));
  engine.v10Query = (request) => (seen(request), v10.call(engine, request));
  try {
    return await body();
  } finally {
    [engine.query, engine.v10Query] = [v4, v10];
  }
}

/** Moves the server's clock (transaction times and the wall clock of retention) forward. */
export function advanceClock(server: EmulatorHandle, micros: number): void {
  const clock = (server.emulator().engine as unknown as { state: { clock: { now(): number } } }).state.clock;
  const now = clock.now.bind(clock);
  clock.now = () => now() + micros;
}

/**
 * Until the returned stop(), every query of `api` that `counts` first moves the server's clock
 * `micros` forward: a read then ages as many steps as it sends queries, whatever the machine's speed.
 */
export function tickPerQuery(
  server: EmulatorHandle,
  api: 'v4' | 'v10',
  micros: number,
  counts: (body: string) => boolean = () => true,
): () => void {
  const engine = server.emulator().engine as unknown as Record<
    'query' | 'v10Query',
    (request: { body: string }) => unknown
  >;
  const method = api === 'v4' ? 'query' : 'v10Query';
  const query = engine[method].bind(engine);
  engine[method] = (request) => {
    if (counts(request.body)) advanceClock(server, micros);
    return query(request);
  };
  return () => {
    engine[method] = query;
  };
}

/**
 * Starts an emulator on a free port before the tests of the current suite and stops it after.
 * Over TLS (`options.tls`) the driver clients trust `clientTls` and talk HTTP/1.1: the driver's
 * HTTP/2 takes no TLS options in-process (test/emulator/http-tls.test.ts covers it in a child).
 */
export function withEmulator(options: EmulatorOptions = {}, clientTls?: ClientTls): EmulatorHandle {
  let running: RunningEmulator | undefined;
  const clients: faunadb.Client[] = [];
  const rootSecret = options.secret ?? 'secret';

  const started = (): RunningEmulator => {
    if (running === undefined)
      throw new Error(
        'the emulator is not running: use the handle inside tests of the suite that called withEmulator()',
      );
    return running;
  };

  const handle: EmulatorHandle = {
    url: () => started().url,
    rootClient: () => handle.client(rootSecret, 'http2'),
    client(secret, transport = 'http2') {
      const { host, port } = started();
      const client = options.tls
        ? tlsDriverClient(secret, host, port, clientTls)
        : new faunadb.Client({
            secret,
            domain: host,
            port,
            scheme: 'http',
            // The driver types `fetch` as cross-fetch's; Node's global fetch is call-compatible.
            ...(transport === 'http1' && { fetch: fetchWithPolyfilledSignal as never }),
          });
      clients.push(client);
      return client;
    },
    emulator: started,
    async close() {
      await Promise.all(clients.splice(0).map((client) => client.close({ force: true })));
      const server = running;
      running = undefined;
      await server?.close();
    },
  };

  before(async () => {
    running = await startEmulator({ ...options, port: 0 });
  });
  after(() => handle.close());
  return handle;
}

function tlsDriverClient(secret: string, domain: string, port: number, tls: ClientTls | undefined): faunadb.Client {
  if (tls === undefined) throw new Error("withEmulator: an HTTPS emulator needs the clients' TLS settings (clientTls)");
  const dispatcher = new Agent({ connect: tls });
  // Node's fetch takes undici's dispatcher option.
  const fetch = (url: string, init: object) =>
    fetchWithPolyfilledSignal(url, { ...init, dispatcher } as RequestInit & { signal?: PolyfilledSignal });
  return new faunadb.Client({ secret, domain, port, scheme: 'https', fetch: fetch as never });
}
