// Equality, ordering and arithmetic. Int and Long arithmetic stays exact (bigint past 2^53) and
// wraps at 64 bits like the core's Long; anything with a Double is a Double.
import type { Span } from './ast.js';
import { V10Error, invalidArgument } from './errors.js';
import { Bytes, Dbl, Doc, DocView, FDate, Module, NamedDoc, Time, isObj, typeName, type Value } from './values.js';

const INT64 = 2n ** 64n;
const INT64_MAX = 2n ** 63n - 1n;

export function isNumeric(v: Value): v is number | bigint | Dbl {
  return typeof v === 'number' || typeof v === 'bigint' || v instanceof Dbl;
}

export function isDouble(v: number | bigint | Dbl): boolean {
  return v instanceof Dbl || (typeof v === 'number' && !Number.isInteger(v));
}

export function toDouble(v: number | bigint | Dbl): number {
  return v instanceof Dbl ? v.v : Number(v);
}

/** An exact integer result as a number when safe, else a bigint wrapped to 64 bits. */
export function long(n: bigint): number | bigint {
  let w = ((n % INT64) + INT64) % INT64;
  if (w > INT64_MAX) w -= INT64;
  return w >= -BigInt(Number.MAX_SAFE_INTEGER) && w <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(w) : w;
}

/** A double result that happens to be integral stays a Double. */
export function double(n: number): number | Dbl {
  return Number.isInteger(n) ? new Dbl(n) : n;
}

export function arith(op: string, l: Value, r: Value, at: Span): Value {
  if (!isNumeric(l) || !isNumeric(r)) {
    throw invalidArgument(`Cannot apply \`${op}\` to \`${typeName(l)}\` and \`${typeName(r)}\`.`, at);
  }
  if (isDouble(l) || isDouble(r)) {
    const a = toDouble(l),
      b = toDouble(r);
    switch (op) {
      case '+':
        return double(a + b);
      case '-':
        return double(a - b);
      case '*':
        return double(a * b);
      case '/':
        return double(a / b);
      case '%':
        return double(a % b);
    }
  }
  const a = BigInt(l as number | bigint),
    b = BigInt(r as number | bigint);
  switch (op) {
    case '+':
      return long(a + b);
    case '-':
      return long(a - b);
    case '*':
      return long(a * b);
    case '/':
    case '%':
      if (b === 0n) throw new V10Error('divide_by_zero', 'Attempted integer division by zero.', at);
      return long(op === '/' ? a / b : a % b);
  }
  throw invalidArgument(`Unknown operator \`${op}\`.`, at);
}

export function add(l: Value, r: Value, at: Span): Value {
  if (typeof l === 'string' && typeof r === 'string') return l + r;
  if (l instanceof Time && isNumeric(r)) return new Time(l.micros + toDouble(r), l.nanos);
  return arith('+', l, r, at);
}

export function equal(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (isNumeric(a) && isNumeric(b)) {
    if (isDouble(a) || isDouble(b)) return toDouble(a) === toDouble(b);
    return BigInt(a as number | bigint) === BigInt(b as number | bigint);
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => equal(x, b[i]!));
  if (isObj(a)) {
    if (!isObj(b)) return false;
    const ka = Object.keys(a),
      kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => k in b && equal(a[k]!, b[k]!));
  }
  if (a instanceof Time) return b instanceof Time && a.micros === b.micros && a.nanos === b.nanos;
  if (a instanceof FDate) return b instanceof FDate && a.iso === b.iso;
  if (a instanceof Bytes) return b instanceof Bytes && Buffer.compare(a.bytes, b.bytes) === 0;
  if (a instanceof Doc || a instanceof DocView)
    return (b instanceof Doc || b instanceof DocView) && a.coll === b.coll && a.id === b.id;
  if (a instanceof NamedDoc) return b instanceof NamedDoc && a.coll === b.coll && a.name === b.name;
  if (a instanceof Module) return b instanceof Module && a.name === b.name;
  return false;
}

/** Ordering for `<`-style operators: numbers, strings, times, dates, booleans of one kind. */
export function compare(a: Value, b: Value, at: Span): number {
  if (isNumeric(a) && isNumeric(b)) {
    if (isDouble(a) || isDouble(b)) return Math.sign(toDouble(a) - toDouble(b));
    const x = BigInt(a as number | bigint),
      y = BigInt(b as number | bigint);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (a instanceof Time && b instanceof Time) return a.micros - b.micros || a.nanos - b.nanos;
  if (a instanceof FDate && b instanceof FDate) return a.iso < b.iso ? -1 : a.iso > b.iso ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  throw invalidArgument(`Cannot compare \`${typeName(a)}\` and \`${typeName(b)}\`.`, at);
}
