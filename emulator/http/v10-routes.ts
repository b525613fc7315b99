// `POST /query/1` and `POST /feed/1` (fql-v10.md §1, §4) on the v4 port and transports, with the
// same fault plan, latency and admission gate as v4 queries, answered in v10's error shapes.
import { setTimeout as sleep } from 'node:timers/promises';
import { secretFromAuthorization } from './auth-header.js';
import type { Fault } from './faults.js';
import { readV10Params } from './v10-headers.js';
import type { RouteOptions } from './v4-routes.js';
import type { Request } from './server.js';
import { protocolFailure, type Reply } from '../v10/wire/response.js';

export const V10_PATHS = new Set(['/query/1', '/feed/1']);

export interface V10Reply extends Reply {
  headers?: Record<string, string>;
}

const RETRY_AFTER = { 'retry-after': '1' };
const TIMEOUT_NOTICE_MS = 25;

export function v10TooManyRequests(lastTs: number): V10Reply {
  return { ...protocolFailure(429, 'limit_exceeded', 'Too many pending requests.', lastTs), headers: RETRY_AFTER };
}

export function v10TooLarge(lastTs: number): V10Reply {
  return protocolFailure(413, 'request_size_exceeded', 'Request entity is too large.', lastTs);
}

function faulted(fault: Fault | undefined, lastTs: number): V10Reply | 'reset' | undefined {
  switch (fault?.kind) {
    case 'throttle': return v10TooManyRequests(lastTs);
    case 'unavailable': return protocolFailure(503, 'time_out', 'Read timed out.', lastTs);
    case 'reset': return 'reset';
  }
  return undefined;
}

/** One v10 request. Its time budget (`x-query-timeout-ms`) counts from `arrival` (`performance.now()`). */
export async function routeV10(options: RouteOptions, req: Request, path: string, body: Buffer, arrival: number): Promise<V10Reply | 'reset'> {
  const { engine } = options;
  const lastTs = engine.txnTime();
  if (req.method !== 'POST') {
    return { ...protocolFailure(405, 'method_not_allowed', 'Allowed methods are POST.', lastTs), headers: { allow: 'POST' } };
  }
  const params = readV10Params(req.headers);
  if ('invalid' in params) return protocolFailure(400, 'invalid_request', params.invalid, lastTs);
  const fault = options.faults?.next();
  const refused = faulted(fault, lastTs);
  if (refused !== undefined) return refused;
  if (fault?.kind === 'slow') await sleep(fault.delayMs);
  const secret = secretFromAuthorization(req.headers.authorization);
  const request = { secret, body: body.toString('utf8'), params, deadline: arrival + params.timeoutMs };
  try {
    const reply = path === '/query/1' ? engine.query10(request) : engine.feed10(request);
    // A server gives up on a request when its deadline passes, not before, and a remote one's
    // answer takes a while more to arrive: the 440 leaves a little after the deadline, so a client
    // whose own timeout equals the budget (no buffer) sees its timeout first, even on a busy machine.
    if (reply.status === 440) await sleep(Math.max(0, request.deadline - performance.now()) + TIMEOUT_NOTICE_MS);
    return reply.status === 401 ? { ...reply, headers: { 'www-authenticate': 'Bearer' } } : reply;
  } catch (error) {
    // An engine defect: report it to the client as the core reports its own, and to the operator.
    process.stderr.write(`fauna-emulator: internal error on ${req.method} ${req.url}: ${(error as Error).stack ?? String(error)}\n`);
    return protocolFailure(500, 'internal_error', `${String(error)} (fauna-emulator defect; please report it with the query)`, lastTs);
  }
}
