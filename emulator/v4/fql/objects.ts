// Merge (with an optional lambda deciding each key), ContainsValue and ContainsField. The core's
// `ObjectFunctions.scala` and `BasicFunctions.scala` (`ext/model/src/main/scala/ast/functions/` of
// `fauna/faunadb`).
import { Page, Ref, SetVal, isObj, type Obj, type Value } from '../../core/values.js';
import { equalValues } from '../../store/compare.js';
import type { Ctx } from '../../core/context.js';
import { asObject, asString } from './cast.js';
import type { Form } from './compile.js';
import { applyLambda } from './control.js';
import { expected, invalidArgument, type Path } from './errors.js';
import { elemValue } from './paginate.js';
import { named } from './form-kinds.js';
import { implOf } from './set-types.js';

/** Each object of `more` in turn: `decide(key, left, right)` is the key's new value, null removes it. */
function merge(base: Obj, more: Value, decide: (k: string, l: Value, r: Value) => Value, pos: Path): Obj {
  const out: Obj = { ...base };
  const patches = Array.isArray(more) ? more : [more];
  patches.forEach((patch, i) => {
    const o = asObject(patch, Array.isArray(more) ? [...pos, i] : pos);
    for (const k of Object.keys(o)) {
      const v = decide(k, Object.prototype.hasOwnProperty.call(out, k) ? out[k]! : null, o[k]!);
      if (v === null) delete out[k];
      else out[k] = v;
    }
  });
  return out;
}

function containsValue(ctx: Ctx, v: Value, c: Value, pos: Path): boolean {
  if (Array.isArray(c)) return c.some((x) => equalValues(x, v));
  if (isObj(c)) return Object.keys(c).some((k) => equalValues(c[k]!, v));
  if (c instanceof Page) {
    return [c.data, c.before, c.after].some((x) => x !== undefined && equalValues(x, v));
  }
  if (c instanceof Ref) return c.id === v || (c.collection !== undefined && equalValues(c.collection, v));
  if (c instanceof SetVal) {
    const impl = implOf(c);
    for (const e of impl.asc(ctx, null, pos)) if (equalValues(elemValue(e, impl.width), v)) return true;
    return false;
  }
  throw invalidArgument(`Object, Array, Page, Set, or Ref expected, Scalar provided.`, pos);
}

export const objectForms: Form[] = [
  named('merge', ['with'], ['lambda'], (args, pos, ctx) => {
    const lambda = args.lambda;
    const decide =
      lambda === undefined
        ? (_: string, __: Value, r: Value) => r
        : (k: string, l: Value, r: Value) => applyLambda(ctx, lambda, [k, l, r], [...pos, 'lambda']);
    return merge(asObject(args.merge!, [...pos, 'merge']), args.with!, decide, [...pos, 'with']);
  }),
  named('contains_value', ['in'], [], (args, pos, ctx) =>
    containsValue(ctx, args.contains_value!, args.in!, [...pos, 'in']),
  ),
  named('contains_field', ['in'], [], (args, pos) => {
    const field = asString(args.contains_field!, [...pos, 'contains_field']);
    const x = args.in!;
    if (Array.isArray(x)) throw expected('Object', x, [...pos, 'in']);
    if (isObj(x)) return Object.prototype.hasOwnProperty.call(x, field);
    if (x instanceof Ref) return field === 'id' || (field === 'collection' && x.collection !== undefined);
    return false;
  }),
];
