// Request and response headers of Fauna's FQL v4 endpoint (the core's
// `ext/api/src/main/scala/api/fql1/APIRequest.scala`).
import { randomBytes } from 'node:crypto';
import { parseTags, single, type Headers } from './header-values.js';

// API versions Fauna's core knows. Only v4 rendering is emulated, and every version of the
// faunadb drivers this emulator serves sends "4"; an absent header is taken as 4 too (the core
// would fall back to 2.1, whose rendering no v4 driver expects).
const SUPPORTED_API_VERSIONS = new Set(['4']);
const KNOWN_API_VERSIONS = new Set(['2.0', '2.1', '2.7', '2.12', '3', '4', '5', 'UNSTABLE']);

const MAX_QUERY_TIMEOUT_MS = 600_000;

function checkApiVersion(value: string): string | undefined {
  if (SUPPORTED_API_VERSIONS.has(value)) return undefined;
  if (KNOWN_API_VERSIONS.has(value))
    return `API version '${value}' is not supported by fauna-emulator, which speaks only version 4.`;
  return `Unsupported or invalid API version '${value}'.`;
}

function checkTimestamp(value: string): string | undefined {
  return /^-?\d+$/.test(value) ? undefined : `Invalid timestamp '${value}'.`;
}

function checkQueryTimeout(value: string): string | undefined {
  if (!/^-?\d+$/.test(value)) return `Invalid number '${value}'.`;
  const ms = Number(value);
  if (ms <= 0) return 'Must be greater than 0.';
  if (ms > MAX_QUERY_TIMEOUT_MS) return `Must be less than or equal to ${MAX_QUERY_TIMEOUT_MS}.`;
  return undefined;
}

function checkContentionRetries(value: string): string | undefined {
  if (!/^-?\d+$/.test(value)) return `Invalid number '${value}'.`;
  const retries = Number(value);
  return retries < 0 || retries > 7 ? 'Must be between 0 and 7.' : undefined;
}

// In the order the core parses them: the first invalid one is reported.
const REQUEST_PARAMS: ReadonlyArray<[string, (value: string) => string | undefined]> = [
  ['x-faunadb-api-version', checkApiVersion],
  ['x-last-seen-txn', checkTimestamp],
  ['x-query-timeout', checkQueryTimeout],
  ['x-max-retries-on-contention', checkContentionRetries],
];

export interface RequestMeta {
  /** `Invalid header '…': …` when a header the core validates is malformed (answered with 400). */
  invalid?: string;
  /** The `x-fauna-tags` value to echo, if the request carried valid tags. */
  tags?: string;
  /** The `traceparent` to return. */
  traceparent: string;
}

export function readRequestMeta(headers: Headers): RequestMeta {
  const meta: RequestMeta = { traceparent: responseTraceparent(single(headers, 'traceparent')) };
  for (const [name, check] of REQUEST_PARAMS) {
    const value = single(headers, name);
    const problem = value === undefined ? undefined : check(value);
    if (problem !== undefined) {
      meta.invalid = `Invalid header '${name}': ${problem}`;
      return meta;
    }
  }
  const tags = single(headers, 'x-fauna-tags');
  if (tags !== undefined) {
    const parsed = parseTags(tags);
    if ('error' in parsed) meta.invalid = `Invalid header 'x-fauna-tags': ${parsed.error}`;
    else if (parsed.echo !== '') meta.tags = parsed.echo;
  }
  return meta;
}

const TRACEPARENT = /^([\da-f]{2})-([\da-f]{32})-[\da-f]{16}-([\da-f]{2})$/;

/**
 * W3C trace context: a valid incoming traceparent keeps its trace id and flags under this server's
 * own span id; anything else starts a new trace.
 */
function responseTraceparent(incoming: string | undefined): string {
  const span = randomBytes(8).toString('hex');
  const match = incoming === undefined ? null : TRACEPARENT.exec(incoming);
  if (match === null) return `00-${randomBytes(16).toString('hex')}-${span}-00`;
  return `${match[1]}-${match[2]}-${span}-${match[3]}`;
}

export interface Metrics {
  bytesIn: number;
  bytesOut: number;
  queryTimeMs: number;
}

/**
 * The nine metric headers the core sets on every response but 401 and 500. The emulator does not
 * meter storage: compute ops count the one evaluation, byte ops and storage bytes are zero.
 */
export function metricHeaders(status: number, metrics: Metrics, evaluated: boolean): Record<string, string> {
  if (status === 401 || status === 500) return {};
  return {
    'x-compute-ops': evaluated ? '1' : '0',
    'x-byte-read-ops': '0',
    'x-byte-write-ops': '0',
    'x-query-time': String(metrics.queryTimeMs),
    'x-query-bytes-in': String(metrics.bytesIn),
    'x-query-bytes-out': String(metrics.bytesOut),
    'x-storage-bytes-read': '0',
    'x-storage-bytes-write': '0',
    'x-txn-retries': '0',
  };
}
