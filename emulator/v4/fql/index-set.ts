// Documents(C) and Match(index, terms): one partition of an index, read as of the snapshot.
import type { Collection } from '../../store/collection.js';
import type { Database } from '../../store/database.js';
import {
  compareEventToBound,
  eventAction,
  eventEntry,
  eventTs,
  termKey,
  type Bound,
  type EventBound,
  type Index,
  type Partition,
  type SetEvent,
} from '../../store/sorted-index.js';
import { Ref, type Value } from '../../core/values.js';
import type { Ctx } from '../../core/context.js';
import { permissionDenied, type Path } from './errors.js';
import { can, gate } from '../../core/access.js';
import { checkRetention, seenFrom } from './scope.js';
import type { Elem, Ev, SetImpl } from './set-types.js';

/** Reading an index (its read predicate gets the Match terms) or Documents, and the retention check. */
function visibleAt(
  ctx: Ctx,
  db: Database,
  source: Collection,
  index: Index | undefined,
  terms: Value[],
  pos: Path,
): number {
  const ts = ctx.readTs;
  checkRetention(ctx, source, ts);
  if (index && !can(ctx, db, { kind: 'index', index: index.spec.name }, 'read', terms)) throw permissionDenied(pos);
  return ts;
}

export class IndexSet implements SetImpl {
  readonly width: number;
  private readonly key: string;
  constructor(
    private readonly index: Index,
    private readonly terms: Value[],
    private readonly db: Database,
    private readonly source: Collection,
    private readonly named: boolean,
  ) {
    this.width = index.spec.values.length;
    this.key = termKey(terms);
  }

  compare(e: Elem, b: Bound): number {
    return this.index.compareToBound(e, b);
  }

  /** Entries as a query in another database sees them (refs scoped), else as stored. */
  private seen(ctx: Ctx, e: Elem): Elem {
    if (this.db === ctx.db) return e;
    const scope = (v: Value): Value => (v instanceof Ref ? seenFrom(ctx, this.db, v) : v);
    return { values: e.values.map(scope), ref: seenFrom(ctx, this.db, e.ref) };
  }

  /**
   * Which entries may be read, by their document's read permission unless the index (or for
   * Documents(), the collection) grants unrestricted_read. Refused entries are left out, never a
   * 403: with no read at all the set reads as empty.
   */
  private readable(ctx: Ctx): boolean | ((ref: Value) => boolean) {
    const documents = { kind: 'documents', collection: this.source.spec.name } as const;
    const whole = this.named ? ({ kind: 'index', index: this.index.spec.name } as const) : documents;
    return can(ctx, this.db, whole, 'unrestricted_read', this.terms) || gate(ctx, this.db, documents, 'read');
  }

  /** The partition and entry filter a read uses, or undefined when nothing can be seen. */
  private open(ctx: Ctx, pos: Path): { ts: number; p: Partition; ok: (ref: Value) => boolean } | undefined {
    const ts = visibleAt(ctx, this.db, this.source, this.named ? this.index : undefined, this.terms, pos);
    const p = this.index.partition(this.key);
    const readable = this.readable(ctx);
    if (!p || readable === false) return undefined;
    return { ts, p, ok: readable === true ? everything : readable };
  }

  *asc(ctx: Ctx, from: Bound | null, pos: Path): Iterable<Elem> {
    const read = this.open(ctx, pos);
    if (!read) return;
    const { ts, p, ok } = read;
    const start = from ? p.entries.seek((e) => this.index.compareToBound(e, from) >= 0) : { ci: 0, i: 0 };
    for (const e of p.entries.ascending(start)) if (this.index.liveAt(e, ts) && ok(e.ref)) yield this.seen(ctx, e);
  }

  *desc(ctx: Ctx, to: Bound | null, inclusive: boolean, pos: Path): Iterable<Elem> {
    const read = this.open(ctx, pos);
    if (!read) return;
    const { ts, p, ok } = read;
    const end = to
      ? p.entries.seek((e) => {
          const c = this.index.compareToBound(e, to);
          return inclusive ? c > 0 : c >= 0;
        })
      : { ci: Number.MAX_SAFE_INTEGER, i: 0 };
    for (const e of p.entries.descending(end)) if (this.index.liveAt(e, ts) && ok(e.ref)) yield this.seen(ctx, e);
  }

  readonly events = {
    asc: (ctx: Ctx, from: EventBound | null, pos: Path) => this.eventStream(ctx, from, 1, pos),
    desc: (ctx: Ctx, to: EventBound | null, pos: Path) => this.eventStream(ctx, to, -1, pos),
  };

  private *eventStream(ctx: Ctx, bound: EventBound | null, dir: 1 | -1, pos: Path): Iterable<Ev> {
    const read = this.open(ctx, pos);
    if (!read) return;
    const { ts, p, ok } = read;
    const evs = p.events;
    const min = this.source.minValidTs(ctx.state.clock.wall(), ctx.state.clock.historyGrace);
    // Start past what retention dropped (ascending) or what the snapshot cannot see yet (descending).
    const lo =
      dir === 1
        ? Math.max(
            bound ? seekEvent(evs, bound) : 0,
            min > -Infinity ? seekEvent(evs, { ts: Math.ceil(min), pad: -1 }) : 0,
          )
        : Math.min(bound ? seekEvent(evs, bound) : evs.length, seekEvent(evs, { ts: ts + 1, pad: -1 }));
    const withValues = this.width > 0;
    for (let i = dir === 1 ? lo : lo - 1; i >= 0 && i < evs.length; i += dir) {
      const e = evs[i]!,
        at = eventTs(e),
        entry = eventEntry(e);
      if (at > ts) {
        if (dir === 1) return;
        continue;
      }
      if (at < min) {
        if (dir === -1) return;
        continue;
      }
      if (!ok(entry.ref)) continue;
      const seen = this.seen(ctx, entry);
      yield { ts: at, action: eventAction(e), ref: seen.ref, values: withValues ? seen.values : undefined };
    }
  }
}

const everything = (): boolean => true;

/** Index of the first event at or after the bound. */
function seekEvent(evs: SetEvent[], bound: EventBound): number {
  let lo = 0,
    hi = evs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const e = evs[mid]!;
    if (compareEventToBound({ ts: eventTs(e), ref: eventEntry(e).ref, action: eventAction(e) }, bound) >= 0) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
