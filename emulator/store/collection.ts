// A collection: each document's full version history and the indexes sourced on it, among them
// the hidden no-terms, no-values index behind Documents(C).
import { Ref, type Obj, type Time } from '../core/values.js';
import { Index, type Undo } from './sorted-index.js';

export type Action = 'create' | 'update' | 'delete';

/** `ttl`: the document's time to live, when it has one: once it has passed, the document reads as absent. */
export interface Version {
  ts: number;
  action: Action;
  data: Obj | null;
  ttl?: Time;
}

const isExpired = (version: Version, ts: number): boolean => version.ttl !== undefined && version.ttl.micros <= ts;

export interface DocRecord {
  ref: Ref;
  versions: Version[];
}

/** 15 minutes: the core keeps history this much longer than history_days (Collection.MVTOffset). */
export const RETENTION_GRACE_MICROS = 15 * 60 * 1_000_000;
const DAY_MICROS = 86_400 * 1_000_000;

export interface CollectionSpec {
  name: string;
  ref: Ref;
  ts: number;
  historyDays: number | null;
  /** The schema document as rendered by Get (without ref/ts). */
  definition: Obj;
}

export class Collection {
  readonly docs = new Map<string, DocRecord>();
  readonly documents: Index;
  readonly indexes: Index[] = [];
  private hasTtl = false;

  constructor(readonly spec: CollectionSpec) {
    this.documents = new Index(
      {
        name: '',
        ref: spec.ref,
        ts: spec.ts,
        terms: [],
        values: [],
        unique: false,
        serialized: false,
        definition: {},
      },
      this,
    );
  }

  /** The oldest readable ts given the wall clock and the grace beyond history_days, or -Infinity when history is kept forever. */
  minValidTs(wallMicros: number, graceMicros: number): number {
    const days = this.spec.historyDays;
    if (days === null) return -Infinity;
    return wallMicros - days * DAY_MICROS - graceMicros;
  }

  versionAt(rec: DocRecord | undefined, ts: number): Version | undefined {
    if (!rec) return undefined;
    const vs = rec.versions;
    let lo = 0,
      hi = vs.length;
    if (hi === 0) return undefined;
    if (vs[hi - 1]!.ts <= ts) lo = hi;
    else {
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (vs[mid]!.ts <= ts) lo = mid + 1;
        else hi = mid;
      }
    }
    return lo ? vs[lo - 1] : undefined;
  }

  /** The live version of a document at ts: none when absent, deleted, or past its ttl. */
  liveVersionAt(rec: DocRecord | undefined, ts: number): Version | undefined {
    const version = this.versionAt(rec, ts);
    if (!version || version.action === 'delete' || isExpired(version, ts)) return undefined;
    return version;
  }

  /** The live data of a document at ts, or undefined when absent, deleted or expired. */
  dataAt(id: string, ts: number): { rec: DocRecord; version: Version } | undefined {
    const rec = this.docs.get(id);
    const version = this.liveVersionAt(rec, ts);
    return version ? { rec: rec!, version } : undefined;
  }

  /**
   * Whether the document's ttl has passed at ts. The core hides such a document from Get,
   * Documents, indexes and `.all()` alike; only collections that ever saw a ttl pay the lookup.
   */
  expiredAt(id: string, ts: number): boolean {
    if (!this.hasTtl) return false;
    const version = this.versionAt(this.docs.get(id), ts);
    return version !== undefined && isExpired(version, ts);
  }

  /** Records a new version at ts; several writes in one transaction fold into one version. */
  write(ref: Ref, ts: number, action: Action, data: Obj | null, undo: Undo[], ttl?: Time): Version {
    const rec = this.docs.get(ref.id);
    const last = rec?.versions[rec.versions.length - 1];
    const folded = last?.ts === ts && last.action === 'create' && action === 'update' ? 'create' : action;
    const version: Version = ttl ? { ts, action: folded, data, ttl } : { ts, action: folded, data };
    if (ttl) this.hasTtl = true;
    if (!rec) {
      this.docs.set(ref.id, { ref, versions: [version] });
      undo.push(() => this.docs.delete(ref.id));
    } else {
      const vs = rec.versions;
      if (last?.ts === ts && last.action === 'create' && action === 'delete') {
        // Created and deleted by one transaction: no version of it was ever visible.
        vs.pop();
        undo.push(() => {
          vs.push(last);
        });
      } else if (last?.ts === ts) {
        vs[vs.length - 1] = version;
        undo.push(() => {
          vs[vs.length - 1] = last;
        });
      } else {
        vs.push(version);
        undo.push(() => {
          vs.pop();
        });
      }
    }
    this.reindex(rec?.ref ?? ref, ts, data, undo);
    return version;
  }

  /**
   * Changes a document's past (Insert, Remove): `edit` rewrites its versions, kept in ts order,
   * then every index replays the collection, as a write into the past moves later index events.
   */
  editHistory(ref: Ref, edit: (versions: Version[]) => void, undo: Undo[]): void {
    const rec = this.docs.get(ref.id) ?? { ref, versions: [] };
    const before = [...rec.versions];
    edit(rec.versions);
    rec.versions.sort((a, b) => a.ts - b.ts);
    const set = (versions: Version[]) => {
      rec.versions.splice(0, rec.versions.length, ...versions);
      if (versions.length) this.docs.set(ref.id, rec);
      else this.docs.delete(ref.id);
      this.documents.rebuild();
      for (const idx of this.indexes) idx.rebuild();
    };
    set([...rec.versions]);
    undo.push(() => set(before));
  }

  private reindex(ref: Ref, ts: number, data: Obj | null, undo: Undo[]): void {
    this.documents.update(ref, ts, data, undo);
    for (const idx of this.indexes) idx.update(ref, ts, data, undo);
  }
}
