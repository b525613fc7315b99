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
  {
    key: 'merge',
    required: ['with'],
    optional: ['lambda'],
    compile(c, o, pos) {
      const base = c.arg(o, 'merge', pos),
        more = c.arg(o, 'with', pos),
        fn = c.optionalArg(o, 'lambda', pos);
      return (ctx) => {
        const lambda = fn?.(ctx);
        const decide = lambda
          ? (k: string, l: Value, r: Value) => applyLambda(ctx, lambda, [k, l, r], [...pos, 'lambda'])
          : (_: string, __: Value, r: Value) => r;
        return merge(asObject(base(ctx), [...pos, 'merge']), more(ctx), decide, [...pos, 'with']);
      };
    },
  },
  {
    key: 'contains_value',
    required: ['in'],
    compile(c, o, pos) {
      const v = c.arg(o, 'contains_value', pos),
        container = c.arg(o, 'in', pos);
      return (ctx) => containsValue(ctx, v(ctx), container(ctx), [...pos, 'in']);
    },
  },
  {
    key: 'contains_field',
    required: ['in'],
    compile(c, o, pos) {
      const f = c.arg(o, 'contains_field', pos),
        container = c.arg(o, 'in', pos);
      return (ctx) => {
        const field = asString(f(ctx), [...pos, 'contains_field']);
        const x = container(ctx);
        if (Array.isArray(x)) throw expected('Object', x, [...pos, 'in']);
        if (isObj(x)) return Object.prototype.hasOwnProperty.call(x, field);
        if (x instanceof Ref) return field === 'id' || (field === 'collection' && x.collection !== undefined);
        return false;
      };
    },
  },
];
