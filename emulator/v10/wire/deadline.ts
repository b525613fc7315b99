// The time budget of a v10 request (`x-query-timeout-ms`), counted from its arrival in whole
// milliseconds started: a 1 ms budget is spent as soon as any work is done, which is how clients
// see the core's 440 `time_out` against a fast local server.
import { V10Error } from '../fql/errors.js';
import { protocolFailure, type Reply } from './response.js';

const MESSAGE = 'Query timed out: the request did not finish within its aggressive deadline (x-query-timeout-ms).';

export function expired(deadline: number): boolean {
  return performance.now() + 1 > deadline;
}

/** Thrown inside the transaction, so the runtime undoes it. */
export function timeoutError(): V10Error {
  return new V10Error('time_out', MESSAGE, undefined, 440);
}

/** A time out is a protocol error: no summary, txn_ts or stats. */
export function timedOut(lastTs: number): Reply {
  return protocolFailure(440, 'time_out', MESSAGE, lastTs);
}
