// Partitioned reads: a set of parts (key ranges, or cursors) read by up to N workers at once. A
// worker reads its part page by page. Key ranges can be cut: when no range is left to start, an
// idle worker splits the largest range still being read (work stealing), so a collection whose
// keys are bunched in one range still ends up read in parallel.
import { setImmediate } from 'node:timers/promises';
import type { StreamFrame } from './stream.js';

/** A part of a read: done once its last page is emitted. */
export interface Part {
  /** Its records are being emitted: its bounds must not move under the emitter. */
  emitting?: boolean;
  done?: boolean;
}

/** A range of keys still to read: from `lo` (advanced as pages are emitted) to `hi`, inclusive. */
export interface KeyRange extends Part {
  lo: bigint;
  hi: bigint;
  /** The last page of this range came back full: the range is known to hold more. */
  more?: boolean;
}

/** The keys of `parts` still to read, when each is a key range; undefined otherwise. */
export function keysIn(parts: Part[]): bigint | undefined {
  let left = 0n;
  for (const part of parts) {
    const { lo, hi } = part as Partial<KeyRange>;
    if (typeof lo !== 'bigint' || typeof hi !== 'bigint') return undefined;
    if (!part.done && hi >= lo) left += hi - lo + 1n;
  }
  return left;
}

export type PageReader<P extends Part> = (part: P) => Promise<void>;

/** Parts read concurrently; a failure of one stops the others after their page, then is thrown. */
export class PartSet<P extends Part> {
  protected readonly waiting: P[];
  protected readonly active = new Set<P>();

  constructor(parts: P[]) {
    this.waiting = [...parts];
  }

  /** The parts not finished, started or not: what a checkpoint must save. */
  remaining(): P[] {
    return [...this.waiting, ...this.active].filter((part) => !part.done);
  }

  /** The keys still to read, when every part left is a key range (for the estimate); undefined otherwise. */
  keysLeft(): bigint | undefined {
    return keysIn(this.remaining());
  }

  /**
   * Reads every part with at most `workers` pages in flight: `readPage` reads, emits and
   * checkpoints one page of a part, moving it on or marking it `done`. On a failure the
   * other workers finish their page, then the first error is thrown.
   */
  async read(workers: number, readPage: PageReader<P>): Promise<void> {
    let failure: { error: unknown } | undefined;
    const running = new Set<Promise<void>>();
    const work = async (part: P): Promise<void> => {
      try {
        while (!part.done && failure === undefined) {
          await readPage(part);
          fill();
        }
      } catch (error) {
        failure ??= { error };
      } finally {
        this.active.delete(part);
      }
    };
    const fill = (): void => {
      while (failure === undefined && running.size < workers) {
        const part = this.waiting.shift() ?? this.steal();
        if (part === undefined) return;
        this.active.add(part);
        const worker = work(part).finally(() => {
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

  /** A part cut from one being read, for an idle worker; none unless the parts can be cut. */
  protected steal(): P | undefined {
    return undefined;
  }
}

/** Key ranges, in key order, that idle workers cut in two. */
export class RangeSet<R extends KeyRange> extends PartSet<R> {
  /** `cut(range, mid)` returns the upper part (mid, hi] of `range` as a new range; `range.hi` then becomes mid. */
  constructor(
    ranges: R[],
    private readonly cut: (range: R, mid: bigint) => R,
  ) {
    super(ranges);
  }

  /** The ranges not finished, started or not, in key order. */
  override remaining(): R[] {
    return super.remaining().sort((a, b) => (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0));
  }

  /** The widest range still being read that is known to hold more; undefined when none is worth a cut. */
  protected widest(): R | undefined {
    let widest: R | undefined;
    for (const range of this.active) {
      if (range.done || range.emitting || !range.more || range.hi - range.lo < 2n) continue;
      if (widest === undefined || range.hi - range.lo > widest.hi - widest.lo) widest = range;
    }
    return widest;
  }

  /** Splits the widest range still being read that is known to hold more; undefined when none is worth it. */
  protected override steal(): R | undefined {
    const widest = this.widest();
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

/** What a reader says about its parts: how to read one page of a part, and what a page brings. */
export interface PartReader<P extends Part, Page> {
  /** Reads the next page of `part` (in a slot of the sync). */
  page(part: P): Promise<Page>;
  /**
   * Emits the page's records and moves `part` on (or marks it done); returns how many records it
   * emitted. Runs in the stream's order, one page at a time.
   */
  take(part: P, page: Page): Promise<number>;
  /** Puts the parts still to read into the stream's state. */
  save(remaining: P[]): void;
}

/**
 * The worker protocol of every partitioned read: each page is read in a slot, then emitted, its
 * part's progress saved and checkpointed, one page at a time so that a page's records and the
 * checkpoint that covers them stay together. A page without records needs no checkpoint, nor does
 * the last one: the stream's end makes it. Parts that are key ranges also give the estimate the
 * keys left after each page.
 */
export async function readParts<P extends Part, Page>(
  frame: StreamFrame,
  set: PartSet<P>,
  reader: PartReader<P, Page>,
): Promise<void> {
  const { estimate } = frame;
  const keys = set.keysLeft();
  if (keys !== undefined) estimate.begin(keys);
  try {
    await readPages(frame, set, reader);
  } finally {
    estimate.end();
  }
}

async function readPages<P extends Part, Page>(
  frame: StreamFrame,
  set: PartSet<P>,
  reader: PartReader<P, Page>,
): Promise<void> {
  await set.read(frame.concurrency, (part) =>
    frame.slots.with(async () => {
      const page = await reader.page(part);
      await frame.serial.run(async () => {
        // A turn of the event loop first: writes to a pipe are synchronous, so pages waiting in
        // line would be emitted as one chain of promises, holding back the next requests of the
        // workers whose pages were emitted (and the answers come meanwhile) until the last one.
        await setImmediate();
        part.emitting = true;
        let emitted = 0;
        try {
          emitted = await reader.take(part, page);
        } finally {
          part.emitting = false;
        }
        const remaining = set.remaining();
        reader.save(remaining);
        if (emitted > 0 && remaining.length > 0) await frame.checkpoints.checkpoint();
        const keys = set.keysLeft();
        if (keys !== undefined) await frame.estimate.left(keys);
      });
    }),
  );
}
