// Feed replay (the core's `runtime/stream/EventReplayer.scala`): the events of one collection after
// a cursor, read from the document version history the store keeps, through the collection's log
// of changes in (ts, id) order. The store folds a transaction's writes to a document into one
// version, so each (document, transaction) is one candidate event, its last action winning; the
// runtime decides per version whether it is an add, update or remove of the source.
import type { Collection, Version } from '../../store/collection.js';
import type { FeedCursor } from './cursor.js';

export interface Change {
  id: string;
  at: FeedCursor;
  version: Version;
  /** The version before it, for `remove` data and for leaving a filter. */
  previous: Version | undefined;
}

/**
 * The changes after `from` up to `snapshot`, in `(ts, ordinal)` order, of the documents whose id
 * passes `ids` (all when absent), as the feed asks for them. The ordinal numbers the documents a
 * transaction wrote, in id order, from 0, whatever the source keeps of them (the core counts the
 * rows of the collection's changes index, before any filter), so a cursor means the same position
 * to every source on the collection.
 */
export function* changesAfter(
  c: Collection,
  from: FeedCursor,
  snapshot: number,
  ids?: (id: string) => boolean,
): Generator<Change> {
  const log = c.changes.all;
  let ord = 0;
  for (let i = c.changes.first(from.ts); i < log.length; i++) {
    const change = log[i]!;
    if (change.ts > snapshot) return;
    ord = i > 0 && log[i - 1]!.ts === change.ts ? ord + 1 : 0;
    if (change.ts === from.ts && ord <= from.ord) continue;
    if (ids !== undefined && !ids(change.id)) continue;
    const vs = c.docs.get(change.id)?.versions;
    const index = vs === undefined ? -1 : versionAt(vs, change.ts);
    if (index < 0) continue;
    yield { id: change.id, at: { ts: change.ts, ord }, version: vs![index]!, previous: index > 0 ? vs![index - 1] : undefined };
  }
}

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
