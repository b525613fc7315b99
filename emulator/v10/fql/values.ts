// The FQL v10 runtime values (docs/local-server-v10.md, "Values"). Scalars share the engine core's
// representation, so stored documents are read without copying their leaves:
//   Int and Long: integer-valued `number` (bigint beyond 2^53); the encoder picks @int or @long
//   by magnitude. Double: non-integer `number`, or `Dbl` for an integer-valued double (1.0).
//   String, Boolean, Null, Array, Object: plain JS (an Object is a plain `{}`-prototype object).
// Documents are lazy: `Doc` names a document and is read when a field is asked for, or when the
// result is materialized (run.ts) into `DocView`s, which is what the wire encoder renders.
import { Bytes, Dbl, FDate, Time } from '../../core/values.js';
import type { Expr } from './ast.js';

export { Bytes, Dbl, FDate, Time };

export type Value =
  | null
  | boolean
  | number
  | bigint
  | string
  | Dbl
  | Time
  | FDate
  | Bytes
  | Value[]
  | Obj
  | Doc
  | NamedDoc
  | NullDoc
  | Module
  | SetValue
  | Page
  | EventSource
  | Lambda
  | DocView
  | NamedDocView;

export interface Obj {
  [key: string]: Value;
}

/** A reference to a document of a user collection (or a Key), by collection name and id. */
export class Doc {
  constructor(
    readonly coll: string,
    readonly id: string,
    /** Returned by an `at (t)` body: the snapshot its fields render at, not the query's. */
    readonly at?: number,
  ) {}
}

/** Schema documents are named: `Collection`, `Function`, `Role`, `Database` by `name`. */
export type NamedColl = 'Collection' | 'Function' | 'Role' | 'Database' | 'AccessProvider';

/**
 * A reference to a named (schema) document. `expand` says how it materializes at the top of a
 * result: as the document (`@doc`, from `X.definition`, `Collection.byName`, a `@doc` argument) or
 * as a plain `@ref` (a `@ref` argument comes back as it went in). Inside documents it is always a ref.
 */
export class NamedDoc {
  constructor(
    readonly coll: NamedColl,
    readonly name: string,
    readonly expand = true,
  ) {}
}

export type NullCause = 'not found' | 'deleted' | 'permission denied' | 'collection deleted';

/** A document that cannot be read; `== null` holds for it, and `!` fails on it. */
export class NullDoc {
  constructor(
    readonly ref: Doc | NamedDoc,
    readonly cause: NullCause,
  ) {}
}

/** A module: a user collection (`Orders`) or a global (`Collection`, `Time`, `Set`, `Key`...). */
export class Module {
  constructor(readonly name: string) {}
}

/** A lambda: its AST, and the values of the free variables it closed over (cursors and event tokens carry both). */
export class Lambda {
  constructor(
    readonly params: string[],
    readonly body: Expr,
    readonly captured: ReadonlyMap<string, Value>,
    /** The compiled body, applied to the arguments; absent on a lambda decoded from a token until compiled. */
    readonly apply: (args: Value[]) => Value,
  ) {}
}

/** Where the elements of a set come from. Bounds are inclusive, as in `all({from, to})`. */
export type SetSource =
  | { kind: 'all'; coll: string; from?: Value; to?: Value; reverse?: boolean }
  | { kind: 'index'; coll: string; index: string; terms: Value[]; from?: Value; to?: Value }
  | { kind: 'array'; items: Value[] }
  | { kind: 'sequence'; from: number; to: number }
  /** The schema documents of one native collection: `Collection.all()`, `Key.all()`, ... */
  | { kind: 'schema'; coll: NamedColl | 'Key' }
  /** `inner.order(...)` and `inner.distinct()`: the inner set read whole, then sorted (ordering.ts). */
  | { kind: 'ordered'; inner: SetValue; ords: Ordering[] }
  | { kind: 'distinct'; inner: SetValue }
  | { kind: 'concat'; first: SetValue; last: SetValue };

/** One key of `order(...)`: an accessor and its direction. */
export interface Ordering {
  fn: Lambda;
  asc: boolean;
}

export type SetOp =
  | { kind: 'where'; fn: Lambda }
  | { kind: 'map'; fn: Lambda }
  | { kind: 'take'; n: number }
  | { kind: 'drop'; n: number };

/**
 * A lazy set: a source and a pipeline over it. `at` is the snapshot it reads (an `at (t)` read, or
 * the snapshot a cursor pinned); `pageSize` what `pageSize(n)` asked for.
 */
export class SetValue {
  constructor(
    readonly source: SetSource,
    readonly ops: readonly SetOp[] = [],
    readonly pageSize: number | undefined = undefined,
    readonly at: number | undefined = undefined,
    /** Made inside `at`: its reads need `history_read`. */
    readonly temporal = false,
  ) {}
}

/** A page of a set: the `@set {data, after}` of a materialized set (`after` absent on the last page). */
export class Page {
  constructor(
    readonly data: Value[],
    readonly after: string | undefined,
  ) {}
}

/** An event source (`set.eventSource()`); `token` is its opaque base64 form (`@stream`). */
export class EventSource {
  constructor(readonly token: string) {}
}

/**
 * A document read for the response: `fields` in rendering order (the core's
 * `ReadBroker.getAllFields`): `id` (string), `coll` (Module), `ts` (Time), `ttl` when set, the user
 * fields, and `data` for special-named ones. Documents inside `fields` are `Doc`/`NamedDoc` refs or
 * `NullDoc`s, never views.
 */
export class DocView {
  constructor(
    readonly coll: string,
    readonly id: string,
    readonly fields: Obj,
  ) {}
}

/** A named document read for the response: `name`, `coll` (Module), `ts`, its definition, then `data`. */
export class NamedDocView {
  constructor(
    readonly coll: NamedColl,
    readonly name: string,
    readonly fields: Obj,
  ) {}
}

/** Sets a field by definition: a user key `__proto__` is data, not the object's prototype. */
export function putField(o: Obj, k: string, v: Value): void {
  if (k === '__proto__')
    Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

export function isObj(v: Value | undefined): v is Obj {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

export const INT32_MIN = -(2 ** 31);
export const INT32_MAX = 2 ** 31 - 1;

/** v10 type names, as error messages spell them. */
export function typeName(v: Value): string {
  if (v === null) return 'Null';
  switch (typeof v) {
    case 'boolean':
      return 'Boolean';
    case 'string':
      return 'String';
    case 'bigint':
      return 'Long';
    case 'number':
      return !Number.isInteger(v) ? 'Double' : v >= INT32_MIN && v <= INT32_MAX ? 'Int' : 'Long';
  }
  if (Array.isArray(v)) return 'Array';
  if (v instanceof Dbl) return 'Double';
  if (v instanceof Time) return 'Time';
  if (v instanceof FDate) return 'Date';
  if (v instanceof Bytes) return 'Bytes';
  if (v instanceof Doc || v instanceof DocView) return v.coll;
  if (v instanceof NamedDoc || v instanceof NamedDocView) return v.coll + 'Def';
  if (v instanceof NullDoc) return 'NullDoc';
  if (v instanceof Module) return v.name;
  if (v instanceof SetValue) return 'Set';
  if (v instanceof Page) return 'Page';
  if (v instanceof EventSource) return 'EventSource';
  if (v instanceof Lambda) return 'Function';
  return 'Object';
}
