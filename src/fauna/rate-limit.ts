// Whether the server is rate limiting the client, for whoever shows it (the connector maps it to
// its streams' statuses; this layer knows nothing of them). A 429 whose query waits out a backoff
// starts it; it ends at the first answer that comes when no query is waiting out a 429 any more,
// so that answers racing a burst of 429s do not make it flap. While it lasts, a 429 with
// Retry-After is reported again once the wait the last report gave has run out (or if it gave
// none), no more often.

/** The server asks for less load; `retryAfterMs` when it said how long to wait (Retry-After). */
export interface RateLimit {
  retryAfterMs?: number;
}

/** Called with a RateLimit when it starts, with undefined when queries pass again. */
export type RateLimitHook = (limit: RateLimit | undefined) => void;

export class RateLimitWatch {
  private waiting = 0;
  private limited = false;
  /** When the last report's Retry-After runs out (ms since the epoch), if it had one. */
  private reportedUntil: number | undefined;

  constructor(private readonly hook: RateLimitHook | undefined) {}

  /** A query answered 429 waits before its retry. */
  backoff(retryAfterMs: number | undefined): void {
    this.waiting++;
    const now = Date.now();
    const news = retryAfterMs !== undefined && (this.reportedUntil === undefined || now >= this.reportedUntil);
    if (this.limited && !news) return;
    this.limited = true;
    this.reportedUntil = retryAfterMs === undefined ? undefined : now + retryAfterMs;
    this.hook?.(retryAfterMs === undefined ? {} : { retryAfterMs });
  }

  /** A query that waited out a 429 is sent again. */
  retried(): void {
    this.waiting--;
  }

  /** A query was answered. */
  answered(): void {
    if (!this.limited || this.waiting > 0) return;
    this.limited = false;
    this.hook?.(undefined);
  }
}
