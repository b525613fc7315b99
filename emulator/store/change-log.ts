// Every version of a collection's documents, as (transaction time, document id), in that order,
// and the ids of its documents in id order: where a feed finds the changes after its cursor (of
// the whole collection, or of an id range) without visiting every document of the collection for
// every page (v10/feed/replay.ts), as the core reads its changes index.
import { compareIds } from './ids.js';
import type { DocRecord } from './collection.js';
import { SortedList } from './sorted-list.js';

export interface Change {
  ts: number;
  id: string;
}

const before = (a: Change, b: Change): boolean => a.ts < b.ts || (a.ts === b.ts && compareIds(a.id, b.id) < 0);

export class ChangeLog {
  private entries: Change[] = [];
  /** The distinct transaction times of the entries, in order: how many blocks a scan of the log may visit. */
  private times: number[] = [];
  private ids = new SortedList<string>(compareIds);

  /**
   * Logs a new version (of a new document: `created`); returns how to take it back. Versions come
   * in time order: the search is from the end.
   */
  add(ts: number, id: string, created = false): () => void {
    const change = { ts, id };
    let at = this.entries.length;
    while (at > 0 && before(change, this.entries[at - 1]!)) at--;
    this.entries.splice(at, 0, change);
    // The first version of its transaction: a new time.
    if (this.entries[at - 1]?.ts !== ts && this.entries[at + 1]?.ts !== ts)
      this.times.splice(this.firstTime(ts), 0, ts);
    if (created) this.ids.insert(id);
    return () => {
      this.remove(ts, id);
      if (created) this.ids.remove(id);
    };
  }

  /** Drops a version (created and deleted by one transaction: none of it was visible); returns how to take it back. */
  remove(ts: number, id: string): () => void {
    const at = this.first(ts);
    for (let i = at; i < this.entries.length && this.entries[i]!.ts === ts; i++) {
      if (this.entries[i]!.id === id) {
        this.entries.splice(i, 1);
        if (this.entries[i - 1]?.ts !== ts && this.entries[i]?.ts !== ts) this.times.splice(this.firstTime(ts), 1);
        break;
      }
    }
    return () => void this.add(ts, id);
  }

  /** Logs every version again, after a write into the past (Insert, Remove). */
  rebuild(docs: readonly DocRecord[]): void {
    const entries: Change[] = [];
    for (const rec of docs) for (const version of rec.versions) entries.push({ ts: version.ts, id: rec.ref.id });
    this.entries = entries.sort((a, b) => a.ts - b.ts || compareIds(a.id, b.id));
    this.times = [...new Set(entries.map((entry) => entry.ts))];
    this.ids = new SortedList<string>(compareIds);
    for (const rec of docs) this.ids.insert(rec.ref.id);
  }

  /** The index of the first version at or after `ts`. */
  first(ts: number): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.entries[mid]!.ts < ts) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The index of the first version at or after (ts, id). */
  seek(ts: number, id: string): number {
    const change = { ts, id };
    let lo = this.first(ts);
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before(this.entries[mid]!, change)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The place of version (ts, id) among the versions of its transaction, from 0. */
  ordinal(ts: number, id: string): number {
    return this.seek(ts, id) - this.first(ts);
  }

  /** How many transactions wrote versions at or after `ts`. */
  transactionsSince(ts: number): number {
    return this.times.length - this.firstTime(ts);
  }

  private firstTime(ts: number): number {
    let lo = 0;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.times[mid]! < ts) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** How many documents have an id from `lo` to `hi` (inclusive; a bound left out is open). */
  idsBetween(lo: string | undefined, hi: string | undefined): number {
    const from = this.ids.seek((id) => lo === undefined || compareIds(id, lo) >= 0);
    const to = this.ids.seek((id) => hi !== undefined && compareIds(id, hi) > 0);
    return this.ids.countBetween(from, to);
  }

  /** The ids of the documents from `lo` (all when absent), in id order. */
  idsFrom(lo: string | undefined): Generator<string> {
    return this.ids.ascending(this.ids.seek((id) => lo === undefined || compareIds(id, lo) >= 0));
  }

  /** The versions in order, read-only: a feed scans them from `first(ts)`. */
  get all(): readonly Change[] {
    return this.entries;
  }
}
