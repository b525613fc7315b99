// Argument checks with Fauna's "X expected, Y provided." wording.
import { Page, Ref, SetVal, Time, isLong, isNumber, isObj, type Obj, type Value } from '../../core/values.js';
import { expected, type Path } from './errors.js';

export function asString(v: Value, pos: Path): string {
  if (typeof v !== 'string') throw expected('String', v, pos);
  return v;
}

export function asBoolean(v: Value, pos: Path): boolean {
  if (typeof v !== 'boolean') throw expected('Boolean', v, pos);
  return v;
}

/** A Long as a JS number (exact for every value this engine accepts as a count, size or ts). */
export function asInteger(v: Value, pos: Path): number {
  if (!isLong(v)) throw expected('Integer', v, pos);
  return Number(v);
}

export function asNumber(v: Value, pos: Path): Value {
  if (!isNumber(v)) throw expected('Number', v, pos);
  return v;
}

export function asRef(v: Value, pos: Path): Ref {
  if (!(v instanceof Ref)) throw expected('Ref', v, pos);
  return v;
}

export function asArray(v: Value, pos: Path): Value[] {
  if (!Array.isArray(v)) throw expected('Array', v, pos);
  return v;
}

export function asObject(v: Value, pos: Path): Obj {
  if (!isObj(v)) throw expected('Object', v, pos);
  return v;
}

export function asSet(v: Value, pos: Path): SetVal {
  if (v instanceof SetVal) return v;
  throw expected('Set', v, pos);
}

/** Micros from a Long or a Time (timestamps in At, Get, Paginate ts). */
export function asTimestamp(v: Value, pos: Path): number {
  if (v instanceof Time) return v.micros;
  if (isLong(v)) return Number(v);
  throw expected('Time or Integer', v, pos);
}

/** Arrays and pages are the collections Map/Filter/Foreach take; a Set is refused. */
export function asCollection(v: Value, pos: Path): Value[] | Page {
  if (Array.isArray(v) || v instanceof Page) return v;
  throw expected('Array or Page', v, pos);
}
