// The time budget of a v10 request (`x-query-timeout-ms`), counted from its arrival in whole
// milliseconds started: a 1 ms budget is spent as soon as any work is done, which is how clients
// see the core's 440 `time_out` against a fast local server.
import { protocolFailure, type Reply } from './response.js';

export function expired(deadline: number): boolean {
  return performance.now() + 1 > deadline;
}

export function timedOut(lastTs: number): Reply {
  return protocolFailure(440, 'time_out', 'Query timed out: the request did not finish within its aggressive deadline (x-query-timeout-ms).', lastTs);
}
