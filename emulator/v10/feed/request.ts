// The body of `POST /feed/1` (the core's `api/fql2/FeedRequest.scala`), checked with the core's
// messages, verbatim: each problem is a 400 `invalid_request` before anything is read.
import { JsonSyntaxError, parseJson, type Json } from '../../core/json.js';
import { Dbl } from '../../core/values.js';
import { decodeCursor, type FeedCursor } from './cursor.js';

export interface FeedRequest {
  token: string;
  /** Where to start, exclusive; absent: the token's own start. */
  start: FeedCursor | undefined;
  pageSize: number;
}

export const DEFAULT_PAGE_SIZE = 16;
const MAX_PAGE_SIZE = 16_000;

export function parseFeedRequest(body: string): FeedRequest | { invalid: string } {
  if (body.trim() === '') return { invalid: 'No request body provided' };
  const invalid = (problem: string) => ({ invalid: `Invalid request body: ${problem}` });
  let json: Json;
  try {
    json = parseJson(body);
  } catch (err) {
    if (err instanceof JsonSyntaxError) return invalid('the body is not valid JSON.');
    throw err;
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json) || json instanceof Dbl) {
    return invalid(`Unexpected ${kind(json)} value '${text(json)}'.`);
  }
  const { token, cursor, start_ts: startTs, page_size: pageSize } = json;
  if (token === undefined) return invalid('Value for key token not found.');
  if (typeof token !== 'string') return invalid('invalid event source provided.');
  if (cursor !== undefined && startTs !== undefined) return invalid('can not provide both `start_ts` and `cursor`.');
  let start: FeedCursor | undefined;
  if (cursor !== undefined) {
    start = typeof cursor === 'string' ? decodeCursor(cursor) : undefined;
    if (start === undefined) return invalid('invalid event cursor provided.');
  }
  if (startTs !== undefined) {
    if ((typeof startTs !== 'number' && typeof startTs !== 'bigint') || !Number.isInteger(Number(startTs))) {
      return invalid(`Unexpected ${kind(startTs)} value '${text(startTs)}'.`);
    }
    start = { ts: Number(startTs), ord: 0 };
  }
  let size = DEFAULT_PAGE_SIZE;
  if (pageSize !== undefined) {
    if ((typeof pageSize !== 'number' && typeof pageSize !== 'bigint') || !Number.isInteger(Number(pageSize))) {
      return invalid(`Unexpected ${kind(pageSize)} value '${text(pageSize)}'.`);
    }
    if (pageSize <= 0) return invalid('page size must be greater than zero.');
    if (pageSize > MAX_PAGE_SIZE) return invalid(`page size can not be greater than ${MAX_PAGE_SIZE}.`);
    size = Number(pageSize);
  }
  return { token, start, pageSize: size };
}

function kind(j: Json): string {
  if (j === null) return 'null';
  if (Array.isArray(j)) return 'array';
  if (j instanceof Dbl || typeof j === 'bigint') return 'number';
  return typeof j;
}

function text(j: Json): string {
  if (typeof j === 'string') return j;
  if (j instanceof Dbl) return String(j.v);
  return typeof j === 'bigint' ? j.toString() : JSON.stringify(j);
}
