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

/** Decimal ids sort as numbers: by length, then by text. */
function byId(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Every change after `from` up to `snapshot`, in `(ts, ordinal)` order. The ordinal numbers the
 * documents a transaction wrote, in id order, from 0, whatever the source keeps of them, so a
 * cursor means the same position to every source on the collection.
 */
export function changesAfter(c: Collection, from: FeedCursor, snapshot: number): Change[] {
  const found: { id: string; ts: number; version: Version; previous: Version | undefined }[] = [];
  for (const rec of c.docs.values()) {
    const vs = rec.versions;
    // Versions are in ts order: walk back from the newest to the first at or before the start.
    for (let i = vs.length - 1; i >= 0 && vs[i]!.ts >= from.ts; i--) {
      const version = vs[i]!;
      if (version.ts > snapshot) continue;
      found.push({ id: rec.ref.id, ts: version.ts, version, previous: i > 0 ? vs[i - 1] : undefined });
    }
  }
  found.sort((a, b) => a.ts - b.ts || byId(a.id, b.id));
  const changes: Change[] = [];
  let ord = 0;
  for (let i = 0; i < found.length; i++) {
    const f = found[i]!;
    ord = i > 0 && found[i - 1]!.ts === f.ts ? ord + 1 : 0;
    const at = { ts: f.ts, ord };
    if (isAfter(at, from)) changes.push({ id: f.id, at, version: f.version, previous: f.previous });
  }
  return changes;
}
