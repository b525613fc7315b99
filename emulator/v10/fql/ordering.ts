// `order` and `distinct` on sets and arrays, and the total order of values they sort by: the
// core's `Value.compare` (`ext/repo/src/main/scala/values/Value.scala` of `fauna/faunadb`). Values
// of one type compare by value; values of different types by their type's rank, numbers first and
// null last. An ordering is an accessor (ascending), `{ asc: f }` or `{ desc: f }`
// (`SetCompanion.collectOrderings` in `runtime/fql2/stdlib/Sets.scala`); equal keys keep the
// elements' order.
import { SHORT_LAMBDA_PARAM, type Span } from './ast.js';
import { compareIds } from '../../store/ids.js';
import { compareNumbers } from '../../store/compare.js';
import { invalidArgument } from './errors.js';
import { applyLambda } from './eval.js';
import {
  Bytes,
  Doc,
  DocView,
  FDate,
  Lambda,
  Module,
  NamedDoc,
  NamedDocView,
  NullDoc,
  SetValue,
  Time,
  isObj,
  typeName,
  type Obj,
  type Ordering,
  type Value,
} from './values.js';

/** The rank of each type in the total order (`Value.totalOrderingPosition`); documents are 6, modules 12. */
const RANKS: Record<string, number> = {
  Int: 0,
  Long: 0,
  Double: 0,
  Bytes: 1,
  String: 2,
  Array: 3,
  Object: 4,
  Time: 7,
  Date: 9,
  Boolean: 11,
  Set: 13,
  Function: 15,
  EventSource: 17,
  Null: 18,
};

function rank(v: Value): number {
  if (v instanceof Module) return 12;
  if (v instanceof Doc || v instanceof NamedDoc || v instanceof NullDoc) return 6;
  if (v instanceof DocView || v instanceof NamedDocView) return 6;
  return RANKS[typeName(v)] ?? 16;
}

function sign(a: number | bigint | string, b: number | bigint | string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A document's collection and key (id, or name for schema documents). */
function docKey(v: Value): [string, string, boolean] {
  const d = v instanceof NullDoc ? v.ref : (v as Doc | NamedDoc | DocView | NamedDocView);
  return d instanceof Doc || d instanceof DocView ? [d.coll, d.id, true] : [d.coll, d.name, false];
}

/** The core's total order of values. */
export function compareValues(a: Value, b: Value): number {
  const ra = rank(a),
    rb = rank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 0:
      return compareNumbers(a as number, b as number);
    case 1:
      return Buffer.compare((a as Bytes).bytes, (b as Bytes).bytes);
    case 2:
      return sign(a as string, b as string);
    case 3:
      return compareLists(a as Value[], b as Value[]);
    case 4: {
      const entries = (o: Value) =>
        Object.keys(o as object)
          .sort()
          .map((k) => [k, (o as Record<string, Value>)[k]!] as [string, Value]);
      const ea = entries(a),
        eb = entries(b);
      for (let i = 0; i < ea.length && i < eb.length; i++) {
        const c = sign(ea[i]![0], eb[i]![0]) || compareValues(ea[i]![1], eb[i]![1]);
        if (c !== 0) return c;
      }
      return ea.length - eb.length;
    }
    case 6: {
      const [ca, ka, ida] = docKey(a),
        [cb, kb] = docKey(b);
      return sign(ca, cb) || (ida ? compareIds(ka, kb) : sign(ka, kb));
    }
    case 7:
      return (a as Time).micros - (b as Time).micros || (a as Time).nanos - (b as Time).nanos;
    case 9:
      return sign((a as FDate).iso, (b as FDate).iso);
    case 11:
      return Number(a) - Number(b);
    case 12:
      return sign((a as Module).name, (b as Module).name);
  }
  return 0;
}

function compareLists(a: Value[], b: Value[]): number {
  for (let i = 0; i < a.length && i < b.length; i++) {
    const c = compareValues(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** The orderings of `order(...)`; none orders by the elements themselves. */
export function orderingsOf(args: Value[], at: Span): Ordering[] {
  return args.map((arg, i) => {
    const name = `ordering${i}`;
    const only = isObj(arg) && Object.keys(arg).length === 1 ? Object.keys(arg)[0]! : undefined;
    const fn = arg instanceof Lambda ? arg : only === 'asc' || only === 'desc' ? (arg as Obj)[only] : undefined;
    return { fn: accessor(name, fn instanceof Lambda ? fn : arg, at), asc: only !== 'desc' };
  });
}

/** `asc(f)` and `desc(f)`: the ordering objects `order` takes. */
export function direction(name: 'asc' | 'desc', arg: Value, at: Span): Obj {
  return { [name]: accessor('accessor', arg, at) };
}

/** A one-parameter function, else the core's argument errors (`InvalidArgumentType`, `InvalidFuncParamArity`). */
function accessor(name: string, fn: Value, at: Span): Lambda {
  if (!(fn instanceof Lambda)) {
    throw invalidArgument(`expected value for \`${name}\` of type Function, received ${dynamicType(fn)}`, at);
  }
  const n = fn.params.length;
  if (n !== 1 && fn.params[0] !== SHORT_LAMBDA_PARAM) {
    const requires = n === 0 ? 'no parameters' : `exactly ${n} parameters`;
    throw invalidArgument(`\`${name}\` should accept 1 parameter, provided function requires ${requires}.`, at);
  }
  return fn;
}

/** Type names as the core's argument errors print them (`ValueType.displayString`). */
export function dynamicType(v: Value): string {
  if (isObj(v)) return '{ *: Any }';
  if (Array.isArray(v)) return 'Array<Any>';
  if (v instanceof SetValue) return 'Set<Any>';
  return typeName(v);
}

/** `items` sorted by the orderings, ties in their original order. */
export function sortValues(items: readonly Value[], ords: readonly Ordering[], at: Span): Value[] {
  const keyed = items.map((v, i) => ({
    v,
    i,
    keys: ords.length === 0 ? [v] : ords.map((o) => applyLambda(o.fn, [v], at)),
  }));
  const dirs = ords.length === 0 ? [true] : ords.map((o) => o.asc);
  keyed.sort((x, y) => {
    for (let k = 0; k < dirs.length; k++) {
      const c = compareValues(x.keys[k]!, y.keys[k]!);
      if (c !== 0) return dirs[k] ? c : -c;
    }
    return x.i - y.i;
  });
  return keyed.map((x) => x.v);
}

/** A set's `distinct()`: its elements sorted, each once (the core's `DistinctSet` sorts them). */
export function sortedDistinct(items: readonly Value[]): Value[] {
  const sorted = [...items].sort(compareValues);
  return sorted.filter((v, i) => i === 0 || compareValues(sorted[i - 1]!, v) !== 0);
}

/** An array's `distinct()`: the first of each group of equal elements, in their order. */
export function firstDistinct(items: readonly Value[]): Value[] {
  const byValue = items.map((_, i) => i).sort((x, y) => compareValues(items[x]!, items[y]!) || x - y);
  const keep = new Set(byValue.filter((i, k) => k === 0 || compareValues(items[byValue[k - 1]!]!, items[i]!) !== 0));
  return items.filter((_, i) => keep.has(i));
}
