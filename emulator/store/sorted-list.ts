// A sorted list kept in bounded chunks: appends (the common case, ids and ts grow) are O(1),
// other inserts O(log N + chunk), and a position is found by binary search.

const MAX_CHUNK = 512;

export interface Pos {
  ci: number;
  i: number;
}

export class SortedList<T> {
  private chunks: T[][] = [];
  size = 0;

  constructor(private readonly cmp: (a: T, b: T) => number) {}

  insert(x: T): void {
    this.size++;
    const chunks = this.chunks;
    if (chunks.length === 0) {
      chunks.push([x]);
      return;
    }
    const last = chunks[chunks.length - 1]!;
    let ci = chunks.length - 1;
    if (this.cmp(last[last.length - 1]!, x) > 0) {
      ci = this.chunkFor((e) => this.cmp(e, x) > 0);
    }
    const chunk = chunks[ci]!;
    let lo = 0,
      hi = chunk.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cmp(chunk[mid]!, x) > 0) hi = mid;
      else lo = mid + 1;
    }
    chunk.splice(lo, 0, x);
    if (chunk.length > MAX_CHUNK) chunks.splice(ci + 1, 0, chunk.splice(MAX_CHUNK >> 1));
  }

  remove(x: T): void {
    const pos = this.seek((e) => this.cmp(e, x) >= 0);
    for (let p: Pos | undefined = pos; p; p = this.next(p)) {
      const chunk = this.chunks[p.ci]!;
      if (chunk[p.i] === x) {
        chunk.splice(p.i, 1);
        if (chunk.length === 0) this.chunks.splice(p.ci, 1);
        this.size--;
        return;
      }
    }
  }

  /** First position whose element satisfies `pred` (false...false true...true); may be the end. */
  seek(pred: (x: T) => boolean): Pos {
    const ci = this.chunkFor(pred);
    if (ci === this.chunks.length) return { ci, i: 0 };
    const chunk = this.chunks[ci]!;
    let lo = 0,
      hi = chunk.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pred(chunk[mid]!)) hi = mid;
      else lo = mid + 1;
    }
    return { ci, i: lo };
  }

  /** The position after `p`, undefined past the end. */
  private next(p: Pos): Pos | undefined {
    if (p.i + 1 < (this.chunks[p.ci]?.length ?? 0)) return { ci: p.ci, i: p.i + 1 };
    return p.ci + 1 < this.chunks.length ? { ci: p.ci + 1, i: 0 } : undefined;
  }

  /** How many elements lie from `from` up to, not including, `to`. */
  countBetween(from: Pos, to: Pos): number {
    if (to.ci < from.ci || (to.ci === from.ci && to.i <= from.i)) return 0;
    let n = to.i - from.i;
    for (let ci = from.ci; ci < to.ci; ci++) n += this.chunks[ci]!.length;
    return n;
  }

  *ascending(from: Pos): Generator<T> {
    for (let ci = from.ci, i = from.i; ci < this.chunks.length; ci++, i = 0) {
      const chunk = this.chunks[ci]!;
      for (; i < chunk.length; i++) yield chunk[i]!;
    }
  }

  /** Elements strictly before `below`, last first. */
  *descending(below: Pos): Generator<T> {
    let ci = below.ci,
      i = below.i - 1;
    if (ci >= this.chunks.length) {
      ci = this.chunks.length - 1;
      i = (this.chunks[ci]?.length ?? 0) - 1;
    }
    for (; ci >= 0; ci--) {
      const chunk = this.chunks[ci]!;
      if (i === -2) i = chunk.length - 1;
      for (; i >= 0; i--) yield chunk[i]!;
      i = -2;
    }
  }

  private chunkFor(pred: (x: T) => boolean): number {
    const chunks = this.chunks;
    let lo = 0,
      hi = chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const c = chunks[mid]!;
      if (pred(c[c.length - 1]!)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
