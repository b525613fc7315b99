// `POST /query/1` and `POST /feed/1` (docs/local-server-v10.md) on the v4 port and transports, with
// the same fault plan, latency and admission gate as v4 queries, answered in v10's error shapes.
import { setTimeout as sleep } from 'node:timers/promises';
import { secretFromAuthorization } from './auth-header.js';
import { MAX_BODY_BYTES, readBody, reset, type RouteOptions } from './exchange.js';
import type { Fault } from './faults.js';
import { CONTENT_TYPE } from './header-values.js';
import { readParams } from './v10-headers.js';
import type { Request, Response } from './server.js';
import { protocolFailure, type Reply } from '../v10/wire/response.js';

export const PATHS = new Set(['/query/1', '/feed/1']);

interface V10Reply extends Reply {
  headers?: Record<string, string>;
}

const RETRY_AFTER = { 'retry-after': '1' };
const TIMEOUT_NOTICE_MS = 25;

function tooManyRequests(lastTs: number): V10Reply {
  return { ...protocolFailure(429, 'limit_exceeded', 'Too many pending requests.', lastTs), headers: RETRY_AFTER };
}

function tooLarge(lastTs: number): V10Reply {
  return protocolFailure(413, 'request_size_exceeded', 'Request entity is too large.', lastTs);
}

function faulted(fault: Fault | undefined, lastTs: number): V10Reply | 'reset' | undefined {
  switch (fault?.kind) {
    case 'throttle':
      return tooManyRequests(lastTs);
    case 'unavailable':
      return protocolFailure(503, 'time_out', 'Read timed out.', lastTs);
    case 'reset':
      return 'reset';
  }
  return undefined;
}

/** One v10 request. Its time budget (`x-query-timeout-ms`) counts from `arrival` (`performance.now()`). */
async function route(
  options: RouteOptions,
  req: Request,
  path: string,
  body: Buffer,
  arrival: number,
): Promise<V10Reply | 'reset'> {
  const { engine } = options;
  const lastTs = engine.txnTime();
  if (req.method !== 'POST') {
    return {
      ...protocolFailure(405, 'method_not_allowed', 'Allowed methods are POST.', lastTs),
      headers: { allow: 'POST' },
    };
  }
  const params = readParams(req.headers);
  if ('invalid' in params) return protocolFailure(400, 'invalid_request', params.invalid, lastTs);
  const fault = options.faults?.next();
  const refused = faulted(fault, lastTs);
  if (refused !== undefined) return refused;
  if (fault?.kind === 'slow') await sleep(fault.delayMs);
  const secret = secretFromAuthorization(req.headers.authorization);
  const request = { secret, body: body.toString('utf8'), params, deadline: arrival + params.timeoutMs };
  try {
    const reply = path === '/query/1' ? engine.v10Query(request) : engine.v10Feed(request);
    // A server gives up on a request when its deadline passes, not before, and a remote one's
    // answer takes a while more to arrive: the 440 leaves a little after the deadline, so a client
    // whose own timeout equals the budget (no buffer) sees its timeout first, even on a busy
    // machine.
    if (reply.status === 440) await sleep(Math.max(0, request.deadline - performance.now()) + TIMEOUT_NOTICE_MS);
    // The core challenges on the query endpoint only: `ProtocolError.Unauthorized` in
    // `ext/api/src/main/scala/api/fql2/FQL2Response.scala`; its feed 401 carries no header.
    return reply.status === 401 && path === '/query/1'
      ? { ...reply, headers: { 'www-authenticate': 'Bearer' } }
      : reply;
  } catch (error) {
    // An engine defect: report it to the client as the core reports its own, and to the operator.
    process.stderr.write(
      `fauna-emulator: internal error on ${req.method} ${req.url}: ${(error as Error).stack ?? String(error)}\n`,
    );
    return protocolFailure(
      500,
      'internal_error',
      `${String(error)} (fauna-emulator defect; please report it with the query)`,
      lastTs,
    );
  }
}

function send(req: Request, res: Response, reply: V10Reply): void {
  const payload = Buffer.from(reply.body, 'utf8');
  res.writeHead(reply.status, {
    'content-type': CONTENT_TYPE,
    'content-length': payload.length,
    ...reply.headers,
  });
  if (req.method === 'HEAD') res.end();
  else res.end(payload);
}

/** One request to a v10 path; `admitted` is the gate's answer for a query. */
export async function answer(
  options: RouteOptions,
  req: Request,
  res: Response,
  path: string,
  admitted: boolean | undefined,
): Promise<void> {
  const body = await readBody(req);
  // The time budget starts once the whole request is in, added latency included.
  const arrival = performance.now();
  if (options.latencyMs > 0) await sleep(options.latencyMs);
  const lastTs = options.engine.txnTime();
  const reply =
    body.size > MAX_BODY_BYTES
      ? tooLarge(lastTs)
      : admitted === false
        ? tooManyRequests(lastTs)
        : await route(options, req, path, body.bytes, arrival);
  if (reply === 'reset') reset(req);
  else send(req, res, reply);
}
