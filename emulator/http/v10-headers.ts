// Request headers of `/query/1` and `/feed/1` , validated in the order the core's
// `ext/api/src/main/scala/api/RequestParams.scala` reads them: the first bad one answers 400
// `invalid_request`.
import type { RequestParams } from '../v10/wire/query.js';
import { parseTags, single, type Headers } from './header-values.js';

export const DEFAULT_TIMEOUT_MS = 120_000;
const MAX_TIMEOUT_MS = 600_000;

const INTEGER = /^-?\d+$/;
const BOOLEAN = new Set(['true', 'false']);

function checkBoolean(value: string): string | undefined {
  return BOOLEAN.has(value) ? undefined : `Invalid boolean '${value}'.`;
}

/** Parsed parameters, or the message of the 400 a bad header gets. */
export function readParams(headers: Headers): RequestParams | { invalid: string } {
  const params: RequestParams = {
    format: 'simple',
    timeoutMs: DEFAULT_TIMEOUT_MS,
    lastTxnTs: undefined,
    tags: undefined,
    typecheck: undefined,
  };
  const bad = (name: string, problem: string) => ({ invalid: `Invalid header '${name}': ${problem}` });

  const format = single(headers, 'x-format');
  if (format !== undefined) {
    // `decorated` is the core's pretty-printed FQL rendering, which no driver asks for.
    if (format !== 'simple' && format !== 'tagged') return bad('x-format', `Invalid format ${format}`);
    params.format = format;
  }
  const timeout = single(headers, 'x-query-timeout-ms');
  if (timeout !== undefined) {
    if (!INTEGER.test(timeout)) return bad('x-query-timeout-ms', `Invalid number '${timeout}'.`);
    const ms = Number(timeout);
    if (ms <= 0) return bad('x-query-timeout-ms', 'Must be greater than 0.');
    if (ms > MAX_TIMEOUT_MS) return bad('x-query-timeout-ms', `Must be less than or equal to ${MAX_TIMEOUT_MS}.`);
    params.timeoutMs = ms;
  }
  const last = single(headers, 'x-last-txn-ts');
  if (last !== undefined) {
    if (!INTEGER.test(last)) return bad('x-last-txn-ts', `Invalid timestamp '${last}'.`);
    params.lastTxnTs = Number(last);
  }
  for (const name of ['x-linearized', 'x-typecheck', 'x-performance-hints']) {
    const value = single(headers, name);
    const problem = value === undefined ? undefined : checkBoolean(value);
    if (problem !== undefined) return bad(name, problem);
    if (name === 'x-typecheck' && value !== undefined) params.typecheck = value === 'true';
  }
  const retries = single(headers, 'x-max-contention-retries');
  if (retries !== undefined && !(INTEGER.test(retries) && Number(retries) >= 0 && Number(retries) <= 7)) {
    return bad('x-max-contention-retries', 'Must be between 0 and 7.');
  }
  const tags = single(headers, 'x-query-tags');
  if (tags !== undefined) {
    const parsed = parseTags(tags);
    if ('error' in parsed) return bad('x-query-tags', parsed.error);
    // v10 echoes tags as sent (the v4 header echo lists them reversed).
    if (tags !== '') params.tags = tags;
  }
  return params;
}
