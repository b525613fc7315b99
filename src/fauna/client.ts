// The Fauna client facade: query(expr) -> the `resource` of the answer, lossless. Layers, as in
// undici: HttpTransport (pool, timeout) <- AdaptiveLimiter (queries in flight) <- withRetry
// (backoff) <- FaunaClient (headers, status, body, txn time). The limiter wraps each attempt,
// not the whole retry loop, so a query waiting out its backoff holds no slot.
//
// Retries re-send the query after a reset or timeout, when it may already have run: fine for the
// read-only queries of the connector, not for writes that must happen once.
import { errorFromBody, FaunaError, TransportError } from './errors.js';
import { HttpTransport, type HttpResponse } from './http.js';
import { AdaptiveLimiter, type ConcurrencyChange, type Outcome } from './limiter.js';
import type { ConnectOptions } from './tls.js';
import { parseJson, stringifyJson } from './json.js';
import type { Expr, WireValue } from './query.js';
import { withRetry, type RetryInfo, type RetryPolicy, type Retryable } from './retry.js';

export interface FaunaClientOptions {
  domain: string;
  port: number;
  scheme: 'http' | 'https';
  secret: string;
  /** Per request, for the answer's headers and then for its body. Default 60 s. */
  timeoutMs?: number;
  /** Retries after the first attempt. Default 8. */
  maxRetries?: number;
  onRetry?: (info: RetryInfo) => void;
  /** Queries in flight at most, for every caller of this client together. Default 16. */
  maxConcurrency?: number;
  /** Called when an overloaded server (429, 503) lowers the limit, and as healthy answers raise it. */
  onConcurrencyChange?: (change: ConcurrencyChange) => void;
  /** First backoff step; the n-th retry waits up to base * 2^n (capped at 10 s). Default 250 ms. */
  retryBaseDelayMs?: number;
  /** No retry starts after this long since the first attempt. Default 120 s. */
  retryTotalTimeMs?: number;
  /** TLS options and the address to dial instead of domain:port (a tunnel's local end). */
  connect?: ConnectOptions;
  /** Runs after the connections are closed by close(), e.g. to close the tunnel they went through. */
  onClose?: () => Promise<void>;
}

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
// The answers of a server asking for less load: 429 too many requests, 503 time out.
const OVERLOAD_STATUS = new Set([429, 503]);
const DEFAULT_MAX_CONCURRENCY = 16;

export class FaunaClient {
  private readonly http: HttpTransport;
  private readonly origin: string;
  private readonly retry: RetryPolicy;
  private readonly limiter: AdaptiveLimiter;
  private readonly headers: Record<string, string>;
  private readonly onClose: (() => Promise<void>) | undefined;
  private lastSeenTxn = 0;

  constructor(options: FaunaClientOptions) {
    this.origin = `${options.scheme}://${options.domain}:${options.port}`;
    const maxConcurrency = options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY;
    this.limiter = new AdaptiveLimiter(maxConcurrency, options.onConcurrencyChange);
    this.http = new HttpTransport(this.origin, options.timeoutMs ?? 60_000, maxConcurrency, options.connect);
    this.onClose = options.onClose;
    this.retry = retryPolicy(options);
    this.headers = {
      authorization: `Bearer ${options.secret}`,
      'x-faunadb-api-version': '4',
      'content-type': 'application/json; charset=utf-8',
    };
  }

  /** Runs one query; throws FaunaError, TransportError or RetriesExhaustedError. */
  query(expr: Expr): Promise<WireValue> {
    const body = stringifyJson(expr);
    return withRetry(() => this.limiter.run(() => this.attempt(body), overload), retryable, this.retry);
  }

  /** The current limit of queries in flight, as lowered and raised by the server's answers. */
  get concurrencyLimit(): number {
    return this.limiter.limit;
  }

  async close(): Promise<void> {
    try {
      await this.http.close();
    } finally {
      await this.onClose?.();
    }
  }

  private async attempt(body: string): Promise<WireValue> {
    const headers =
      this.lastSeenTxn > 0 ? { ...this.headers, 'x-last-seen-txn': String(this.lastSeenTxn) } : this.headers;
    const response = await this.http.post(body, headers);
    if (response.txnTime !== undefined && response.txnTime > this.lastSeenTxn) this.lastSeenTxn = response.txnTime;
    const { status, retryAfterMs } = response;
    const ok = status === 200 || status === 201;
    const parsed = this.parseBody(response, ok);
    if (ok) {
      if (parsed !== null && typeof parsed === 'object' && 'resource' in parsed) return (parsed as { resource: WireValue }).resource;
      throw new TransportError(`Fauna at ${this.origin} answered ${status} without a resource`, { reason: 'no resource', retryable: false, status });
    }
    throw (
      errorFromBody(status, parsed, retryAfterMs) ??
      new TransportError(`Fauna at ${this.origin} answered ${status} without an error description`, {
        reason: String(status),
        retryable: RETRYABLE_STATUS.has(status),
        status,
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      })
    );
  }

  /** The JSON body; undefined for an error status whose body is empty or not JSON (proxy pages). */
  private parseBody(response: HttpResponse, ok: boolean): WireValue | undefined {
    const { status, body } = response;
    if (body.length === 0) {
      if (!ok) return undefined;
      throw new TransportError(`Fauna at ${this.origin} answered ${status} with an empty body`, { reason: 'empty body', retryable: true, status });
    }
    try {
      return parseJson(body);
    } catch {
      if (!ok) return undefined;
      throw new TransportError(`Fauna at ${this.origin} answered ${status} with a body that is not JSON (${body.length} bytes)`, {
        reason: 'invalid JSON',
        retryable: false,
        status,
      });
    }
  }
}

/** The retry policy of the options, for the v4 and the v10 clients. */
export function retryPolicy(options: FaunaClientOptions): RetryPolicy {
  return {
    maxRetries: options.maxRetries ?? 8,
    baseDelayMs: options.retryBaseDelayMs ?? 250,
    maxDelayMs: 10_000,
    totalTimeMs: options.retryTotalTimeMs ?? 120_000,
    ...(options.onRetry ? { onRetry: options.onRetry } : {}),
  };
}

/** What an error tells the limiter: 429 and 503 are a server asking for less load. */
export function overload(error: unknown): Outcome {
  const status = error instanceof FaunaError || error instanceof TransportError ? error.status : undefined;
  if (status === undefined || !OVERLOAD_STATUS.has(status)) return { overloaded: false };
  return { overloaded: true, reason: error instanceof FaunaError ? `${status} ${error.code}` : String(status) };
}

const retryable = retryableWith(RETRYABLE_STATUS);

/** Whether an error is worth another attempt: a Fauna error of one of `statuses`, or a retryable transport failure. */
export function retryableWith(statuses: ReadonlySet<number>): (error: unknown) => Retryable | undefined {
  return (error) => retryableError(error, statuses);
}

function retryableError(error: unknown, statuses: ReadonlySet<number>): Retryable | undefined {
  const retryAfter = (ms: number | undefined) => (ms === undefined ? {} : { retryAfterMs: ms });
  if (error instanceof FaunaError) {
    if (!statuses.has(error.status)) return undefined;
    return { reason: `${error.status} ${error.code}`, ...retryAfter(error.retryAfterMs) };
  }
  if (error instanceof TransportError && error.retryable) return { reason: error.reason, ...retryAfter(error.retryAfterMs) };
  return undefined;
}
