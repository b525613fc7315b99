// FQL v4 query builders. Each returns the exact JSON faunadb's q.* puts on the wire for the same
// query (fauna/faunadb-js src/query.js, encoded by src/_json.js), as plain data: no Expr class,
// no second encoding pass.
//
// Unlike faunadb, arguments are never wrapped implicitly: an argument is already an expression.
// Object literals must go through Obj(), values read from a response through wire().
import { setField } from '../json.js';

import type { WireValue } from '../wire.js';

export type Expr = null | boolean | number | bigint | string | Expr[] | { [key: string]: Expr };

/** faunadb's rule for variadic functions: one argument is sent bare, otherwise an array. */
function varargs(args: Expr[]): Expr {
  return args.length === 1 ? args[0]! : args;
}

export const Now = (): Expr => ({ now: null });
export const ToMicros = (time: Expr): Expr => ({ to_micros: time });
export const Time = (iso: Expr): Expr => ({ time: iso });
export const At = (ts: Expr, expr: Expr): Expr => ({ at: ts, expr });

export interface PaginateOptions {
  size?: Expr;
  after?: Expr;
  before?: Expr;
  ts?: Expr;
  events?: Expr;
  sources?: Expr;
}

/** Options become sibling keys of `paginate`, in the caller's order; undefined ones are left out. */
export function Paginate(set: Expr, options: PaginateOptions = {}): Expr {
  const out: { [key: string]: Expr } = { paginate: set };
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined) out[key] = value as Expr;
  }
  return out;
}

export const Documents = (collection: Expr): Expr => ({ documents: collection });

export function Collection(name: Expr, scope?: Expr): Expr {
  return scope === undefined ? { collection: name } : { collection: name, scope };
}
export const Collections = (scope: Expr = null): Expr => ({ collections: scope });

export function Index(name: Expr, scope?: Expr): Expr {
  return scope === undefined ? { index: name } : { index: name, scope };
}
export const Indexes = (scope: Expr = null): Expr => ({ indexes: scope });
export const Databases = (scope: Expr = null): Expr => ({ databases: scope });

/** `terms` is always sent, `[]` when there are none. */
export const Match = (index: Expr, ...terms: Expr[]): Expr => ({ match: index, terms: varargs(terms) });
export const Range = (set: Expr, from: Expr, to: Expr): Expr => ({ range: set, from, to });
export const Events = (set: Expr): Expr => ({ events: set });

export function Get(ref: Expr, ts?: Expr): Expr {
  return ts === undefined || ts === null ? { get: ref } : { get: ref, ts };
}
export function Exists(ref: Expr, ts?: Expr): Expr {
  return ts === undefined || ts === null ? { exists: ref } : { exists: ref, ts };
}

/** `default` is sent whenever given, even null; only an omitted default leaves the key out. */
export function Select(path: Expr, from: Expr, fallback?: Expr): Expr {
  return fallback === undefined ? { select: path, from } : { select: path, from, default: fallback };
}

export const Var = (name: string): Expr => ({ var: name });
export const Lambda = (params: string | string[], expr: Expr): Expr => ({ lambda: params, expr });
export const Map = (collection: Expr, lambda: Expr): Expr => ({ map: lambda, collection });
export const Filter = (collection: Expr, lambda: Expr): Expr => ({ filter: lambda, collection });

/** faunadb 4.x always sends bindings as an array of single-key objects. */
export function Let(bindings: { [name: string]: Expr } | { [name: string]: Expr }[], expr: Expr): Expr {
  const list = Array.isArray(bindings)
    ? bindings
    : Object.entries(bindings)
        .filter(([, value]) => value !== undefined)
        .map(([name, value]) => ({ [name]: value }));
  return { let: list, in: expr };
}

export const Equals = (...args: Expr[]): Expr => ({ equals: varargs(args) });
export const If = (condition: Expr, then: Expr, otherwise: Expr): Expr => ({ if: condition, then, else: otherwise });
export const And = (...args: Expr[]): Expr => ({ and: varargs(args) });
export const Or = (...args: Expr[]): Expr => ({ or: varargs(args) });
export const Not = (value: Expr): Expr => ({ not: value });
export const Abort = (message: Expr): Expr => ({ abort: message });
export const Count = (set: Expr): Expr => ({ count: set });
export const IsEmpty = (collection: Expr): Expr => ({ is_empty: collection });

/** Ref(collection, id) builds a ref; Ref('collections/c/1') is the legacy string form. */
export function Ref(collectionOrPath: Expr, id?: Expr): Expr {
  return id === undefined ? { '@ref': collectionOrPath } : { ref: collectionOrPath, id };
}

/** An object literal whose values are expressions. */
export const Obj = (fields: { [key: string]: Expr }): Expr => ({ object: fields });

const RESPONSE_ESCAPES = new Set(['@ref', '@ts', '@date', '@bytes', '@set', '@query']);

/**
 * Turns a value received on the wire (a cursor, a ref) back into an expression that evaluates to
 * that same value, as faunadb does for a value revived with parseJSON: typed escapes pass
 * through, plain objects (and `@obj` escapes) become `{"object": ...}` literals.
 */
export function wire(value: WireValue): Expr {
  if (Array.isArray(value)) return value.map(wire);
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const key = keys[0]!;
    if (RESPONSE_ESCAPES.has(key)) return value;
    if (key === '@obj') return wireObject(value[key] as { [key: string]: WireValue });
  }
  return wireObject(value);
}

function wireObject(fields: { [key: string]: WireValue }): Expr {
  const out: { [key: string]: Expr } = {};
  for (const key of Object.keys(fields)) setField(out, key, wire(fields[key]!));
  return { object: out };
}
