// Document ids shaped like Fauna's: 19-digit integers that grow with the transaction time.

export class IdGenerator {
  private last = 0n;

  next(ts: number): string {
    const candidate = BigInt(ts) * 1000n;
    this.last = candidate > this.last ? candidate : this.last + 1n;
    return this.last.toString();
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
