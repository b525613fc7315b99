// The folds over an array, a page or a set: Count, Sum, Mean, Any, All, Max, Min, Reduce. As the
// core's `AbstractFoldFunction.scala` and `ReduceFunctions.scala` (`ext/model/src/main/scala/ast/functions/`
// of `fauna/faunadb`): a page answers a page holding the one result (cursors kept), an array or a
// set the result itself.
import { Page, SetVal, isDouble, toNumber, type Value } from '../../core/values.js';
import { compareValues } from '../../store/compare.js';
import type { Ctx } from '../../core/context.js';
import { asBoolean, asNumber } from './cast.js';
import type { Form } from './compile.js';
import { applyLambda } from './control.js';
import { named, variadic } from './form-kinds.js';
import { expected, invalidArgument, type Path } from './errors.js';
import { double, long } from './math.js';
import { elemValue } from './paginate.js';
import { implOf } from './set-types.js';

/** Folds `v`'s elements; `done` turns the accumulator and the count of elements into the answer. */
function fold<A>(
  ctx: Ctx,
  v: Value,
  seed: A,
  step: (acc: A, x: Value) => A,
  done: (acc: A, n: number) => Value,
  pos: Path,
): Value {
  let acc = seed,
    n = 0;
  const each = (xs: Iterable<Value>) => {
    for (const x of xs) {
      acc = step(acc, x);
      n++;
    }
  };
  if (Array.isArray(v)) each(v);
  else if (v instanceof Page) {
    each(v.data);
    return new Page([done(acc, n)], v.before, v.after);
  } else if (v instanceof SetVal) {
    const impl = implOf(v);
    each(
      (function* () {
        for (const e of impl.asc(ctx, null, pos)) yield elemValue(e, impl.width);
      })(),
    );
  } else throw expected('Array, Page, or Set', v, pos);
  return done(acc, n);
}

type Folder = (ctx: Ctx, coll: Value, pos: Path) => Value;

function folding(key: string, folder: Folder): Form {
  return {
    key,
    compile(c, o, pos) {
      const e = c.arg(o, key, pos);
      return (ctx) => folder(ctx, e(ctx), [...pos, key]);
    },
  };
}

/** Sums Longs exactly until a Double joins. */
function add(acc: Value, x: Value, pos: Path): Value {
  asNumber(x, pos);
  if (isDouble(acc) || isDouble(x)) return double(toNumber(acc) + toNumber(x));
  return long(BigInt(acc as number | bigint) + BigInt(x as number | bigint));
}

/** Max and Min order any values as index terms; a single array argument is the collection. */
function extreme(key: string, wins: (c: number) => boolean): Form {
  return variadic(key, (vs, p, ctx) => {
    const one = vs.length === 1 && (Array.isArray(vs[0]) || vs[0] instanceof Page || vs[0] instanceof SetVal);
    return fold<Value | undefined>(
      ctx,
      one ? vs[0]! : vs,
      undefined,
      (best, x) => (best === undefined || wins(compareValues(x, best)) ? x : best),
      (best) => {
        if (best === undefined) throw invalidArgument('Non-empty array expected.', p);
        return best;
      },
      p,
    );
  });
}

export const foldForms: Form[] = [
  folding('count', (ctx, v, pos) =>
    fold(
      ctx,
      v,
      null,
      () => null,
      (_, n) => n,
      pos,
    ),
  ),
  folding('sum', (ctx, v, pos) =>
    fold<Value>(
      ctx,
      v,
      0,
      (acc, x) => add(acc, x, pos),
      (acc) => acc,
      pos,
    ),
  ),
  folding('mean', (ctx, v, pos) =>
    fold<Value>(
      ctx,
      v,
      0,
      (acc, x) => add(acc, x, pos),
      (acc, n) => {
        if (n === 0) throw invalidArgument('Non-empty array expected.', pos);
        return double(toNumber(acc) / n);
      },
      pos,
    ),
  ),
  folding('any', (ctx, v, pos) =>
    fold(
      ctx,
      v,
      false,
      (acc, x) => asBoolean(x, pos) || acc,
      (acc) => acc,
      pos,
    ),
  ),
  folding('all', (ctx, v, pos) =>
    fold(
      ctx,
      v,
      true,
      (acc, x) => asBoolean(x, pos) && acc,
      (acc) => acc,
      pos,
    ),
  ),
  extreme('max', (c) => c > 0),
  extreme('min', (c) => c < 0),
  named('reduce', ['initial', 'collection'], [], ({ reduce, initial, collection }, pos, ctx) =>
    fold<Value>(
      ctx,
      collection!,
      initial as Value,
      (acc, x) => applyLambda(ctx, reduce!, [acc, x], [...pos, 'reduce']),
      (acc) => acc,
      [...pos, 'collection'],
    ),
  ),
];
