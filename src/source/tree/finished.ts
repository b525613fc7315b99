// The databases a union stream's read has finished, as its state lists them at each checkpoint:
// runs of databases consecutive in the order the stream reads them (the tree's listing order). A
// stream starts its databases in that order, so the runs are at most one more than the databases
// it is reading at once, and a STATE line stays small however large the tree: listed one by one
// at every checkpoint, the STATE lines of one sync grew with the square of the number of databases.
// A run also holds a digest of the paths it spans, so that a resume reads it again when they
// changed in between (a database created, deleted or renamed inside it), even if their count did not.
import { createHash } from 'node:crypto';
import { StateError } from '../core/checkpoints.js';

/**
 * One database, or a run: its first and last database, how many databases it spans, and the digest
 * of their paths (16 hex digits).
 */
export type FinishedEntry = string | [first: string, last: string, count: number, digest: string];

const MASK = (1n << 64n) - 1n;

/** A path's share of a span's digest: the digest is the sum of its paths' shares, so that runs join by adding. */
const share = (path: string): bigint => BigInt(`0x${createHash('sha256').update(path).digest('hex').slice(0, 16)}`);
const hex = (sum: bigint): string => sum.toString(16).padStart(16, '0');

export class FinishedDatabases {
  private readonly done: Uint8Array;
  /** The runs, by the index of their first database: the index of their last. */
  private readonly lastOf = new Map<number, number>();
  /** The same runs, by the index of their last database: the index of their first. */
  private readonly firstOf = new Map<number, number>();
  /** The runs' digests, by the index of their first database. */
  private readonly digestOf = new Map<number, bigint>();

  /**
   * The runs of a saved state over the paths of this read. A run whose span no longer holds the
   * same databases (one was created, deleted or renamed between the attempts) is read again, so
   * that a database that appeared inside it is not skipped.
   */
  constructor(
    private readonly paths: readonly string[],
    saved: readonly FinishedEntry[] = [],
  ) {
    this.done = new Uint8Array(paths.length);
    const index = new Map(paths.map((path, i) => [path, i]));
    for (const entry of saved) {
      const [first, last, count, digest] = typeof entry === 'string' ? [entry, entry, 1, undefined] : entry;
      const from = index.get(first);
      const to = index.get(last);
      if (from === undefined || to === undefined || to - from + 1 !== count) continue;
      if (digest !== undefined && hex(this.span(from, to)) !== digest) continue;
      for (let i = from; i <= to; i++) this.add(i);
    }
  }

  has(index: number): boolean {
    return this.done[index] === 1;
  }

  /** Whether any database is finished. */
  get any(): boolean {
    return this.lastOf.size > 0;
  }

  add(index: number): void {
    if (this.has(index)) return;
    this.done[index] = 1;
    const first = this.firstOf.get(index - 1) ?? index;
    const last = this.lastOf.get(index + 1) ?? index;
    const digest =
      ((first < index ? this.digestOf.get(first)! : 0n) +
        share(this.paths[index]!) +
        (last > index ? this.digestOf.get(index + 1)! : 0n)) &
      MASK;
    this.firstOf.delete(index - 1);
    this.lastOf.delete(index + 1);
    this.digestOf.delete(index + 1);
    this.lastOf.set(first, last);
    this.firstOf.set(last, first);
    this.digestOf.set(first, digest);
  }

  /** The digest of the paths from index `from` to `to`. */
  private span(from: number, to: number): bigint {
    let sum = 0n;
    for (let i = from; i <= to; i++) sum += share(this.paths[i]!);
    return sum & MASK;
  }

  /** The runs as the state writes them, in the order of the databases. */
  entries(): FinishedEntry[] {
    return [...this.lastOf]
      .sort(([a], [b]) => a - b)
      .map(([first, last]) =>
        first === last
          ? this.paths[first]!
          : [this.paths[first]!, this.paths[last]!, last - first + 1, hex(this.digestOf.get(first)!)],
      );
  }
}

/** A saved `finished` list, checked: database paths, and runs `[first, last, count, digest]`. */
export function loadFinished(name: string, finished: unknown): FinishedEntry[] {
  const entry = (value: unknown) =>
    typeof value === 'string' ||
    (Array.isArray(value) &&
      value.length === 4 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string' &&
      Number.isSafeInteger(value[2]) &&
      (value[2] as number) > 0 &&
      typeof value[3] === 'string' &&
      /^[0-9a-f]{16}$/.test(value[3]));
  if (!Array.isArray(finished) || !finished.every(entry)) {
    throw new StateError(
      `The saved state of stream '${name}' cannot be resumed: finished should be a list of database paths and ` +
        `[first, last, count, digest] runs, but it is ${JSON.stringify(finished)}. Reset the stream (clear its state) to ` +
        `sync it again from the beginning`,
    );
  }
  return finished as FinishedEntry[];
}
