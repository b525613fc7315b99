// `POST /query/1` from body to answer: the body's `query` (a string or a template) and
// `arguments` decoded, parsed, run as one transaction by the v10 runtime, the result encoded in
// the request's format (the core's `ext/api/src/main/scala/api/fql2/FQL2Request.scala`).
import type { Expr } from '../fql/ast.js';
import { V10Error } from '../fql/errors.js';
import { parseQuery } from '../fql/parser.js';
import type { Value } from '../fql/values.js';
import { JsonSyntaxError, parseJson, type Json } from '../../core/json.js';
import { Dbl } from '../../core/values.js';
import { DecodeError, decodeValue } from './decode.js';
import { timedOut } from './deadline.js';
import { encode } from './encode.js';
import { flattenQuery, type FlatQuery } from './template.js';
import { protocolFailure, queryFailure, success, type QueryMeta, type Reply } from './response.js';

/** What the request's headers say (read by http/v10-headers.ts). */
export interface RequestParams {
  format: 'simple' | 'tagged';
  /** The query's budget; the core's default is 2 minutes. */
  timeoutMs: number;
  /** `x-last-txn-ts`: the snapshot must be at least this (µs). */
  lastTxnTs: number | undefined;
  /** `x-query-tags` to echo as `query_tags`, in the order sent. */
  tags: string | undefined;
  /** `x-typecheck`: absent, the database's `typechecked` setting decides. */
  typecheck: boolean | undefined;
}

export interface QueryRequest {
  body: string;
  params: RequestParams;
}

/**
 * What runs a parsed query (`text` its source) as one transaction at `txnTs`: its result and,
 * when typechecked, the result's static type. Throws a V10Error (undone) on failure.
 */
export type Runner = (
  query: Expr,
  args: Record<string, Value>,
  txnTs: number,
  text: string,
) => { value: Value; staticType: string | undefined };

interface Parsed {
  flat: FlatQuery;
  args: Record<string, Value>;
}

/** The request's query and arguments, or the 400 `invalid_request` they deserve. */
function parseRequest(body: string, params: RequestParams): Parsed | string {
  if (body.trim() === '') return 'Invalid request body: No request body provided';
  let json: Json;
  try {
    json = parseJson(body);
  } catch (err) {
    if (err instanceof JsonSyntaxError) return `Invalid request body: ${err.message}`;
    throw err;
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json) || json instanceof Dbl) {
    return 'Invalid request body: expected an object with `query` and optional `arguments`.';
  }
  if (json.query === undefined) return 'Invalid request body: Value for key query not found.';
  let flat: FlatQuery;
  try {
    flat = flattenQuery(json.query);
  } catch (err) {
    if (err instanceof DecodeError) return `Invalid request body: ${err.message}`;
    throw err;
  }
  const args: Record<string, Value> = Object.create(null) as Record<string, Value>;
  const raw = json.arguments;
  if (raw !== undefined && raw !== null) {
    if (typeof raw !== 'object' || Array.isArray(raw) || raw instanceof Dbl)
      return 'Invalid request body: `arguments` must be an object.';
    for (const [name, value] of Object.entries(raw)) {
      try {
        args[name] = decodeValue(value, params.format);
      } catch (err) {
        if (err instanceof DecodeError) return `Invalid argument '${name}': ${err.message}`;
        throw err;
      }
    }
  }
  return { flat, args };
}

export function runQuery(request: QueryRequest, nextTs: () => number, lastTs: number, run: Runner): Reply {
  const started = performance.now();
  const parsed = parseRequest(request.body, request.params);
  if (typeof parsed === 'string') return protocolFailure(400, 'invalid_request', parsed, lastTs);
  const txnTs = nextTs();
  const meta = (): QueryMeta => ({
    txnTs,
    format: request.params.format,
    tags: request.params.tags,
    queryTimeMs: Math.round(performance.now() - started),
  });
  try {
    const expr = parseQuery(parsed.flat.text, parsed.flat.values);
    const { value, staticType } = run(expr, parsed.args, txnTs, parsed.flat.text);
    return success(encode(value, request.params.format), meta(), staticType);
  } catch (err) {
    if (err instanceof V10Error && err.code === 'time_out') return timedOut(txnTs);
    // `invalid_request` is only ever a protocol error's code on the core (a read below the
    // retention reaches `ExceptionResponseHelpers.scala`, rendered by `FQL2Response.ProtocolError`):
    // `{"error": {code, message}}` with no summary, txn_ts or stats.
    if (err instanceof V10Error && err.code === 'invalid_request')
      return protocolFailure(err.status, err.code, err.message, txnTs);
    if (err instanceof V10Error) return queryFailure(err, parsed.flat.text, meta());
    throw err;
  }
}
