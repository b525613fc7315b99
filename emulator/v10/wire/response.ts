// The bodies `/query/1` answers (the core's `ext/api/src/main/scala/api/fql2/FQL2Response.scala`):
// a success, a query error (with its `summary`, `txn_ts` and `stats`), and a protocol error
// (`{"error": {code, message}}` only).
import type { Span } from '../fql/ast.js';
import type { V10Error } from '../fql/errors.js';
import { encode, type Format } from './encode.js';

export interface Reply {
  status: number;
  body: string;
  txnTs: number;
}

export interface QueryMeta {
  txnTs: number;
  format: Format;
  queryTimeMs: number;
  /** `x-query-tags` as sent, echoed as `query_tags`. */
  tags: string | undefined;
}

/** The emulator meters nothing but the query's time: one compute op per query, the rest zero. */
export function stats(queryTimeMs: number): string {
  return (
    `{"compute_ops":1,"read_ops":0,"write_ops":0,"query_time_ms":${queryTimeMs},"contention_retries":0,` +
    '"storage_bytes_read":0,"storage_bytes_write":0,"rate_limits_hit":[]}'
  );
}

function tail(meta: QueryMeta, summary: string): string {
  const tags = meta.tags === undefined ? '' : `,"query_tags":${JSON.stringify(meta.tags)}`;
  return `"summary":${JSON.stringify(summary)},"txn_ts":${meta.txnTs},"stats":${stats(meta.queryTimeMs)},"schema_version":0${tags}`;
}

/** The result, then its `static_type` when the query was typechecked (`FQL2Response.Success`). */
export function success(data: string, meta: QueryMeta, staticType?: string): Reply {
  const typed = staticType === undefined ? '' : `"static_type":${JSON.stringify(staticType)},`;
  return { status: 200, body: `{"data":${data},${typed}${tail(meta, '')}}`, txnTs: meta.txnTs };
}

/** A check or runtime failure of the query: its code, message, span rendered into `summary`. */
export function queryFailure(err: V10Error, text: string, meta: QueryMeta): Reply {
  let error = `{"code":${JSON.stringify(err.code)},"message":${JSON.stringify(err.message)}`;
  if (err.constraintFailures) error += `,"constraint_failures":${JSON.stringify(err.constraintFailures)}`;
  if (err.abort !== undefined) error += `,"abort":${encode(err.abort, meta.format)}`;
  error += '}';
  return {
    status: err.status,
    body: `{"error":${error},${tail(meta, summary({ message: err.diagnostic ?? err.message, span: err.span }, text))}}`,
    txnTs: meta.txnTs,
  };
}

/** A problem with the request itself (headers, body, auth, limits): no summary, txn_ts or stats. */
export function protocolFailure(status: number, code: string, message: string, txnTs: number): Reply {
  return { status, body: JSON.stringify({ error: { code, message } }), txnTs };
}

/**
 * 401: no secret, or one that authenticates nobody. The core's texts differ by endpoint, not by
 * cause: `ProtocolError.Unauthorized` in `ext/api/.../fql2/FQL2Response.scala` for `/query/1`,
 * `Error.Unauthorized` in `FeedResponse.scala` for `/feed/1`.
 */
export function unauthorized(endpoint: 'query' | 'feed', txnTs: number): Reply {
  const message = endpoint === 'query' ? 'Access token required' : 'Invalid token, unable to authenticate request';
  return protocolFailure(401, 'unauthorized', message, txnTs);
}

/**
 * The core's diagnostic rendering: the message, the position as `*query*:line:column`, and the
 * source line with the span underlined. Interpolated values (NUL in the text) show as `?`.
 */
export function summary(err: { message: string; span: Span | undefined }, text: string): string {
  const head = `error: ${err.message}`;
  const span = err.span;
  if (span === undefined || span.start > text.length) return head;
  const source = text.replaceAll('\0', '?');
  const lineStart = source.lastIndexOf('\n', span.start - 1) + 1;
  const lineEndAt = source.indexOf('\n', span.start);
  const lineEnd = lineEndAt < 0 ? source.length : lineEndAt;
  const line = source.slice(lineStart, lineEnd);
  const lineNo = source.slice(0, lineStart).split('\n').length;
  const column = span.start - lineStart + 1;
  const width = Math.max(1, Math.min(span.end, lineEnd) - span.start);
  const gutter = ' '.repeat(String(lineNo).length);
  return [
    head,
    `at *query*:${lineNo}:${column}`,
    `${gutter} |`,
    `${lineNo} | ${line}`,
    `${gutter} | ${' '.repeat(column - 1)}${'^'.repeat(width)}`,
    `${gutter} |`,
  ].join('\n');
}
