// Sets: Documents, Match, Range, Singleton, a document ref, native schema sets, Union,
// Intersection, Difference and Events. Snapshot sets iterate in index order from a cursor bound;
// historical sets iterate add/remove (or create/update/delete) events in (ts, ref, action) order.
import type { Collection, DocRecord } from '../store/collection.js';
import { compareArrays, compareRefs, compareValues } from '../store/compare.js';
import type { Database } from '../store/database.js';
import {
  compareEventToBound, eventAction, eventEntry, eventTs, termKey, type Bound, type EventBound, type Index, type SetEvent,
} from '../store/index.js';
import { render } from '../wire/render.js';
import { Ref, SetVal, type Obj, type Value } from '../wire/values.js';
import { asRef, asSet } from './cast.js';
import type { Form } from './compile.js';
import type { Ctx } from './context.js';
import { varargs } from './control.js';
import { invalidArgument, permissionDenied, type Path } from './errors.js';
import { can, checkRetention, collectionOf, databaseOf, indexOf, resolve, seenFrom } from './scope.js';

export interface Elem { values: Value[]; ref: Ref }

export interface Ev {
  ts: number;
  action: string;
  ref: Ref;
  /** Index values of a set event (only when the index has values). */
  values?: Value[];
  /** Document events carry the data (full on create, the diff on update, null on delete). */
  doc?: { data: Value };
}

export interface SetImpl {
  /** Values per element before the ref; 0 means elements are refs. */
  width: number;
  compare(e: Elem, b: Bound): number;
  asc(ctx: Ctx, from: Bound | null, pos: Path): Iterable<Elem>;
  /** Elements below `to` (or at it when inclusive), largest first. */
  desc(ctx: Ctx, to: Bound | null, inclusive: boolean, pos: Path): Iterable<Elem>;
  /** Present on sets with history. */
  events?: { asc(ctx: Ctx, from: EventBound | null, pos: Path): Iterable<Ev>; desc(ctx: Ctx, to: EventBound | null, pos: Path): Iterable<Ev> };
  /** Events(x): a set whose elements are events. */
  historical?: boolean;
}

export function implOf(v: SetVal): SetImpl {
  return v.impl as SetImpl;
}

/** Elements compare by values, then ref, for sets without an index of their own. */
function genericCompare(e: Elem, b: Bound): number {
  const n = Math.min(e.values.length, b.values.length);
  for (let i = 0; i < n; i++) {
    const c = compareValues(e.values[i]!, b.values[i]!);
    if (c) return c;
  }
  if (b.values.length < e.values.length || b.ref === undefined) return -b.pad;
  return b.ref instanceof Ref ? compareRefs(e.ref, b.ref) : compareValues(e.ref, b.ref);
}

function compareElems(a: Elem, b: Elem): number {
  return compareArrays(a.values, b.values) || compareRefs(a.ref, b.ref);
}

/** Reading an index or Documents: who may see which entries, and the retention check. */
function visibleAt(ctx: Ctx, db: Database, source: Collection, index: Index | undefined, pos: Path): number {
  const ts = ctx.readTs;
  checkRetention(ctx, source, ts);
  if (index && !can(ctx, db, { kind: 'index', index: index.spec.name }, 'read')) throw permissionDenied(pos);
  return ts;
}

class IndexSet implements SetImpl {
  readonly width: number;
  constructor(
    private readonly index: Index,
    private readonly key: string,
    private readonly db: Database,
    private readonly source: Collection,
    private readonly named: boolean,
  ) {
    this.width = index.spec.values.length;
  }

  compare(e: Elem, b: Bound): number {
    return this.index.compareToBound(e as never, b);
  }

  /** Entries as a query in another database sees them (refs scoped), else as stored. */
  private seen(ctx: Ctx, e: Elem): Elem {
    if (this.db === ctx.db) return e;
    const scope = (v: Value): Value => (v instanceof Ref ? seenFrom(ctx, this.db, v) : v);
    return { values: e.values.map(scope), ref: seenFrom(ctx, this.db, e.ref) };
  }

  /** False when nothing of the source collection may be read: the set reads as empty (never 403). */
  private readable(ctx: Ctx): boolean {
    return can(ctx, this.db, { kind: 'documents', collection: this.source.spec.name }, 'read')
      || (this.named && can(ctx, this.db, { kind: 'index', index: this.index.spec.name }, 'unrestricted_read'));
  }

  *asc(ctx: Ctx, from: Bound | null, pos: Path): Iterable<Elem> {
    const ts = visibleAt(ctx, this.db, this.source, this.named ? this.index : undefined, pos);
    const p = this.index.partition(this.key);
    if (!p || !this.readable(ctx)) return;
    const start = from ? p.entries.seek((e) => this.index.compareToBound(e, from) >= 0) : { ci: 0, i: 0 };
    for (const e of p.entries.ascending(start)) if (e.add <= ts && ts < e.remove) yield this.seen(ctx, e);
  }

  *desc(ctx: Ctx, to: Bound | null, inclusive: boolean, pos: Path): Iterable<Elem> {
    const ts = visibleAt(ctx, this.db, this.source, this.named ? this.index : undefined, pos);
    const p = this.index.partition(this.key);
    if (!p || !this.readable(ctx)) return;
    const end = to
      ? p.entries.seek((e) => { const c = this.index.compareToBound(e, to); return inclusive ? c > 0 : c >= 0; })
      : { ci: Number.MAX_SAFE_INTEGER, i: 0 };
    for (const e of p.entries.descending(end)) if (e.add <= ts && ts < e.remove) yield this.seen(ctx, e);
  }

  readonly events = {
    asc: (ctx: Ctx, from: EventBound | null, pos: Path) => this.eventStream(ctx, from, 1, pos),
    desc: (ctx: Ctx, to: EventBound | null, pos: Path) => this.eventStream(ctx, to, -1, pos),
  };

  private *eventStream(ctx: Ctx, bound: EventBound | null, dir: 1 | -1, pos: Path): Iterable<Ev> {
    const ts = visibleAt(ctx, this.db, this.source, this.named ? this.index : undefined, pos);
    const p = this.index.partition(this.key);
    if (!p || !this.readable(ctx)) return;
    const evs = p.events;
    const min = this.source.minValidTs(ctx.state.clock.wall());
    // Start past what retention dropped (ascending) or what the snapshot cannot see yet (descending).
    const lo = dir === 1
      ? Math.max(bound ? seekEvent(evs, bound) : 0, min > -Infinity ? seekEvent(evs, { ts: Math.ceil(min), pad: -1 }) : 0)
      : Math.min(bound ? seekEvent(evs, bound) : evs.length, seekEvent(evs, { ts: ts + 1, pad: -1 }));
    const withValues = this.width > 0;
    for (let i = dir === 1 ? lo : lo - 1; i >= 0 && i < evs.length; i += dir) {
      const e = evs[i]!, at = eventTs(e), entry = eventEntry(e);
      if (at > ts) { if (dir === 1) return; continue; }
      if (at < min) { if (dir === -1) return; continue; }
      const seen = this.seen(ctx, entry);
      yield { ts: at, action: eventAction(e), ref: seen.ref, values: withValues ? seen.values : undefined };
    }
  }
}

/** Index of the first event at or after the bound. */
function seekEvent(evs: SetEvent[], bound: EventBound): number {
  let lo = 0, hi = evs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const e = evs[mid]!;
    if (compareEventToBound({ ts: eventTs(e), ref: eventEntry(e).ref, action: eventAction(e) }, bound) >= 0) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Diff of document data for update events: changed fields, null for removed ones. */
function diff(prev: Obj, next: Obj): Obj {
  const out: Obj = {};
  for (const k of Object.keys(next)) {
    const a = prev[k], b = next[k]!;
    if (a === undefined) out[k] = b;
    else if (isPlain(a) && isPlain(b)) {
      const d = diff(a, b);
      if (Object.keys(d).length) out[k] = d;
    } else if (compareValues(a, b) !== 0) out[k] = b;
  }
  for (const k of Object.keys(prev)) if (!(k in next)) out[k] = null;
  return out;
}

/** An update that changed nothing in `data` reports null, as the core does for an empty diff. */
function nonEmpty(o: Obj): Obj | null {
  return Object.keys(o).length ? o : null;
}

function isPlain(v: Value): v is Obj {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

/** Singleton(ref) and a bare document ref: one element while the document lives. */
class DocumentSet implements SetImpl {
  readonly width = 0;
  constructor(private readonly ref: Ref, private readonly withDocEvents: boolean) {}

  compare(e: Elem, b: Bound): number {
    return genericCompare(e, b);
  }

  private record(ctx: Ctx, pos: Path): { c: Collection; rec: DocRecord | undefined; ref: Ref } | undefined {
    const r = resolve(ctx, this.ref, pos);
    if (r.kind !== 'document') throw invalidArgument('Document Ref expected.', pos);
    if (!can(ctx, r.db, { kind: 'documents', collection: r.collection.spec.name }, 'read')) return undefined;
    checkRetention(ctx, r.collection, ctx.readTs);
    const rec = r.collection.docs.get(r.id);
    return { c: r.collection, rec, ref: rec ? seenFrom(ctx, r.db, rec.ref) : this.ref };
  }

  private *elements(ctx: Ctx, pos: Path): Iterable<Elem> {
    const found = this.record(ctx, pos);
    const v = found?.c.versionAt(found.rec, ctx.readTs);
    if (v && v.action !== 'delete') yield { values: [], ref: found!.ref };
  }

  *asc(ctx: Ctx, from: Bound | null, pos: Path): Iterable<Elem> {
    for (const e of this.elements(ctx, pos)) if (!from || genericCompare(e, from) >= 0) yield e;
  }

  *desc(ctx: Ctx, to: Bound | null, inclusive: boolean, pos: Path): Iterable<Elem> {
    for (const e of this.elements(ctx, pos)) {
      const c = to ? genericCompare(e, to) : -1;
      if (c < 0 || (inclusive && c === 0)) yield e;
    }
  }

  private history(ctx: Ctx, pos: Path): Ev[] {
    const found = this.record(ctx, pos);
    if (!found?.rec) return [];
    const min = found.c.minValidTs(ctx.state.clock.wall());
    const out: Ev[] = [];
    let prev: Obj | null = null;
    const ref = found.ref;
    for (const v of found.rec.versions) {
      if (v.ts > ctx.readTs) break;
      if (this.withDocEvents) {
        const data = v.action === 'create' ? v.data : v.action === 'update' ? nonEmpty(diff(prev ?? {}, v.data!)) : null;
        out.push({ ts: v.ts, action: v.action, ref, doc: { data } });
      } else if (v.action !== 'update') {
        out.push({ ts: v.ts, action: v.action === 'create' ? 'add' : 'remove', ref });
      }
      prev = v.data;
    }
    return out.filter((e) => e.ts >= min);
  }

  readonly events = {
    asc: (ctx: Ctx, from: EventBound | null, pos: Path) =>
      this.history(ctx, pos).filter((e) => !from || compareEventToBound(e, from) >= 0),
    desc: (ctx: Ctx, to: EventBound | null, pos: Path) =>
      this.history(ctx, pos).filter((e) => !to || compareEventToBound(e, to) < 0).reverse(),
  };
}

/** Collections(), Indexes(), Databases(), Keys(), Roles(): schema refs in name order. */
class NativeSet implements SetImpl {
  readonly width = 0;
  constructor(private readonly db: Database, private readonly native: string) {}

  compare(e: Elem, b: Bound): number {
    return genericCompare(e, b);
  }

  private elements(ctx: Ctx): Elem[] {
    if (!can(ctx, this.db, { kind: 'schema', native: this.native as never }, 'read')) return [];
    return this.db.schemaDocs(this.native).filter((d) => d.ts <= ctx.readTs)
      .map((d) => ({ values: [], ref: seenFrom(ctx, this.db, d.ref) }));
  }

  asc(ctx: Ctx, from: Bound | null): Iterable<Elem> {
    return this.elements(ctx).filter((e) => !from || genericCompare(e, from) >= 0);
  }

  desc(ctx: Ctx, to: Bound | null, inclusive: boolean): Iterable<Elem> {
    return this.elements(ctx).filter((e) => {
      const c = to ? genericCompare(e, to) : -1;
      return c < 0 || (inclusive && c === 0);
    }).reverse();
  }
}

class RangeSet implements SetImpl {
  readonly width: number;
  constructor(private readonly inner: SetImpl, private readonly from: Bound | null, private readonly to: Bound | null) {
    this.width = inner.width;
  }

  compare(e: Elem, b: Bound): number {
    return this.inner.compare(e, b);
  }

  *asc(ctx: Ctx, from: Bound | null, pos: Path): Iterable<Elem> {
    for (const e of this.inner.asc(ctx, from ?? this.from, pos)) {
      if (this.from && this.inner.compare(e, this.from) < 0) continue;
      if (this.to && this.inner.compare(e, this.to) > 0) return;
      yield e;
    }
  }

  *desc(ctx: Ctx, to: Bound | null, inclusive: boolean, pos: Path): Iterable<Elem> {
    const start = to ?? this.to;
    for (const e of this.inner.desc(ctx, start, to ? inclusive : true, pos)) {
      if (this.to && this.inner.compare(e, this.to) > 0) continue;
      if (this.from && this.inner.compare(e, this.from) < 0) return;
      yield e;
    }
  }
}

/** Union merges sorted streams; Intersection and Difference test members of the first set. */
class Combination implements SetImpl {
  readonly width: number;
  constructor(private readonly op: 'union' | 'intersection' | 'difference', private readonly sets: SetImpl[]) {
    this.width = sets[0]?.width ?? 0;
  }

  compare(e: Elem, b: Bound): number {
    return genericCompare(e, b);
  }

  asc(ctx: Ctx, from: Bound | null, pos: Path): Iterable<Elem> {
    return this.combine(this.sets.map((s) => s.asc(ctx, from, pos)), 1, ctx, pos);
  }

  desc(ctx: Ctx, to: Bound | null, inclusive: boolean, pos: Path): Iterable<Elem> {
    return this.combine(this.sets.map((s) => s.desc(ctx, to, inclusive, pos)), -1, ctx, pos);
  }

  private *combine(streams: Iterable<Elem>[], dir: 1 | -1, ctx: Ctx, pos: Path): Iterable<Elem> {
    if (this.op !== 'union') {
      const [first, ...rest] = streams;
      if (!first) return;
      const others = rest.map(() => new Set<string>());
      this.sets.slice(1).forEach((s, i) => { for (const e of s.asc(ctx, null, pos)) others[i]!.add(elemKey(e)); });
      for (const e of first) {
        const k = elemKey(e);
        const inAll = others.every((o) => o.has(k));
        const inAny = others.some((o) => o.has(k));
        if (this.op === 'intersection' ? inAll : !inAny) yield e;
      }
      return;
    }
    const its = streams.map((s) => s[Symbol.iterator]());
    const heads = its.map((it) => it.next());
    let last: Elem | undefined;
    for (;;) {
      let best = -1;
      for (let i = 0; i < heads.length; i++) {
        const h = heads[i]!;
        if (h.done) continue;
        if (best < 0 || dir * compareElems(h.value, (heads[best]!.value as Elem)) < 0) best = i;
      }
      if (best < 0) return;
      const e = heads[best]!.value as Elem;
      heads[best] = its[best]!.next();
      if (!last || compareElems(last, e) !== 0) yield e;
      last = e;
    }
  }
}

function elemKey(e: Elem): string {
  return render([...e.values, e.ref]);
}

/** Events(set): the events of a set with history, as a set of its own. */
class EventsSet implements SetImpl {
  readonly width = 0;
  readonly historical = true;
  readonly events: NonNullable<SetImpl['events']>;
  constructor(inner: SetImpl, pos: Path) {
    if (!inner.events || inner.historical) throw invalidArgument('Set does not support events history.', pos);
    this.events = inner.events;
  }
  compare(): number { return 0; }
  asc(): Iterable<Elem> { return []; }
  desc(): Iterable<Elem> { return []; }
}

/** A cursor or Range bound: the first `width` values, then the tie-breaking ref. */
export function snapshotBound(width: number, v: Value, pad: -1 | 1): Bound {
  const arr = Array.isArray(v) ? v : [v];
  return arr.length > width ? { values: arr.slice(0, width), ref: arr[width]!, pad } : { values: arr, pad };
}

/**
 * The set a value stands for: a native ref (Collections()) its schema documents, a document ref
 * a singleton whose events are document events.
 */
export function setOf(ctx: Ctx, v: Value, pos: Path): SetImpl {
  if (v instanceof Ref) {
    return v.collection ? new DocumentSet(v, true) : new NativeSet(databaseOf(ctx, v.database, pos), v.id);
  }
  return implOf(asSet(v, pos));
}

export function firstElement(ctx: Ctx, v: SetVal, pos: Path): Ref | undefined {
  for (const e of implOf(v).asc(ctx, null, pos)) return e.ref;
  return undefined;
}

function matchTerms(raw: Value): Value[] {
  return Array.isArray(raw) ? raw : [raw];
}

export const setForms: Form[] = [
  {
    key: 'documents',
    compile(c, o, pos) {
      const e = c.arg(o, 'documents', pos);
      const p = [...pos, 'documents'];
      return (ctx) => {
        const ref = asRef(e(ctx), p);
        const coll = collectionOf(ctx, ref, p);
        return new SetVal({ documents: ref }, new IndexSet(coll.documents, '', databaseOf(ctx, ref.database, p), coll, false));
      };
    },
  },
  {
    key: 'match', optional: ['terms'],
    compile(c, o, pos) {
      const e = c.arg(o, 'match', pos), terms = c.optionalArg(o, 'terms', pos);
      const p = [...pos, 'match'];
      return (ctx) => {
        const ref = asRef(e(ctx), p);
        const index = indexOf(ctx, ref, p);
        const t = terms ? terms(ctx) : [];
        const db = databaseOf(ctx, ref.database, p);
        const parts: Obj = Array.isArray(t) && t.length === 0 ? { match: ref } : { match: ref, terms: t };
        return new SetVal(parts, new IndexSet(index, termKey(matchTerms(t)), db, index.source, true));
      };
    },
  },
  {
    key: 'range', required: ['from', 'to'],
    compile(c, o, pos) {
      const s = c.arg(o, 'range', pos), from = c.arg(o, 'from', pos), to = c.arg(o, 'to', pos);
      return (ctx) => {
        const set = s(ctx);
        const inner = implOf(asSet(set, [...pos, 'range']));
        if (inner.historical) throw invalidArgument('Set does not support events history.', [...pos, 'range']);
        const f = from(ctx), t = to(ctx);
        const lo = Array.isArray(f) && f.length === 0 ? null : snapshotBound(inner.width, f, -1);
        const hi = Array.isArray(t) && t.length === 0 ? null : snapshotBound(inner.width, t, 1);
        return new SetVal({ range: set, from: f, to: t }, new RangeSet(inner, lo, hi));
      };
    },
  },
  {
    key: 'singleton',
    compile(c, o, pos) {
      const e = c.arg(o, 'singleton', pos);
      return (ctx) => {
        const ref = asRef(e(ctx), [...pos, 'singleton']);
        return new SetVal({ singleton: ref }, new DocumentSet(ref, false));
      };
    },
  },
  {
    key: 'events',
    compile(c, o, pos) {
      const e = c.arg(o, 'events', pos);
      return (ctx) => {
        const v = e(ctx);
        return new SetVal({ events: v }, new EventsSet(setOf(ctx, v, [...pos, 'events']), [...pos, 'events']));
      };
    },
  },
  ...(['union', 'intersection', 'difference'] as const).map((op): Form => ({
    key: op,
    compile(c, o, pos) {
      const args = varargs(c, o, op, pos);
      return (ctx) => {
        const vs = args(ctx) as Value[];
        const impls = vs.map((v) => implOf(asSet(v, [...pos, op])));
        return new SetVal({ [op]: vs.length === 1 ? vs[0]! : vs }, new Combination(op, impls));
      };
    },
  })),
];
