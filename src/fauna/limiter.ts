// The client's concurrency budget: at most `limit` queries in flight, the limit adapting to the
// server (AIMD, as TCP does with its window). An overloaded answer (429, 503) halves the limit;
// a full window of healthy answers (as many as the limit) raises it by one, up to the maximum.
// A small self-hosted core is thus probed gently instead of being hammered with 64 queries.
//
// One overload burst halves the limit once: queries already in flight when the limit dropped
// were sent under the old limit, so their 429s say nothing new about the lowered one.

export interface ConcurrencyChange {
  /** The new limit of queries in flight. */
  limit: number;
  previous: number;
  /** The configured maximum the limit recovers to. */
  max: number;
  /** What moved it: the overload answer (e.g. "429 too many requests") or "healthy answers". */
  reason: string;
}

/** What one attempt's outcome tells the limiter. */
export type Outcome = { overloaded: false } | { overloaded: true; reason: string };

export class AdaptiveLimiter {
  readonly max: number;
  private current: number;
  private running = 0;
  private healthyInWindow = 0;
  /** Bumped at each decrease; a query started before it cannot lower the limit again. */
  private generation = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly onChange: ((change: ConcurrencyChange) => void) | undefined;

  constructor(max: number, onChange?: (change: ConcurrencyChange) => void) {
    if (!Number.isInteger(max) || max < 1)
      throw new RangeError(`the concurrency limit must be an integer >= 1, got ${max}`);
    this.max = max;
    this.current = max;
    this.onChange = onChange;
  }

  get limit(): number {
    return this.current;
  }

  get inFlight(): number {
    return this.running;
  }

  /**
   * Runs `task` once a slot is free and frees it when the task settles; `judge` says whether the
   * result or error was an overload answer.
   */
  async run<T>(task: () => Promise<T>, judge: (error: unknown) => Outcome): Promise<T> {
    await this.acquire();
    const generation = this.generation;
    let outcome: Outcome = { overloaded: false };
    try {
      return await task();
    } catch (error) {
      outcome = judge(error);
      throw error;
    } finally {
      this.release(outcome, generation);
    }
  }

  private acquire(): Promise<void> {
    if (this.running < this.current) {
      this.running++;
      return Promise.resolve();
    }
    // The slot is handed over by release(), which counts it for the waiter.
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(outcome: Outcome, generation: number): void {
    this.running--;
    if (outcome.overloaded) this.decrease(outcome.reason, generation);
    else this.healthy();
    while (this.running < this.current && this.waiting.length > 0) {
      this.running++;
      this.waiting.shift()!();
    }
  }

  private decrease(reason: string, generation: number): void {
    this.healthyInWindow = 0;
    if (generation !== this.generation || this.current === 1) return;
    this.generation++;
    this.change(Math.max(1, Math.floor(this.current / 2)), reason);
  }

  private healthy(): void {
    if (this.current === this.max) return;
    this.healthyInWindow++;
    if (this.healthyInWindow < this.current) return;
    this.healthyInWindow = 0;
    this.change(this.current + 1, 'healthy answers');
  }

  private change(limit: number, reason: string): void {
    const previous = this.current;
    this.current = limit;
    this.onChange?.({ limit, previous, max: this.max, reason });
  }
}
