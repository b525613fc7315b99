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
  // An id range reads its documents when they are fewer than the changes since the cursor (a
  // quiet range, or a narrow one), else the log, which a page stops reading once full.
  if (ids === undefined || c.changes.since(from.ts) <= c.changes.idsBetween(ids.lo, ids.hi))
    return logChanges(c, from, snapshot, ids);
  return rangeChanges(c, from, snapshot, ids);
}

/** The changes in the collection's log from the cursor's time on, of the ids within `ids`. */
function* logChanges(c: Collection, from: FeedCursor, snapshot: number, ids?: IdBounds): Generator<Change> {
  const log = c.changes.all;
  let ord = 0;
  for (let i = c.changes.first(from.ts); i < log.length; i++) {
    const change = log[i]!;
    if (change.ts > snapshot) return;
    ord = i > 0 && log[i - 1]!.ts === change.ts ? ord + 1 : 0;
    if (change.ts === from.ts && ord <= from.ord) continue;
    if (ids !== undefined && !within(change.id, ids)) continue;
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
  const found: { id: string; versions: Version[]; index: number }[] = [];
  for (const id of c.changes.idsFrom(ids.lo)) {
    if (ids.hi !== undefined && compareIds(id, ids.hi) > 0) break;
    const vs = c.docs.get(id)?.versions;
    if (vs === undefined) continue;
    for (let i = vs.length - 1; i >= 0 && vs[i]!.ts >= from.ts; i--) {
      if (vs[i]!.ts <= snapshot) found.push({ id, versions: vs, index: i });
    }
  }
  const ts = (f: (typeof found)[number]): number => f.versions[f.index]!.ts;
  found.sort((a, b) => ts(a) - ts(b) || compareIds(a.id, b.id));
  for (const f of found) {
    const at = { ts: ts(f), ord: c.changes.ordinal(ts(f), f.id) };
    if (at.ts === from.ts && at.ord <= from.ord) continue;
    yield changeOf(f.id, at, f.versions, f.index);
  }
}

const within = (id: string, { lo, hi }: IdBounds): boolean =>
  (lo === undefined || compareIds(id, lo) >= 0) && (hi === undefined || compareIds(id, hi) <= 0);

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
