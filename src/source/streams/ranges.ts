// Partitioned reads: a set of key ranges (document ids for a full refresh, ts for an incremental
// scan) read by up to N workers at once. A worker reads its range page by page; when no range is
// left to start, an idle worker splits the largest range still being read (work stealing), so a
// collection whose keys are bunched in one range still ends up read in parallel.

/** A range of keys still to read: from `lo` (advanced as pages are emitted) to `hi`, inclusive. */
export interface KeyRange {
  lo: bigint;
  hi: bigint;
  /** The last page of this range came back full: the range is known to hold more. */
  more?: boolean;
  /** Its records are being emitted: its bounds must not move under the emitter. */
  emitting?: boolean;
  done?: boolean;
}

export type PageReader<R extends KeyRange> = (range: R) => Promise<void>;

export class RangeSet<R extends KeyRange> {
  private readonly waiting: R[];
  private readonly active = new Set<R>();

  /** `cut(range, mid)` returns the upper part (mid, hi] of `range` as a new range; `range.hi` then becomes mid. */
  constructor(ranges: R[], private readonly cut: (range: R, mid: bigint) => R) {
    this.waiting = [...ranges];
  }

  /** The ranges not finished, started or not, in key order: what a checkpoint must save. */
  remaining(): R[] {
    return [...this.waiting, ...this.active].filter((range) => !range.done).sort((a, b) => (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0));
  }

  /**
   * Reads every range with at most `workers` pages in flight: `readPage` reads, emits and
   * checkpoints one page of a range, moving its `lo` or marking it `done`. On a failure the
   * other workers finish their page, then the first error is thrown.
   */
  async read(workers: number, readPage: PageReader<R>): Promise<void> {
    let failure: { error: unknown } | undefined;
    const running = new Set<Promise<void>>();
    const work = async (range: R): Promise<void> => {
      try {
        while (!range.done && failure === undefined) {
          await readPage(range);
          fill();
        }
      } catch (error) {
        failure ??= { error };
      } finally {
        this.active.delete(range);
      }
    };
    const fill = (): void => {
      while (failure === undefined && running.size < workers) {
        const range = this.waiting.shift() ?? this.steal();
        if (range === undefined) return;
        this.active.add(range);
        const worker = work(range).finally(() => {
          running.delete(worker);
          fill();
        });
        running.add(worker);
      }
    };
    fill();
    while (running.size > 0) await Promise.race(running);
    if (failure !== undefined) throw failure.error;
  }

  /** Splits the widest range still being read that is known to hold more; undefined when none is worth it. */
  private steal(): R | undefined {
    let widest: R | undefined;
    for (const range of this.active) {
      if (range.done || range.emitting || !range.more || range.hi - range.lo < 2n) continue;
      if (widest === undefined || range.hi - range.lo > widest.hi - widest.lo) widest = range;
    }
    if (widest === undefined) return undefined;
    const mid = widest.lo + (widest.hi - widest.lo) / 2n;
    const upper = this.cut(widest, mid);
    widest.hi = mid;
    return upper;
  }
}

/** `[lo, hi]` cut into `parts` ranges of about equal width (fewer when it is narrower). */
export function splitEvenly(lo: bigint, hi: bigint, parts: number): [bigint, bigint][] {
  const width = hi - lo + 1n;
  const count = width < BigInt(parts) ? width : BigInt(parts);
  const out: [bigint, bigint][] = [];
  let start = lo;
  for (let i = 1n; i <= count; i++) {
    const end = i === count ? hi : lo + (width * i) / count - 1n;
    out.push([start, end]);
    start = end + 1n;
  }
  return out;
}

/** Runs `task`s one at a time, in call order: a page's records and the checkpoint that covers them stay together. */
export class Serial {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
