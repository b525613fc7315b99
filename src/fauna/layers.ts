// The layers under both clients (FQL v4's FaunaClient, FQL v10's FaunaClient), as in undici:
// HttpTransport (pool, timeout) <- AdaptiveLimiter (queries in flight) <- withRetry (backoff).
// The limiter wraps each attempt, not the whole retry loop, so a query waiting out its backoff
// holds no slot.
//
// Retries re-send the query after a reset or timeout, when it may already have run: fine for the
// read-only queries of the connector, not for writes that must happen once.
import { FaunaError, TransportError } from './errors.js';
import { HttpTransport } from './http.js';
import { AdaptiveLimiter, type ConcurrencyChange, type Outcome } from './limiter.js';
import { RateLimitWatch, type RateLimitHook } from './rate-limit.js';
import { withRetry, type RetryInfo, type RetryPolicy, type Retryable } from './retry.js';
import type { ConnectOptions } from './tls.js';

/** The options of a client (v4's or v10's): where Fauna is, the secret, retries, limits, TLS. */
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
  /** Called when 429s make queries wait (with the server's Retry-After), and when queries pass again. */
  onRateLimit?: RateLimitHook;
  /** First backoff step; the n-th retry waits up to base * 2^n (capped at 10 s). Default 250 ms. */
  retryBaseDelayMs?: number;
  /** No retry starts after this long since the first attempt. Default 120 s. */
  retryTotalTimeMs?: number;
  /** TLS options and the address to dial instead of domain:port (a tunnel's local end). */
  connect?: ConnectOptions;
  /** Runs after the connections are closed by close(), e.g. to close the tunnel they went through. */
  onClose?: () => Promise<void>;
}

// The answers of a server asking for less load: 429 too many requests, 503 time out.
const OVERLOAD_STATUS = new Set([429, 503]);
const DEFAULT_MAX_CONCURRENCY = 16;

export class Layers {
  readonly origin: string;
  readonly http: HttpTransport;
  private readonly limiter: AdaptiveLimiter;
  private readonly retry: RetryPolicy;
  private readonly rateLimit: RateLimitWatch;
  private readonly onClose: (() => Promise<void>) | undefined;

  /** `timeoutMs`: per request, for the answer's headers and then for its body. */
  constructor(options: FaunaClientOptions, timeoutMs: number) {
    this.origin = `${options.scheme}://${options.domain}:${options.port}`;
    const maxConcurrency = options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY;
    this.limiter = new AdaptiveLimiter(maxConcurrency, options.onConcurrencyChange);
    this.http = new HttpTransport(this.origin, timeoutMs, maxConcurrency, options.connect);
    this.onClose = options.onClose;
    this.rateLimit = new RateLimitWatch(options.onRateLimit);
    this.retry = {
      maxRetries: options.maxRetries ?? 8,
      baseDelayMs: options.retryBaseDelayMs ?? 250,
      maxDelayMs: 10_000,
      totalTimeMs: options.retryTotalTimeMs ?? 120_000,
      ...(options.onRetry ? { onRetry: options.onRetry } : {}),
    };
  }

  /** Runs `attempt` within the limit of queries in flight, again while `retryable` says so and the budget lasts. */
  run<T>(attempt: () => Promise<T>, retryable: (error: unknown) => Retryable | undefined): Promise<T> {
    let waited = false;
    return withRetry(
      async () => {
        if (waited) this.rateLimit.retried();
        waited = false;
        const answer = await this.limiter.run(attempt, overload);
        this.rateLimit.answered();
        return answer;
      },
      retryable,
      {
        ...this.retry,
        onRetry: (info) => {
          if (info.rateLimited) {
            waited = true;
            this.rateLimit.backoff(info.retryAfterMs);
          }
          this.retry.onRetry?.(info);
        },
      },
    );
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
}

function overload(error: unknown): Outcome {
  const status = error instanceof FaunaError || error instanceof TransportError ? error.status : undefined;
  if (status === undefined || !OVERLOAD_STATUS.has(status)) return { overloaded: false };
  return { overloaded: true, reason: error instanceof FaunaError ? `${status} ${error.code}` : String(status) };
}

/** Whether an error is worth another attempt: a Fauna error of one of `statuses`, or a retryable transport failure. */
export function retryableWith(statuses: ReadonlySet<number>): (error: unknown) => Retryable | undefined {
  return (error) => {
    const retryAfter = (ms: number | undefined) => (ms === undefined ? {} : { retryAfterMs: ms });
    const rateLimited = (status: number | undefined) => (status === 429 ? { rateLimited: true as const } : {});
    if (error instanceof FaunaError) {
      if (!statuses.has(error.status)) return undefined;
      return {
        reason: `${error.status} ${error.code}`,
        ...rateLimited(error.status),
        ...retryAfter(error.retryAfterMs),
      };
    }
    if (error instanceof TransportError && error.retryable)
      return { reason: error.reason, ...rateLimited(error.status), ...retryAfter(error.retryAfterMs) };
    return undefined;
  };
}

/** What both clients share: the layers, the server's origin for messages, the limit, close(). */
export abstract class LayeredClient {
  protected readonly layers: Layers;
  protected readonly origin: string;

  /**
   * `timeoutMs`: per request, for the answer's headers and then for its body. `shared`: the layers
   * of another client, whose pool, limit of queries in flight and close this one uses.
   */
  constructor(options: FaunaClientOptions, timeoutMs: number, shared?: Layers) {
    this.layers = shared ?? new Layers(options, timeoutMs);
    this.origin = this.layers.origin;
  }

  /** The current limit of queries in flight, as lowered and raised by the server's answers. */
  get concurrencyLimit(): number {
    return this.layers.concurrencyLimit;
  }

  close(): Promise<void> {
    return this.layers.close();
  }
}
