// Feed replay (the core's `runtime/stream/EventReplayer.scala`): the events of one collection after
// a cursor, read from the document version history the store keeps, through the collection's log
// of changes in (ts, id) order. The store folds a transaction's writes to a document into one
// version, so each (document, transaction) is one candidate event, its last action winning; the
// runtime decides per version whether it is an add, update or remove of the source.
import type { Collection, Version } from '../../store/collection.js';
import { compareIds } from '../../store/ids.js';
import type { FeedCursor } from './cursor.js';
import type { IdBounds } from './id-range.js';

export interface Change {
  id: string;
  at: FeedCursor;
  version: Version;
  /** The version before it, for `remove` data and for leaving a filter. */
  previous: Version | undefined;
}

/**
 * The changes after `from` up to `snapshot`, in `(ts, ordinal)` order, of the documents whose id
 * is within `ids` (all when absent), as the feed asks for them. The ordinal numbers the documents a
 * transaction wrote, in id order, from 0, whatever the source keeps of them (the core counts the
 * rows of the collection's changes index, before any filter), so a cursor means the same position
 * to every source on the collection.
 */
export function changesAfter(c: Collection, from: FeedCursor, snapshot: number, ids?: IdBounds): Iterable<Change> {
  if (ids?.empty) return [];
  // An id range reads its documents (each of them, then the sort of their changes) when they are
  // fewer than the transactions since the cursor (a quiet range, or a narrow one), else the log,
  // which costs a search per transaction (to the range's ids) and which a page stops reading once full.
  if (ids === undefined || c.changes.transactionsSince(from.ts) <= c.changes.idsBetween(ids.lo, ids.hi))
    return logChanges(c, from, snapshot, ids);
  return rangeChanges(c, from, snapshot, ids);
}

/**
 * The changes in the collection's log from the cursor's time on, of the ids within `ids`. A
 * transaction's entries are in id order: the scan jumps to the range's first id in each, and past
 * its last to the next transaction.
 */
function* logChanges(c: Collection, from: FeedCursor, snapshot: number, ids?: IdBounds): Generator<Change> {
  const { changes } = c;
  const log = changes.all;
  let start = 0;
  for (let i = changes.first(from.ts); i < log.length;) {
    const change = log[i]!;
    if (change.ts > snapshot) return;
    // Jumps land inside a transaction only after its first entry: this is where it starts.
    if (i === 0 || log[i - 1]!.ts !== change.ts) start = i;
    if (ids?.lo !== undefined && compareIds(change.id, ids.lo) < 0) {
      i = changes.seek(change.ts, ids.lo);
      continue;
    }
    if (ids?.hi !== undefined && compareIds(change.id, ids.hi) > 0) {
      i = changes.first(change.ts + 1);
      continue;
    }
    const ord = i - start;
    i++;
    if (change.ts === from.ts && ord <= from.ord) continue;
    const vs = c.docs.get(change.id)?.versions;
    const index = vs === undefined ? -1 : versionAt(vs, change.ts);
    if (index >= 0) yield changeOf(change.id, { ts: change.ts, ord }, vs!, index);
  }
}

/**
 * The changes of the documents in an id range: their versions after the cursor's time, sorted, so
 * that a page costs the range's documents, not the whole collection's changes.
 */
function* rangeChanges(c: Collection, from: FeedCursor, snapshot: number, ids: IdBounds): Generator<Change> {
  const found: Found[] = [];
  for (const id of c.changes.idsFrom(ids.lo)) {
    if (ids.hi !== undefined && compareIds(id, ids.hi) > 0) break;
    const vs = c.docs.get(id)?.versions;
    if (vs === undefined) continue;
    for (let i = vs.length - 1; i >= 0 && vs[i]!.ts >= from.ts; i--) {
      if (vs[i]!.ts <= snapshot) found.push({ ts: vs[i]!.ts, id, versions: vs, index: i });
    }
  }
  // A heap, not a sort: a page takes its first events only.
  const heap = new MinHeap(found, (a, b) => a.ts - b.ts || compareIds(a.id, b.id));
  for (let f = heap.pop(); f !== undefined; f = heap.pop()) {
    const at = { ts: f.ts, ord: c.changes.ordinal(f.ts, f.id) };
    if (at.ts === from.ts && at.ord <= from.ord) continue;
    yield changeOf(f.id, at, f.versions, f.index);
  }
}

interface Found {
  ts: number;
  id: string;
  versions: Version[];
  index: number;
}

/** A binary min-heap over `items` (taken over), built in linear time. */
class MinHeap<T> {
  constructor(
    private readonly items: T[],
    private readonly cmp: (a: T, b: T) => number,
  ) {
    for (let i = (items.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      this.down(0);
    }
    return top;
  }

  private down(i: number): void {
    const items = this.items;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let least = i;
      if (l < items.length && this.cmp(items[l]!, items[least]!) < 0) least = l;
      if (r < items.length && this.cmp(items[r]!, items[least]!) < 0) least = r;
      if (least === i) return;
      [items[i], items[least]] = [items[least]!, items[i]!];
      i = least;
    }
  }
}

const changeOf = (id: string, at: FeedCursor, versions: Version[], index: number): Change => ({
  id,
  at,
  version: versions[index]!,
  previous: index > 0 ? versions[index - 1] : undefined,
});

/** The index of the version written at `ts` exactly, or -1. */
function versionAt(versions: Version[], ts: number): number {
  let lo = 0;
  let hi = versions.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (versions[mid]!.ts < ts) lo = mid + 1;
    else hi = mid;
  }
  return versions[lo]?.ts === ts ? lo : -1;
}
