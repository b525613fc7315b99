// Retries with exponential backoff and full jitter (delay uniform in [0, min(cap, base * 2^n))),
// honouring the server's Retry-After, bounded by a number of retries and a total time budget.
import { RetriesExhaustedError } from './errors.js';

export interface RetryInfo {
  /** 1 for the first retry. */
  attempt: number;
  delayMs: number;
  /** Why the previous attempt failed, e.g. "503 unavailable" or "ECONNRESET". */
  reason: string;
  /** The previous attempt was answered 429: the server limits the rate of queries. */
  rateLimited?: true;
  /** The server's Retry-After, when it sent one. */
  retryAfterMs?: number;
}

export interface RetryPolicy {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** No retry starts once this much time has passed since the first attempt. */
  totalTimeMs: number;
  onRetry?: (info: RetryInfo) => void;
  random?: () => number;
}

/** What a failed attempt tells the retry loop. */
export interface Retryable {
  reason: string;
  /** Answered 429. */
  rateLimited?: true;
  /** The server's Retry-After, when it sent one. */
  retryAfterMs?: number;
}

/**
 * Runs `attempt` until it succeeds, throws a non-retryable error, or the budget is spent.
 * `classify` returns undefined for errors that must not be retried (they are rethrown as is).
 */
export async function withRetry<T>(
  attempt: () => Promise<T>,
  classify: (error: unknown) => Retryable | undefined,
  policy: RetryPolicy,
): Promise<T> {
  const random = policy.random ?? Math.random;
  const started = Date.now();
  for (let retry = 0; ; retry++) {
    try {
      return await attempt();
    } catch (error) {
      const retryable = classify(error);
      if (retryable === undefined) throw error;
      const backoff = random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
      const delayMs = Math.round(Math.max(backoff, retryable.retryAfterMs ?? 0));
      const elapsed = Date.now() - started;
      if (retry >= policy.maxRetries || elapsed + delayMs > policy.totalTimeMs) {
        throw new RetriesExhaustedError(retry + 1, elapsed, error as Error);
      }
      policy.onRetry?.({ ...retryable, attempt: retry + 1, delayMs });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
