// Document ids shaped like Fauna's: 19-digit integers that grow with the transaction time.

export class IdGenerator {
  private prefix = 0;
  private counter = 0;

  /** ts followed by a 3-digit counter; past 999 ids in one microsecond the prefix borrows the next one. */
  next(ts: number): string {
    if (ts > this.prefix) {
      this.prefix = ts;
      this.counter = 0;
    } else if (++this.counter === 1000) {
      this.prefix++;
      this.counter = 0;
    }
    return String(this.prefix) + String(this.counter).padStart(3, '0');
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
