// The databases a union stream's read has finished, as its state lists them at each checkpoint:
// runs of databases consecutive in the order the stream reads them (the tree's listing order). A
// stream starts its databases in that order, so the runs are at most one more than the databases
// it is reading at once, and a STATE line stays small however large the tree: listed one by one
// at every checkpoint, the STATE lines of one sync grew with the square of the number of databases.
import { StateError } from '../core/checkpoints.js';

/** One database, or a run: its first and last database and how many databases it spans. */
export type FinishedEntry = string | [first: string, last: string, count: number];

export class FinishedDatabases {
  private readonly done: Uint8Array;
  /** The runs, by the index of their first database: the index of their last. */
  private readonly lastOf = new Map<number, number>();
  /** The same runs, by the index of their last database: the index of their first. */
  private readonly firstOf = new Map<number, number>();

  /**
   * The runs of a saved state over the paths of this read. A run whose span no longer holds its
   * count of databases (one was created or deleted between the attempts) is read again, so that a
   * database created inside it is not skipped.
   */
  constructor(
    private readonly paths: readonly string[],
    saved: readonly FinishedEntry[] = [],
  ) {
    this.done = new Uint8Array(paths.length);
    const index = new Map(paths.map((path, i) => [path, i]));
    for (const entry of saved) {
      const [first, last, count] = typeof entry === 'string' ? [entry, entry, 1] : entry;
      const from = index.get(first);
      const to = index.get(last);
      if (from === undefined || to === undefined || to - from + 1 !== count) continue;
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
    this.firstOf.delete(index - 1);
    this.lastOf.delete(index + 1);
    this.lastOf.set(first, last);
    this.firstOf.set(last, first);
  }

  /** The runs as the state writes them, in the order of the databases. */
  entries(): FinishedEntry[] {
    return [...this.lastOf]
      .sort(([a], [b]) => a - b)
      .map(([first, last]) =>
        first === last ? this.paths[first]! : [this.paths[first]!, this.paths[last]!, last - first + 1],
      );
  }
}

/** A saved `finished` list, checked: database paths, and runs `[first, last, count]`. */
export function loadFinished(name: string, finished: unknown): FinishedEntry[] {
  const entry = (value: unknown) =>
    typeof value === 'string' ||
    (Array.isArray(value) &&
      value.length === 3 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string' &&
      Number.isSafeInteger(value[2]) &&
      (value[2] as number) > 0);
  if (!Array.isArray(finished) || !finished.every(entry)) {
    throw new StateError(
      `The saved state of stream '${name}' cannot be resumed: finished should be a list of database paths and ` +
        `[first, last, count] runs, but it is ${JSON.stringify(finished)}. Reset the stream (clear its state) to ` +
        `sync it again from the beginning`,
    );
  }
  return finished as FinishedEntry[];
}
