// A feed source filtered by document id only (`coll.where(.id >= "x" && .id < "y")`: how a reader
// splits a collection's feed into id ranges, since `.eventSource()` refuses `all({from, to})`). Such a
// lambda is applied as an id range: the feed skips the documents outside it before reading their
// history, instead of running the lambda on every version of the collection for every page. Ids
// compare to the bound as the core compares an ID to a String or a Number: as 64-bit integers (an
// ID against a string that is no integer is unrelated, so never in the range; `ValueCmp.scala` in
// `runtime/fql2/` of `fauna/faunadb`).
import type { Expr } from '../fql/ast.js';
import type { Lambda } from '../fql/values.js';

/** Inclusive bounds; `empty` when no id can satisfy them. */
export interface IdRange {
  lo?: bigint;
  hi?: bigint;
  empty?: boolean;
}

const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/** The id range a where lambda states, when its whole body is a conjunction of `.id <op> <literal>`; else undefined. */
export function idRangeOf(fn: Lambda): IdRange | undefined {
  if (fn.params.length !== 1) return undefined;
  const range: IdRange = {};
  return conjuncts(fn.body, fn.params[0]!, range) ? range : undefined;
}

function conjuncts(body: Expr, param: string, range: IdRange): boolean {
  if (body.kind !== 'binary') return false;
  if (body.op === '&&') return conjuncts(body.left, param, range) && conjuncts(body.right, param, range);
  const op = body.op;
  if (op !== '>=' && op !== '>' && op !== '<=' && op !== '<') return false;
  if (isId(body.left, param) && body.right.kind === 'lit') return bound(range, op, body.right.value);
  if (isId(body.right, param) && body.left.kind === 'lit') return bound(range, MIRROR[op], body.left.value);
  return false;
}

const MIRROR = { '>=': '<=', '>': '<', '<=': '>=', '<': '>' } as const;

const isId = (e: Expr, param: string): boolean =>
  e.kind === 'field' && e.name === 'id' && !e.optional && e.target.kind === 'id' && e.target.name === param;

function bound(range: IdRange, op: '>=' | '>' | '<=' | '<', literal: unknown): boolean {
  let n: bigint | undefined;
  if (typeof literal === 'string') n = /^-?\d{1,19}$/.test(literal) ? BigInt(literal) : undefined;
  else if (typeof literal === 'bigint') n = literal;
  else if (typeof literal === 'number' && Number.isInteger(literal)) n = BigInt(literal);
  else return false;
  if (n === undefined || n < LONG_MIN || n > LONG_MAX) {
    // The core finds a string that is no 64-bit integer unrelated to an ID: the comparison is false.
    if (typeof literal !== 'string') return false;
    range.empty = true;
    return true;
  }
  if (op === '>=' || op === '>') {
    const lo = op === '>' ? n + 1n : n;
    if (range.lo === undefined || lo > range.lo) range.lo = lo;
  } else {
    const hi = op === '<' ? n - 1n : n;
    if (range.hi === undefined || hi < range.hi) range.hi = hi;
  }
  return true;
}

/** The two ranges together (a source may have several where steps). */
export function intersect(a: IdRange, b: IdRange): IdRange {
  const lo = a.lo === undefined ? b.lo : b.lo === undefined || a.lo > b.lo ? a.lo : b.lo;
  const hi = a.hi === undefined ? b.hi : b.hi === undefined || a.hi < b.hi ? a.hi : b.hi;
  return {
    ...(lo !== undefined && { lo }),
    ...(hi !== undefined && { hi }),
    ...((a.empty || b.empty) && { empty: true }),
  };
}

/** Bounds as the store's id text (canonical decimal, compared by compareIds), inclusive; `empty`: no id. */
export interface IdBounds {
  lo?: string;
  hi?: string;
  empty?: boolean;
}

/** The range as bounds on the store's ids, which are never negative. */
export function idBounds(range: IdRange): IdBounds {
  const { lo, hi } = range;
  if (range.empty || (hi !== undefined && (hi < 0n || (lo !== undefined && lo > hi)))) return { empty: true };
  return {
    ...(lo !== undefined && lo > 0n && { lo: String(lo) }),
    ...(hi !== undefined && { hi: String(hi) }),
  };
}
