/**
 * Admission of queries (`POST /`): counts those in flight, from arrival to answer (the added
 * latency included, as a real server holds a slow request), and with a maximum plays a small
 * core that answers 429 to the queries above it. The counters are for tests and benches: the
 * peak counts refused queries too, as it measures what a client sent at once.
 */
export interface QueryCounters {
  /** Queries received and not yet answered, refused ones included. */
  readonly inFlight: number;
  /** The most queries ever in flight at once. */
  readonly peakInFlight: number;
  /** Queries refused with 429 because `maxConcurrentQueries` were already in flight. */
  readonly throttled: number;
}

export class QueryGate implements QueryCounters {
  inFlight = 0;
  peakInFlight = 0;
  throttled = 0;
  private serving = 0;

  constructor(private readonly max: number | undefined) {}

  /** Whether the query may run; `leave(admitted)` must follow its answer either way. */
  enter(): boolean {
    this.inFlight++;
    if (this.inFlight > this.peakInFlight) this.peakInFlight = this.inFlight;
    if (this.max !== undefined && this.serving >= this.max) {
      this.throttled++;
      return false;
    }
    this.serving++;
    return true;
  }

  leave(admitted: boolean): void {
    this.inFlight--;
    if (admitted) this.serving--;
  }
}
