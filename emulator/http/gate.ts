/**
 * Admission of queries (`POST /`): counts those in flight, from arrival to answer (the added
 * latency included, as a real server holds a slow request), and with a maximum plays a small
 * core that answers 429 to the queries above it. The counters are for tests and benches.
 */
export interface QueryCounters {
  /** Queries being served now. */
  readonly inFlight: number;
  /** The most queries ever served at once. */
  readonly peakInFlight: number;
  /** Queries refused with 429 because `maxConcurrentQueries` were already in flight. */
  readonly throttled: number;
}

export class QueryGate implements QueryCounters {
  inFlight = 0;
  peakInFlight = 0;
  throttled = 0;

  constructor(private readonly max: number | undefined) {}

  /** Whether the query may run; if so, `leave()` must follow its answer. */
  enter(): boolean {
    if (this.max !== undefined && this.inFlight >= this.max) {
      this.throttled++;
      return false;
    }
    this.inFlight++;
    if (this.inFlight > this.peakInFlight) this.peakInFlight = this.inFlight;
    return true;
  }

  leave(): void {
    this.inFlight--;
  }
}
