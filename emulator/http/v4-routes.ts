import http2 from 'node:http2';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Engine } from '../engine.js';
import { secretFromAuthorization } from './auth-header.js';
import type { FaultPlan } from './faults.js';
import type { QueryGate } from './gate.js';
import { CONTENT_TYPE, metricHeaders, readRequestMeta, type RequestMeta } from './v4-headers.js';
import type { Handler, Request, Response } from './server.js';
import { routeV10, V10_PATHS, v10TooLarge, v10TooManyRequests, type V10Reply } from './v10-routes.js';

/** Routing of the FQL v4 endpoint (fauna-wire.md §1.1, §9.1) and of v10's (v10-routes.ts); the engine answers queries. */

export interface RouteOptions {
  engine: Engine;
  latencyMs: number;
  faults: FaultPlan | undefined;
  gate: QueryGate;
}

interface Reply {
  status: number;
  body: string;
  txnTime: number;
  headers?: Record<string, string>;
  /** Whether the engine evaluated the request (for the compute-ops metric). */
  evaluated?: boolean;
  queryTimeMs?: number;
}

function errorBody(code: string, description: string): string {
  return JSON.stringify({ errors: [{ code, description }] });
}

function errorReply(engine: Engine, status: number, code: string, description: string, headers?: Record<string, string>): Reply {
  return { status, body: errorBody(code, description), txnTime: engine.txnTime(), ...(headers && { headers }) };
}

// What the core answers when it has too many pending requests (fauna-wire.md §1.5, §7).
function tooManyRequests(engine: Engine): Reply {
  return errorReply(engine, 429, 'too many requests', 'Too many pending requests.', { 'retry-after': '1' });
}

const UNAUTHORIZED = { 'www-authenticate': 'Basic realm="Unauthorized"' };

function methodNotAllowed(engine: Engine, allowed: string[]): Reply {
  const list = allowed.join(', ');
  return errorReply(engine, 405, 'method not allowed', `Allowed methods are ${list}.`, { allow: list });
}

// Scope names and aliases of the core's /ping; anything else is the single-node check.
const PING_SCOPES: Record<string, string> = { all: 'all', write: 'write', global: 'write', read: 'read', local: 'read' };

function ping(engine: Engine, params: URLSearchParams): Reply {
  const scope = PING_SCOPES[params.get('scope') ?? 'write'] ?? 'node';
  return { status: 200, body: JSON.stringify({ resource: `Scope ${scope} is OK` }), txnTime: engine.txnTime() };
}

const QUERY_PATHS = new Set(['/', '', '/linearized']);

async function query(options: RouteOptions, req: Request, body: Buffer, secret: string | undefined): Promise<Reply | 'reset'> {
  const { engine } = options;
  const fault = options.faults?.next();
  switch (fault?.kind) {
    case 'throttle':
      return tooManyRequests(engine);
    case 'unavailable':
      return errorReply(engine, 503, 'time out', 'Read timed out');
    case 'reset':
      return 'reset';
    case 'slow':
      await sleep(fault.delayMs);
  }
  const started = performance.now();
  try {
    const answer = engine.query({ secret, body: body.toString('utf8') });
    const reply: Reply = { ...answer, evaluated: true, queryTimeMs: Math.round(performance.now() - started) };
    if (answer.status === 401) reply.headers = UNAUTHORIZED;
    return reply;
  } catch (error) {
    // An engine defect: report it to the client as the core reports its own, and to the operator.
    process.stderr.write(`fauna-emulator: internal error on ${req.method} ${req.url}: ${(error as Error).stack ?? String(error)}\n`);
    return errorReply(engine, 500, 'internal server error', `${String(error)} (fauna-emulator defect; please report it with the query)`);
  }
}

async function route(options: RouteOptions, req: Request, body: Buffer, meta: RequestMeta): Promise<Reply | 'reset'> {
  const { engine } = options;
  if (meta.invalid !== undefined) return errorReply(engine, 400, 'bad request', meta.invalid);
  const url = new URL(req.url ?? '/', 'http://emulator');
  if (url.pathname === '/ping') {
    return req.method === 'GET' || req.method === 'HEAD' ? ping(engine, url.searchParams) : methodNotAllowed(engine, ['GET']);
  }
  if (!QUERY_PATHS.has(url.pathname)) return errorReply(engine, 404, 'not found', 'Not Found');
  // As in the core, authentication comes before the method check on the query endpoint.
  const secret = secretFromAuthorization(req.headers.authorization);
  if (req.method !== 'POST') {
    return secret === undefined
      ? errorReply(engine, 401, 'unauthorized', 'Unauthorized', UNAUTHORIZED)
      : methodNotAllowed(engine, ['POST']);
  }
  return query(options, req, body, secret);
}

function reset(req: Request): void {
  if (req instanceof http2.Http2ServerRequest) req.stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
  else req.socket.destroy();
}

function send(req: Request, res: Response, reply: Reply, meta: RequestMeta, bytesIn: number): void {
  const payload = Buffer.from(reply.body, 'utf8');
  const metrics = { bytesIn, bytesOut: payload.length, queryTimeMs: reply.queryTimeMs ?? 0 };
  const headers: Record<string, string | number> = {
    'content-type': CONTENT_TYPE,
    'content-length': payload.length,
    'x-txn-time': String(reply.txnTime),
    traceparent: meta.traceparent,
    ...(meta.tags !== undefined && { 'x-fauna-tags': meta.tags }),
    ...metricHeaders(reply.status, metrics, reply.evaluated ?? false),
    ...reply.headers,
  };
  res.writeHead(reply.status, headers);
  if (req.method === 'HEAD') res.end();
  else res.end(payload);
}

// The core refuses request bodies of about this size with 413.
const MAX_BODY_BYTES = 8 * 1024 * 1024;

interface Body {
  bytes: Buffer;
  size: number;
}

// Reads the whole body, but keeps none of one that is too large: it is drained, then refused.
function readBody(req: Request): Promise<Body> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve({ bytes: size > MAX_BODY_BYTES ? Buffer.alloc(0) : Buffer.concat(chunks), size }));
    req.on('error', reject);
  });
}

function sendV10(req: Request, res: Response, reply: V10Reply): void {
  const payload = Buffer.from(reply.body, 'utf8');
  res.writeHead(reply.status, {
    'content-type': CONTENT_TYPE,
    'content-length': payload.length,
    ...reply.headers,
  });
  if (req.method === 'HEAD') res.end();
  else res.end(payload);
}

function pathOf(req: Request): string {
  return new URL(req.url ?? '/', 'http://emulator').pathname;
}

function isQuery(req: Request, path: string): boolean {
  return req.method === 'POST' && (QUERY_PATHS.has(path) || V10_PATHS.has(path));
}

async function answerV10(options: RouteOptions, req: Request, res: Response, path: string, admitted: boolean | undefined): Promise<void> {
  const body = await readBody(req);
  // The time budget starts once the whole request is in, added latency included.
  const arrival = performance.now();
  if (options.latencyMs > 0) await sleep(options.latencyMs);
  const lastTs = options.engine.txnTime();
  const reply = body.size > MAX_BODY_BYTES
    ? v10TooLarge(lastTs)
    : admitted === false
      ? v10TooManyRequests(lastTs)
      : await routeV10(options, req, path, body.bytes, arrival);
  if (reply === 'reset') reset(req);
  else sendV10(req, res, reply);
}

export function createHandler(options: RouteOptions): Handler {
  return (req, res) => {
    // Counted from arrival, so a query held by the added latency is in flight too.
    const path = pathOf(req);
    const admitted = isQuery(req, path) ? options.gate.enter() : undefined;
    void (async () => {
      if (V10_PATHS.has(path)) return answerV10(options, req, res, path, admitted);
      const body = await readBody(req);
      if (options.latencyMs > 0) await sleep(options.latencyMs);
      const meta = readRequestMeta(req.headers);
      const reply =
        body.size > MAX_BODY_BYTES
          ? errorReply(options.engine, 413, 'request too large', 'Request entity is too large.')
          : admitted === false
            ? tooManyRequests(options.engine)
            : await route(options, req, body.bytes, meta);
      if (reply === 'reset') reset(req);
      else send(req, res, reply, meta, body.size);
    })()
      .catch(() => {
        // The client went away mid-request; there is nobody left to answer.
        if (!res.headersSent) reset(req);
      })
      .finally(() => {
        if (admitted !== undefined) options.gate.leave(admitted);
      });
  };
}
