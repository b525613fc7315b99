// Feed replay (the core's `runtime/stream/EventReplayer.scala`): the events of one collection after
// a cursor, read from the document version history the store keeps. The store folds a transaction's
// writes to a document into one version, so each (document, transaction) is one candidate event,
// its last action winning; the runtime decides per version whether it is an add, update or remove
// of the source.
import type { Collection, Version } from '../../store/collection.js';
import { isAfter, type FeedCursor } from './cursor.js';

export interface Change {
  id: string;
  at: FeedCursor;
  version: Version;
  /** The version before it, for `remove` data and for leaving a filter. */
  previous: Version | undefined;
}

interface Found {
  id: string;
  ts: number;
  version: Version;
  previous: Version | undefined;
}

/** Decimal ids sort as numbers: by length, then by text. */
function byId(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Every change after `from` up to `snapshot`, in `(ts, ordinal)` order, of the documents whose id
 * passes `ids` (all when absent). The ordinal numbers the documents a transaction wrote, in id order,
 * from 0, whatever the source keeps of them (the core counts the rows of the collection's changes
 * index, before any filter), so a cursor means the same position to every source on the collection:
 * documents outside `ids` are only counted, never sorted or read further.
 */
export function changesAfter(
  c: Collection,
  from: FeedCursor,
  snapshot: number,
  ids?: (id: string) => boolean,
): Change[] {
  const found: Found[] = [];
  // The ids outside the filter written by each transaction after `from`, for the ordinals.
  const others = new Map<number, string[]>();
  for (const rec of c.docs.values()) {
    const vs = rec.versions;
    if (vs.length === 0 || vs[vs.length - 1]!.ts < from.ts) continue;
    const id = rec.ref.id;
    const kept = ids === undefined || ids(id);
    // Versions are in ts order: walk back from the newest to the first at or before the start.
    for (let i = vs.length - 1; i >= 0 && vs[i]!.ts >= from.ts; i--) {
      const version = vs[i]!;
      if (version.ts > snapshot) continue;
      if (kept) found.push({ id, ts: version.ts, version, previous: i > 0 ? vs[i - 1] : undefined });
      else {
        const at = others.get(version.ts);
        if (at === undefined) others.set(version.ts, [id]);
        else at.push(id);
      }
    }
  }
  found.sort((a, b) => a.ts - b.ts || byId(a.id, b.id));
  const sortedOthers = new Map<number, string[]>();
  const before = (ts: number, id: string): number => {
    let list = sortedOthers.get(ts);
    if (list === undefined) {
      list = (others.get(ts) ?? []).sort(byId);
      sortedOthers.set(ts, list);
    }
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (byId(list[mid]!, id) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const changes: Change[] = [];
  let rank = 0;
  for (let i = 0; i < found.length; i++) {
    const f = found[i]!;
    rank = i > 0 && found[i - 1]!.ts === f.ts ? rank + 1 : 0;
    const at = { ts: f.ts, ord: rank + (others.size === 0 ? 0 : before(f.ts, f.id)) };
    if (isAfter(at, from)) changes.push({ id: f.id, at, version: f.version, previous: f.previous });
  }
  return changes;
}
