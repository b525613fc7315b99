// The FQL v10 client: `POST /query/1` and `POST /feed/1` over the same layers as the v4 client
// (undici pool <- adaptive limiter <- retries), rather than the `fauna` driver, because:
// - the driver retries only query 429s, never feeds, timeouts, 5xx or network errors, and the
//   connector's retries, backoff and limit of queries in flight must hold for v10 too;
// - its decoder loses @long digits unless told otherwise, skips empty bytes and misreads objects
//   whose own key is a tag name; the raw tagged answer is decoded here instead (tagged.ts);
// - one pool of keep-alive HTTP/1.1 connections (h2c is the driver's default; the servers speak
//   both) is what the v4 path measured fastest for concurrent pages.
// Every query asks for the tagged format (exact integers, types kept) and no typecheck, so that
// `Collection(name)` with the name as a value runs in a typechecked database too.
import { FaunaError, TransportError } from '../errors.js';
import type { HttpResponse } from '../http.js';
import { LayeredClient, retryableWith, type FaunaClientOptions, type Layers } from '../layers.js';
import type { Tagged } from './tagged.js';
import type { Template } from './template.js';

export interface QueryAnswer {
  /** The answer's `data`, tagged. */
  data: Tagged;
  /** The transaction time: for a read, its snapshot (set cursors are pinned to it). */
  txnTs: number;
}

/** `cursor` or `start_ts` (exclusive), or neither for the token's own start. */
export interface FeedRequest {
  token: string;
  cursor?: string;
  start_ts?: number;
  page_size?: number;
}

export type FeedEvent =
  | { type: 'add' | 'update' | 'remove'; data: Tagged; txn_ts: number; cursor: string }
  | { type: 'error'; error: { code: string; message: string } };

export interface FeedPage {
  events: FeedEvent[];
  cursor: string;
  has_next: boolean;
}

// 440 and 503 are time outs, 409 contention, 500 an internal error: all worth another attempt
// for read-only queries (fauna/fauna-js src/errors.ts names them).
const RETRYABLE_STATUS = new Set([409, 429, 440, 500, 502, 503, 504]);
const retryable = retryableWith(RETRYABLE_STATUS);
const SERVER_MAX_QUERY_MS = 600_000;
// The driver's margin between the server's query time out and the client's.
const CLIENT_TIMEOUT_BUFFER_MS = 5_000;

export class FaunaClient extends LayeredClient {
  private readonly headers: Record<string, string>;
  private lastTxnTs = 0;

  constructor(
    private readonly options: FaunaClientOptions,
    shared?: Layers,
  ) {
    const queryTimeoutMs = Math.min(options.timeoutMs ?? 60_000, SERVER_MAX_QUERY_MS);
    super(options, queryTimeoutMs + CLIENT_TIMEOUT_BUFFER_MS, shared);
    this.headers = {
      authorization: `Bearer ${options.secret}`,
      'content-type': 'application/json',
      'x-format': 'tagged',
      'x-typecheck': 'false',
      'x-query-timeout-ms': String(queryTimeoutMs),
    };
  }

  /**
   * A client that sends `secret` (a scoped secret: another database, another role) over this one's
   * connections, within its limit of queries in flight; closing this one closes both.
   */
  withSecret(secret: string): FaunaClient {
    return new FaunaClient({ ...this.options, secret }, this.layers);
  }

  /** The time of the latest transaction answered (µs), 0 before the first. */
  get lastTxnTime(): number {
    return this.lastTxnTs;
  }

  /** Runs one query; throws FaunaError (its `code` is v10's), TransportError or RetriesExhaustedError. */
  async query(query: Template): Promise<QueryAnswer> {
    const body = (await this.send('/query/1', JSON.stringify({ query }))) as { data?: Tagged; txn_ts?: unknown };
    if (!('data' in body) || typeof body.txn_ts !== 'number')
      throw this.malformed('/query/1', 'without data and txn_ts');
    return { data: body.data!, txnTs: body.txn_ts };
  }

  /** One page of a feed. An error event (e.g. invalid_stream_start_time) comes inside the page, as Fauna sends it. */
  async feed(request: FeedRequest): Promise<FeedPage> {
    const page = (await this.send('/feed/1', JSON.stringify(request))) as Partial<FeedPage>;
    if (!Array.isArray(page.events) || typeof page.cursor !== 'string' || typeof page.has_next !== 'boolean') {
      throw this.malformed('/feed/1', 'without events, cursor and has_next');
    }
    return page as FeedPage;
  }

  private send(path: string, body: string): Promise<object> {
    return this.layers.run(() => this.attempt(path, body), retryable);
  }

  private async attempt(path: string, body: string): Promise<object> {
    const headers = this.lastTxnTs > 0 ? { ...this.headers, 'x-last-txn-ts': String(this.lastTxnTs) } : this.headers;
    const response = await this.layers.http.post(body, headers, path);
    const parsed = parseBody(response);
    const txnTs = (parsed as { txn_ts?: unknown } | undefined)?.txn_ts;
    if (typeof txnTs === 'number' && txnTs > this.lastTxnTs) this.lastTxnTs = txnTs;
    if (response.status === 200 && parsed !== undefined) return parsed;
    if (response.status === 200) throw this.malformed(path, 'with a body that is not a JSON object', true);
    const error = (parsed as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    if (error !== undefined && typeof error.code === 'string') {
      const description = typeof error.message === 'string' ? error.message : '';
      return Promise.reject(
        new FaunaError(
          response.status,
          [{ code: error.code, description }],
          response.retryAfterMs,
          typeof txnTs === 'number' ? txnTs : undefined,
        ),
      );
    }
    throw new TransportError(
      `Fauna at ${this.origin}${path} answered ${response.status} without an error description`,
      {
        reason: String(response.status),
        retryable: RETRYABLE_STATUS.has(response.status),
        status: response.status,
        ...(response.retryAfterMs !== undefined ? { retryAfterMs: response.retryAfterMs } : {}),
      },
    );
  }

  private malformed(path: string, what: string, retryable = false): TransportError {
    return new TransportError(
      `Fauna at ${this.origin}${path} answered 200 ${what}: is it a Fauna server with FQL v10?`,
      {
        reason: 'malformed answer',
        retryable,
        status: 200,
      },
    );
  }
}

/** The JSON object of a body, or undefined (empty, not JSON: a proxy's page). */
function parseBody({ body }: HttpResponse): object | undefined {
  if (body.length === 0) return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}
