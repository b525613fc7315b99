// Distinct, Reverse and Join: on arrays and pages Distinct and Reverse work on the elements (a page
// keeps its cursors), on a set they make a set. The core's `SetFunctions.scala`
// (`ext/model/src/main/scala/ast/functions/` of `fauna/faunadb`).
import { LambdaVal, Page, Ref, SetVal, type Value } from '../../core/values.js';
import { equalValues } from '../../store/compare.js';
import type { Bound } from '../../store/sorted-index.js';
import type { Ctx } from '../../core/context.js';
import { asSet } from './cast.js';
import type { Form } from './compile.js';
import { applyLambda } from './control.js';
import { expected, type Path } from './errors.js';
import { Combination } from './derived-sets.js';
import { elemValue } from './paginate.js';
import { named, unary } from './form-kinds.js';
import { matchSet } from './sets.js';
import { implOf, type Elem, type SetImpl } from './set-types.js';

/** Drops an element whose value (its values, or its ref when it has none) equals the one before it. */
class DistinctSet implements SetImpl {
  readonly width: number;
  constructor(private readonly inner: SetImpl) {
    this.width = inner.width;
  }
  compare(e: Elem, b: Bound): number {
    return this.inner.compare(e, b);
  }
  private *distinct(elems: Iterable<Elem>): Iterable<Elem> {
    let last: Value | undefined;
    for (const e of elems) {
      const v = elemValue(e, this.width);
      if (last !== undefined && equalValues(last, v)) continue;
      last = v;
      yield e;
    }
  }
  asc(ctx: Ctx, from: Bound | null, pos: Path): Iterable<Elem> {
    return this.distinct(this.inner.asc(ctx, from, pos));
  }
  desc(ctx: Ctx, to: Bound | null, inclusive: boolean, pos: Path): Iterable<Elem> {
    return this.distinct(this.inner.desc(ctx, to, inclusive, pos));
  }
}

/** The inner set's order turned around: its ascending walk is the inner descending one. */
class ReverseSet implements SetImpl {
  readonly width: number;
  constructor(private readonly inner: SetImpl) {
    this.width = inner.width;
  }
  compare(e: Elem, b: Bound): number {
    return -this.inner.compare(e, b);
  }
  asc(ctx: Ctx, from: Bound | null, pos: Path): Iterable<Elem> {
    return this.inner.desc(ctx, from, true, pos);
  }
  *desc(ctx: Ctx, to: Bound | null, inclusive: boolean, pos: Path): Iterable<Elem> {
    for (const e of this.inner.asc(ctx, to, pos)) {
      if (!inclusive && to && this.inner.compare(e, to) === 0) continue;
      yield e;
    }
  }
}

function onElements(key: string, onArray: (xs: Value[]) => Value[], onSet: (s: SetImpl) => SetImpl): Form {
  return unary(key, (v, _, pos) => {
    if (Array.isArray(v)) return onArray(v);
    if (v instanceof Page) return new Page(onArray(v.data), v.before, v.after);
    if (v instanceof SetVal) return new SetVal({ [key]: v }, onSet(implOf(v)));
    throw expected('Array, Page, or Set', v, pos);
  });
}

function distinctValues(xs: Value[]): Value[] {
  const out: Value[] = [];
  for (const x of xs) if (!out.some((y) => equalValues(x, y))) out.push(x);
  return out;
}

export const setFunctionForms: Form[] = [
  onElements('distinct', distinctValues, (s) => new DistinctSet(s)),
  onElements(
    'reverse',
    (xs) => [...xs].reverse(),
    (s) => new ReverseSet(s),
  ),
  // Join(source, index or lambda): the union of what each source element leads to, read in the
  // query's snapshot.
  named('join', ['with'], [], ({ join: src, with: to }, pos, ctx) => {
    const impl = implOf(asSet(src!, [...pos, 'join']));
    const withPos = [...pos, 'with'];
    if (!(to instanceof LambdaVal) && !(to instanceof Ref && to.collection?.id === 'indexes')) {
      throw expected('Lambda or Index Ref', to!, withPos);
    }
    const joined: SetImpl[] = [];
    for (const e of impl.asc(ctx, null, pos)) {
      const v = elemValue(e, impl.width);
      const set = to instanceof Ref ? matchSet(ctx, to, v, withPos) : applyLambda(ctx, to, v, withPos);
      joined.push(implOf(asSet(set, withPos)));
    }
    return new SetVal({ join: src!, with: to }, new Combination('union', joined, pos));
  }),
];
