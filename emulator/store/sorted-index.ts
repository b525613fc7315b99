// Indexes: sorted entries per term partition, each entry stamped with the ts it was added and
// removed, so a read at any ts is a filter over the sorted entries rather than a replay, and an
// append-mostly log of add/remove set events ordered by (ts, document id, action).
import { render } from '../core/render.js';
import { Ref, isObj, type Obj, type Value } from '../core/values.js';
import { compareArrays, compareRefs, compareValues } from './compare.js';
import { compareIds } from './ids.js';
import { SortedList } from './sorted-list.js';
import type { Collection, DocRecord } from './collection.js';

export interface Field {
  path: string[];
  reverse: boolean;
}

export interface Entry {
  values: Value[];
  ref: Ref;
  add: number;
  /** Infinity while live. */
  remove: number;
  partition: Partition;
}

/** The end of an entry; an entry itself stands for its add event, to keep one object per entry. */
export class Removal {
  constructor(
    readonly ts: number,
    readonly entry: Entry,
  ) {}
}

export type SetEvent = Entry | Removal;

export const eventTs = (e: SetEvent): number => (e instanceof Removal ? e.ts : e.add);
export const eventAction = (e: SetEvent): 'add' | 'remove' => (e instanceof Removal ? 'remove' : 'add');
export const eventEntry = (e: SetEvent): Entry => (e instanceof Removal ? e.entry : e);

/** A cursor position: given values (a prefix), maybe a tie-breaking ref, the rest padded min (-1) or max (1). */
export interface Bound {
  values: Value[];
  ref?: Value;
  pad: -1 | 1;
}

/** An event cursor: ts, then document and action when given, the rest padded. */
export interface EventBound {
  ts: number;
  ref?: Ref;
  action?: 'add' | 'remove' | string;
  pad: -1 | 1;
}

export type Undo = () => void;

export class UniqueViolation extends Error {
  constructor(readonly index: string) {
    super(`index ${index} is unique`);
  }
}

export function compareDocRefs(a: Ref, b: Ref): number {
  return a.collection === b.collection ? compareIds(a.id, b.id) : compareRefs(a, b);
}

export class Partition {
  readonly entries: SortedList<Entry>;
  readonly events: SetEvent[] = [];
  constructor(
    readonly index: Index,
    readonly termKey: string,
  ) {
    this.entries = new SortedList((a, b) => index.compareEntries(a, b));
  }

  addEvent(ev: SetEvent): void {
    const evs = this.events;
    let i = evs.length;
    while (i > 0 && compareEvents(evs[i - 1]!, ev) > 0) i--;
    if (i === evs.length) evs.push(ev);
    else evs.splice(i, 0, ev);
  }

  dropEvent(ev: SetEvent): void {
    const i = this.events.lastIndexOf(ev);
    if (i >= 0) this.events.splice(i, 1);
  }
}

// At one ts every remove sorts before every add (an update retires the old tuple first), then
// documents in id order: the core's order of set events, which its bare-ts cursors rely on.
const ACTION_ORDER: Record<string, number> = { remove: 0, add: 1, create: 0, update: 1, delete: 2 };

function compareEvents(a: SetEvent, b: SetEvent): number {
  return (
    eventTs(a) - eventTs(b) ||
    ACTION_ORDER[eventAction(a)]! - ACTION_ORDER[eventAction(b)]! ||
    compareDocRefs(eventEntry(a).ref, eventEntry(b).ref)
  );
}

/**
 * An event against a cursor, in the order above. A cursor without a document (a bare ts is
 * {ts, action: "add"}) compares set events by action; document events, all of one document, by ts only.
 */
export function compareEventToBound(e: { ts: number; ref: Ref; action: string }, b: EventBound): number {
  if (e.ts !== b.ts) return e.ts - b.ts;
  const setEvent = e.action === 'add' || e.action === 'remove';
  if (b.action !== undefined && (b.ref !== undefined || setEvent)) {
    const c = ACTION_ORDER[e.action]! - (ACTION_ORDER[b.action] ?? 0);
    if (c) return c;
  }
  if (!b.ref) return -b.pad;
  return compareDocRefs(e.ref, b.ref) || (b.action === undefined ? -b.pad : 0);
}

export interface IndexSpec {
  name: string;
  ref: Ref;
  ts: number;
  terms: Field[];
  values: Field[];
  unique: boolean;
  serialized: boolean;
  /** The schema document as rendered by Get (without ref/ts). */
  definition: Obj;
}

export class Index {
  readonly partitions = new Map<string, Partition>();
  /** The live entries of each document, to retire them when it changes. */
  private readonly live = new Map<string, Entry | Entry[]>();
  private readonly reverse: boolean[];
  private building = false;

  constructor(
    readonly spec: IndexSpec,
    readonly source: Collection,
  ) {
    this.reverse = spec.values.map((f) => f.reverse);
  }

  /** Whether an entry is in the index at ts: added, not yet removed, and its document not past its ttl. */
  liveAt(e: Entry, ts: number): boolean {
    return e.add <= ts && ts < e.remove && !this.source.expiredAt(e.ref.id, ts);
  }

  compareEntries(a: Entry, b: Entry): number {
    const rv = this.reverse;
    for (let i = 0; i < rv.length; i++) {
      const c = compareValues(a.values[i]!, b.values[i]!);
      if (c) return rv[i] ? -c : c;
    }
    return compareDocRefs(a.ref, b.ref);
  }

  compareToBound(e: { values: Value[]; ref: Ref }, b: Bound): number {
    const rv = this.reverse;
    const n = Math.min(rv.length, b.values.length);
    for (let i = 0; i < n; i++) {
      const c = compareValues(e.values[i]!, b.values[i]!);
      if (c) return rv[i] ? -c : c;
    }
    if (b.values.length < rv.length || b.ref === undefined) return -b.pad;
    return b.ref instanceof Ref ? compareDocRefs(e.ref, b.ref) : compareValues(e.ref, b.ref);
  }

  partition(termKey: string): Partition | undefined {
    return this.partitions.get(termKey);
  }

  /**
   * Replays the source's retained history into this new index, so At and events see the past.
   * Uniqueness binds later writes only: the replay runs document by document, not in time order,
   * and refusing data that is already stored would fail the build with nothing a user can fix.
   */
  build(records: Iterable<DocRecord>): void {
    this.building = true;
    try {
      for (const rec of records) for (const v of rec.versions) this.update(rec.ref, v.ts, v.data, []);
    } finally {
      this.building = false;
    }
  }

  /** Forgets every entry and replays the source's history: after a write into the past (Insert, Remove). */
  rebuild(): void {
    this.partitions.clear();
    this.live.clear();
    this.build(this.source.docs.values());
  }

  /** Brings the entries of one document up to date with its new version (null when deleted). */
  update(ref: Ref, ts: number, data: Obj | null, undo: Undo[]): void {
    const previous = this.live.get(ref.id);
    const next = data === null ? [] : this.tuples(ref, ts, data);
    if (previous === undefined) {
      // A new document (the bulk-load path): nothing to retire, no keys to compare.
      if (next.length === 0) return;
      const added = next.map((t) => this.addEntry(t, ref, ts, undo));
      this.live.set(ref.id, added.length === 1 ? added[0]! : added);
      undo.push(() => this.live.delete(ref.id));
      return;
    }
    const old = Array.isArray(previous) ? previous : [previous];
    const oldKeys = old.map(entryKey);
    const nextKeys = next.map((t) => tupleKey(t.termKey, t.values));
    if (old.length === 1 && next.length === 1 && oldKeys[0] === nextKeys[0]) return;
    const keep = new Set(nextKeys);
    const had = new Set(oldKeys);
    const live = old.filter((_, i) => keep.has(oldKeys[i]!));
    old.forEach((e, i) => {
      if (!keep.has(oldKeys[i]!)) this.removeEntry(e, ts, undo);
    });
    next.forEach((t, i) => {
      if (!had.has(nextKeys[i]!)) live.push(this.addEntry(t, ref, ts, undo));
    });
    if (live.length) this.live.set(ref.id, live.length === 1 ? live[0]! : live);
    else this.live.delete(ref.id);
    undo.push(() => this.live.set(ref.id, previous));
  }

  private addEntry(t: Tuple, ref: Ref, ts: number, undo: Undo[]): Entry {
    let p = this.partitions.get(t.termKey);
    if (!p) {
      p = new Partition(this, t.termKey);
      this.partitions.set(t.termKey, p);
    }
    if (this.spec.unique && !this.building) this.checkUnique(p, t.values, ref);
    const entry: Entry = { values: t.values, ref, add: ts, remove: Infinity, partition: p };
    p.entries.insert(entry);
    p.addEvent(entry);
    undo.push(() => {
      entry.partition.entries.remove(entry);
      entry.partition.dropEvent(entry);
    });
    return entry;
  }

  /** A unique index refuses a second live document with the same terms and values. */
  private checkUnique(p: Partition, values: Value[], ref: Ref): void {
    const bound: Bound = { values, pad: -1 };
    for (const e of p.entries.ascending(p.entries.seek((x) => this.compareToBound(x, bound) >= 0))) {
      if (compareArrays(e.values, values) !== 0) return;
      if (e.remove === Infinity && e.ref.id !== ref.id) throw new UniqueViolation(this.spec.name);
    }
  }

  private removeEntry(entry: Entry, ts: number, undo: Undo[]): void {
    const p = entry.partition;
    if (entry.add === ts) {
      // Added and removed in one transaction: it never existed for anyone else.
      p.entries.remove(entry);
      p.dropEvent(entry);
      undo.push(() => {
        p.entries.insert(entry);
        p.addEvent(entry);
      });
      return;
    }
    entry.remove = ts;
    const ev = new Removal(ts, entry);
    p.addEvent(ev);
    undo.push(() => {
      entry.remove = Infinity;
      p.dropEvent(ev);
    });
  }

  private tuples(ref: Ref, ts: number, data: Obj): Tuple[] {
    const { terms, values } = this.spec;
    if (terms.length === 0 && values.length === 0) return [{ termKey: '', values: NO_VALUES }];
    const termSets = terms.map((f) => expand(extract(f.path, ref, ts, data)));
    if (terms.length === 1 && termSets[0]!.length === 1 && termSets[0]![0] === null) return [];
    const valueSets = values.map((f) => expand(extract(f.path, ref, ts, data)));
    const out: Tuple[] = [];
    for (const t of product(termSets)) {
      const termKey = terms.length ? render(t) : '';
      for (const v of product(valueSets)) out.push({ termKey, values: v });
    }
    return out;
  }
}

interface Tuple {
  termKey: string;
  values: Value[];
}

const NO_VALUES: Value[] = [];

/** Identity of a (terms, values) tuple within one document; recomputed rather than stored, to save memory. */
function tupleKey(termKey: string, values: Value[]): string {
  return values.length ? termKey + '\u0000' + render(values) : termKey;
}

function entryKey(e: Entry): string {
  return tupleKey(e.partition.termKey, e.values);
}

export function termKey(terms: Value[]): string {
  return terms.length ? render(terms) : '';
}

function extract(path: string[], ref: Ref, ts: number, data: Obj): Value {
  if (path.length === 1 && path[0] === 'ref') return ref;
  if (path.length === 1 && path[0] === 'ts') return ts;
  if (path[0] !== 'data') return null;
  let v: Value = data;
  for (let i = 1; i < path.length; i++) {
    if (typeof v !== 'object' || v === null) return null;
    const seg: string = path[i]!;
    v = Array.isArray(v) ? (/^\d+$/.test(seg) ? (v[Number(seg)] ?? null) : null) : ((v as Obj)[seg] ?? null);
  }
  return v;
}

/** An array-valued field gives one entry per element, nested arrays flattened; an empty one gives none. */
function expand(v: Value): Value[] {
  if (Array.isArray(v)) return v.flatMap(expand);
  // The core indexes scalars only: an object-valued field indexes as null.
  return isObj(v) ? [null] : [v];
}

function product(sets: Value[][]): Value[][] {
  if (sets.every((s) => s.length === 1)) return [sets.map((s) => s[0]!)];
  let out: Value[][] = [[]];
  for (const s of sets) out = out.flatMap((prefix) => s.map((x) => [...prefix, x]));
  return out;
}
