// The FQL v4 endpoint (`POST /`) and `/ping`, answered in v4's error shapes
// (`api/fql1/FQL1Routes.scala` and `UtilRoutes.scala` of the core's `ext/api`).
import { setTimeout as sleep } from 'node:timers/promises';
import type { Engine } from '../engine.js';
import { secretFromAuthorization } from './auth-header.js';
import { MAX_BODY_BYTES, readBody, reset, type RouteOptions } from './exchange.js';
import { CONTENT_TYPE } from './header-values.js';
import { metricHeaders, readRequestMeta, type RequestMeta } from './v4-headers.js';
import type { Request, Response } from './server.js';

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

function errorReply(
  engine: Engine,
  status: number,
  code: string,
  description: string,
  headers?: Record<string, string>,
): Reply {
  return { status, body: errorBody(code, description), txnTime: engine.txnTime(), ...(headers && { headers }) };
}

// What the core answers when it has too many pending requests (`api/ExceptionResponseHelpers.scala`
// of the core's `ext/api`).
function tooManyRequests(engine: Engine): Reply {
  return errorReply(engine, 429, 'too many requests', 'Too many pending requests.', { 'retry-after': '1' });
}

const UNAUTHORIZED = { 'www-authenticate': 'Basic realm="Unauthorized"' };

function methodNotAllowed(engine: Engine, allowed: string[]): Reply {
  const list = allowed.join(', ');
  return errorReply(engine, 405, 'method not allowed', `Allowed methods are ${list}.`, { allow: list });
}

// Scope names and aliases of the core's /ping; anything else is the single-node check.
const PING_SCOPES: Record<string, string> = {
  all: 'all',
  write: 'write',
  global: 'write',
  read: 'read',
  local: 'read',
};

function ping(engine: Engine, params: URLSearchParams): Reply {
  const scope = PING_SCOPES[params.get('scope') ?? 'write'] ?? 'node';
  return { status: 200, body: JSON.stringify({ resource: `Scope ${scope} is OK` }), txnTime: engine.txnTime() };
}

/** The paths of v4 queries. */
export const PATHS = new Set(['/', '', '/linearized']);

async function query(
  options: RouteOptions,
  req: Request,
  body: Buffer,
  secret: string | undefined,
): Promise<Reply | 'reset'> {
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
    process.stderr.write(
      `fauna-emulator: internal error on ${req.method} ${req.url}: ${(error as Error).stack ?? String(error)}\n`,
    );
    return errorReply(
      engine,
      500,
      'internal server error',
      `${String(error)} (fauna-emulator defect; please report it with the query)`,
    );
  }
}

async function route(options: RouteOptions, req: Request, body: Buffer, meta: RequestMeta): Promise<Reply | 'reset'> {
  const { engine } = options;
  if (meta.invalid !== undefined) return errorReply(engine, 400, 'bad request', meta.invalid);
  const url = new URL(req.url ?? '/', 'http://emulator');
  if (url.pathname === '/ping') {
    return req.method === 'GET' || req.method === 'HEAD'
      ? ping(engine, url.searchParams)
      : methodNotAllowed(engine, ['GET']);
  }
  if (!PATHS.has(url.pathname)) return errorReply(engine, 404, 'not found', 'Not Found');
  // As in the core, authentication comes before the method check on the query endpoint.
  const secret = secretFromAuthorization(req.headers.authorization);
  if (req.method !== 'POST') {
    return secret === undefined
      ? errorReply(engine, 401, 'unauthorized', 'Unauthorized', UNAUTHORIZED)
      : methodNotAllowed(engine, ['POST']);
  }
  return query(options, req, body, secret);
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

/** One request to a path other than v10's; `admitted` is the gate's answer for a query. */
export async function answer(
  options: RouteOptions,
  req: Request,
  res: Response,
  admitted: boolean | undefined,
): Promise<void> {
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
}
