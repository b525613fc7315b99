// Values as the store keeps them, in v4's model (v10 maps its own onto them, v10/fql/values.ts).
// Plain JS data is used where it is unambiguous (string, boolean, null, arrays, plain objects) so
// the hot paths allocate little; the Fauna-specific types are classes.
// Longs are integer-valued numbers or bigints (beyond 2^53); Doubles are non-integer numbers or
// Dbl (an integer-valued double such as 1.0, kept apart so it renders and type-checks as Double).

export type Value =
  | null
  | boolean
  | number
  | bigint
  | string
  | Dbl
  | Ref
  | Time
  | FDate
  | Bytes
  | SetVal
  | LambdaVal
  | QueryVal
  | Page
  | Value[]
  | Obj;

export interface Obj {
  [key: string]: Value;
}

export class Dbl {
  constructor(readonly v: number) {}
}

/** A reference. Native collections have no `collection`; `database` scopes a ref into a child db. */
export class Ref {
  /** Rendered wire text, cached: refs never change. */
  json: string | undefined;
  constructor(
    readonly id: string,
    readonly collection?: Ref,
    readonly database?: Ref,
  ) {}
}

const NATIVE_NAMES = [
  'collections',
  'indexes',
  'databases',
  'keys',
  'roles',
  'functions',
  'access_providers',
  'tokens',
  'credentials',
] as const;
export type NativeName = (typeof NATIVE_NAMES)[number];
export const NATIVE = Object.fromEntries(NATIVE_NAMES.map((n) => [n, new Ref(n)])) as Record<NativeName, Ref>;

export function nativeRef(name: NativeName, database?: Ref): Ref {
  return database ? new Ref(name, undefined, database) : NATIVE[name];
}
export function isNativeName(id: string): id is NativeName {
  return (NATIVE_NAMES as readonly string[]).includes(id);
}

/** A point in time: microseconds since the epoch plus the sub-microsecond nanos some inputs carry. */
export class Time {
  /** Rendered wire text, cached: times never change, and a stored document's are rendered at each read. */
  json: string | undefined;
  /** Its ISO-8601 text (time-text.ts), cached for the same reason, for v10's `@time` and ToString. */
  iso: string | undefined;
  constructor(
    readonly micros: number,
    readonly nanos = 0,
  ) {}
}

export class FDate {
  constructor(readonly iso: string) {}
}

export class Bytes {
  constructor(readonly bytes: Uint8Array) {}
}

/** A set as a value: `parts` is its @set rendering body, `impl` how to read it (see v4/fql/sets.ts). */
export class SetVal {
  constructor(
    readonly parts: Obj,
    readonly impl: unknown,
  ) {}
}

/** A lambda applied by Map/Filter/Foreach; `raw` is kept to render it as @query. */
export class LambdaVal {
  constructor(
    /** One slot, or one per array element (null for `_`), bound on application. */
    readonly params: number | (number | null)[],
    readonly body: unknown,
    readonly raw: unknown,
  ) {}
}

/** A quoted query (`@query` input): rendered back, and run only as a role's predicate. */
export class QueryVal {
  constructor(readonly raw: unknown) {}
}

export class Page {
  constructor(
    readonly data: Value[],
    readonly before?: Value,
    readonly after?: Value,
  ) {}
}

export function isObj(v: Value | undefined): v is Obj {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

export function isLong(v: Value): v is number | bigint {
  return (typeof v === 'number' && Number.isInteger(v)) || typeof v === 'bigint';
}

export function isDouble(v: Value): boolean {
  return (typeof v === 'number' && !Number.isInteger(v)) || v instanceof Dbl;
}

export function isNumber(v: Value): boolean {
  return typeof v === 'number' || typeof v === 'bigint' || v instanceof Dbl;
}

export function toNumber(v: Value): number {
  return v instanceof Dbl ? v.v : Number(v as number | bigint);
}

/** Fauna's type names as used in "X expected, Y provided." */
export function typeName(v: Value): string {
  if (v === null) return 'Null';
  switch (typeof v) {
    case 'boolean':
      return 'Boolean';
    case 'string':
      return 'String';
    case 'bigint':
      return 'Integer';
    case 'number':
      return Number.isInteger(v) ? 'Integer' : 'Double';
  }
  if (Array.isArray(v)) return 'Array';
  if (v instanceof Dbl) return 'Double';
  if (v instanceof Ref) return 'Ref';
  if (v instanceof Time) return 'Time';
  if (v instanceof FDate) return 'Date';
  if (v instanceof Bytes) return 'Bytes';
  if (v instanceof SetVal) return 'Set';
  if (v instanceof LambdaVal || v instanceof QueryVal) return 'Lambda';
  if (v instanceof Page) return 'Page';
  return 'Object';
}
