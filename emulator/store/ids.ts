// Document ids made as the core makes them: snowflake ids (fauna/faunadb, ext/snowflake, IDSource):
// the top 43 bits are milliseconds since 1336258850000 (2012-05-05T22:20:50Z), then a 10-bit
// sequence, then a 10-bit worker id (0: this server is the only worker). 18 digits today.

/** The snowflake epoch, in Unix milliseconds. */
export const SNOWFLAKE_EPOCH_MS = 1_336_258_850_000;
const SEQUENCE_BITS = 10n;
const WORKER_BITS = 10n;
const SEQUENCES = 1 << Number(SEQUENCE_BITS);

export class IdGenerator {
  private ms = -1;
  private sequence = 0;

  /**
   * The next id for a transaction at `ts` (microseconds): its millisecond, or past 1,024 ids in one
   * millisecond the next one, as the core's generator waits for the next millisecond.
   */
  next(ts: number): string {
    const ms = Math.max(0, Math.floor(ts / 1000) - SNOWFLAKE_EPOCH_MS);
    if (ms > this.ms) {
      this.ms = ms;
      this.sequence = 0;
    } else if (++this.sequence === SEQUENCES) {
      this.ms++;
      this.sequence = 0;
    }
    return ((BigInt(this.ms) << (SEQUENCE_BITS + WORKER_BITS)) | (BigInt(this.sequence) << WORKER_BITS)).toString();
  }
}

const ID = /^-?\d+$/;
const MAX = 2n ** 63n - 1n;
const MIN = -(2n ** 63n);

/** Canonical decimal text of a document id, or why it is not one. */
export function canonicalId(text: string): string | 'non-numeric' | 'too large' {
  if (!ID.test(text)) return 'non-numeric';
  const n = BigInt(text);
  if (n > MAX || n < MIN) return 'too large';
  return n.toString();
}

/** Orders canonical id strings numerically without BigInt. */
export function compareIds(a: string, b: string): number {
  const an = a.charCodeAt(0) === 45;
  const bn = b.charCodeAt(0) === 45;
  if (an !== bn) return an ? -1 : 1;
  const r = a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  return an ? -r : r;
}
