// What every set offers Paginate: ordered elements from a cursor bound, and events when it has history.
import { compareArrays, compareRefs, compareValues } from '../../store/compare.js';
import type { Bound, EventBound } from '../../store/sorted-index.js';
import { Ref, type SetVal, type Value } from '../../core/values.js';
import type { Ctx } from '../../core/context.js';
import type { Path } from './errors.js';

export interface Elem {
  values: Value[];
  ref: Ref;
}

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
  events?: {
    asc(ctx: Ctx, from: EventBound | null, pos: Path): Iterable<Ev>;
    desc(ctx: Ctx, to: EventBound | null, pos: Path): Iterable<Ev>;
  };
  /** Events(x): a set whose elements are events. */
  historical?: boolean;
}

export function implOf(v: SetVal): SetImpl {
  return v.impl as SetImpl;
}

/** Elements compare by values, then ref, for sets without an index of their own. */
export function genericCompare(e: Elem, b: Bound): number {
  const n = Math.min(e.values.length, b.values.length);
  for (let i = 0; i < n; i++) {
    const c = compareValues(e.values[i]!, b.values[i]!);
    if (c) return c;
  }
  if (b.values.length < e.values.length || b.ref === undefined) return -b.pad;
  return b.ref instanceof Ref ? compareRefs(e.ref, b.ref) : compareValues(e.ref, b.ref);
}

export function compareElems(a: Elem, b: Elem): number {
  return compareArrays(a.values, b.values) || compareRefs(a.ref, b.ref);
}
