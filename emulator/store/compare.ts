// Total order of values for index entries: CBOR major type order (the core's
// `ext/codex/src/main/scala/cbor/CBOROrdering.scala`), numbers compared numerically across Long and
// Double, refs by numeric id then collection.
import { Bytes, Dbl, FDate, Ref, Time, isObj, type Value } from '../core/values.js';
import { compareIds } from './ids.js';

function rank(v: Value): number {
  if (v === null) return 7;
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return 0;
    case 'string':
      return 2;
    case 'boolean':
      return 6;
  }
  if (v instanceof Dbl) return 0;
  if (v instanceof Bytes) return 1;
  if (Array.isArray(v)) return 3;
  if (isObj(v)) return 4;
  return 5;
}

export function compareValues(a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  const ra = rank(a),
    rb = rank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 0:
      return compareNumbers(a, b);
    case 1:
      return Buffer.compare((a as Bytes).bytes, (b as Bytes).bytes);
    case 3:
      return compareArrays(a as Value[], b as Value[]);
    case 4:
      return compareObjects(a as Record<string, Value>, b as Record<string, Value>);
    case 5:
      return compareTagged(a, b);
    case 6:
      return (a ? 1 : 0) - (b ? 1 : 0);
  }
  return 0;
}

export function compareNumbers(a: Value, b: Value): number {
  const x = a instanceof Dbl ? a.v : (a as number | bigint);
  const y = b instanceof Dbl ? b.v : (b as number | bigint);
  if (typeof x === typeof y || (Number.isInteger(x) && Number.isInteger(y))) {
    const bx = typeof x === 'number' && typeof y === 'bigint' ? BigInt(x) : x;
    const by = typeof y === 'number' && typeof x === 'bigint' ? BigInt(y) : y;
    return bx < by ? -1 : bx > by ? 1 : 0;
  }
  const nx = Number(x),
    ny = Number(y);
  return nx < ny ? -1 : nx > ny ? 1 : 0;
}

export function compareArrays(a: Value[], b: Value[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareValues(a[i]!, b[i]!);
    if (c) return c;
  }
  return a.length - b.length;
}

function compareObjects(a: Record<string, Value>, b: Record<string, Value>): number {
  const ka = Object.keys(a).sort(),
    kb = Object.keys(b).sort();
  const n = Math.min(ka.length, kb.length);
  for (let i = 0; i < n; i++) {
    const c = compareValues(ka[i]!, kb[i]!) || compareValues(a[ka[i]!]!, b[kb[i]!]!);
    if (c) return c;
  }
  return ka.length - kb.length;
}

function tag(v: Value): number {
  if (v instanceof Ref) return 0;
  if (v instanceof Time) return 1;
  if (v instanceof FDate) return 2;
  return 3;
}

function compareTagged(a: Value, b: Value): number {
  const ta = tag(a),
    tb = tag(b);
  if (ta !== tb) return ta - tb;
  if (a instanceof Ref) return compareRefs(a, b as Ref);
  if (a instanceof Time) return a.micros - (b as Time).micros || a.nanos - (b as Time).nanos;
  if (a instanceof FDate) return a.iso < (b as FDate).iso ? -1 : a.iso > (b as FDate).iso ? 1 : 0;
  return 0;
}

export function compareRefs(a: Ref, b: Ref): number {
  if (a === b) return 0;
  // Document refs (their collection is itself a ref in a native collection) have canonical numeric ids.
  if (a.collection?.collection && b.collection?.collection) {
    return compareIds(a.id, b.id) || (a.collection === b.collection ? 0 : compareRefs(a.collection, b.collection));
  }
  const na = /^-?\d+$/.test(a.id),
    nb = /^-?\d+$/.test(b.id);
  const c = na && nb ? compareIds(a.id, b.id) : na !== nb ? (na ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  if (c) return c;
  if (a.collection === b.collection) return 0;
  if (!a.collection || !b.collection) return a.collection ? 1 : -1;
  return compareRefs(a.collection, b.collection);
}

export function equalValues(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (rank(a) !== rank(b)) return false;
  if (typeof a === 'number' || typeof a === 'bigint' || a instanceof Dbl) {
    // Fauna's Equals tells Long from Double: 1 and 1.0 differ.
    const da = typeof a === 'number' ? !Number.isInteger(a) : a instanceof Dbl;
    const db = typeof b === 'number' ? !Number.isInteger(b) : b instanceof Dbl;
    return da === db && compareNumbers(a, b) === 0;
  }
  return compareValues(a, b) === 0 && (!isObj(a) || Object.keys(a).length === Object.keys(b as object).length);
}
