// Map, Filter, Foreach over arrays and pages (a page keeps its cursors; a Set is refused), Take,
// Drop, IsEmpty, IsNonEmpty, Append, Prepend.
import { Page, SetVal, type Value } from '../../core/values.js';
import { asArray, asBoolean, asCollection, asInteger } from './cast.js';
import type { Form } from './compile.js';
import type { Ctx } from '../../core/context.js';
import { applyLambda } from './control.js';
import { expected, type Path } from './errors.js';
import { implOf } from './set-types.js';

function items(v: Value[] | Page): Value[] {
  return v instanceof Page ? v.data : v;
}

function rebuild(like: Value[] | Page, data: Value[]): Value {
  return like instanceof Page ? new Page(data, like.before, like.after) : data;
}

type Apply = (ctx: Ctx, coll: Value[] | Page, fn: Value, pos: Path) => Value;

function higherOrder(key: string, apply: Apply): Form {
  return {
    key,
    required: ['collection'],
    compile(c, o, pos) {
      const fn = c.arg(o, key, pos),
        coll = c.arg(o, 'collection', pos);
      return (ctx) => apply(ctx, asCollection(coll(ctx), [...pos, 'collection']), fn(ctx), [...pos, key]);
    },
  };
}

function sizeOf(ctx: Ctx, v: Value, pos: Path): number {
  if (Array.isArray(v)) return v.length;
  if (v instanceof Page) return v.data.length;
  if (v instanceof SetVal) {
    let n = 0;
    for (const _ of implOf(v).asc(ctx, null, pos)) n++;
    return n;
  }
  throw expected('Array, Page or Set', v, pos);
}

function slicing(key: string, slice: (xs: Value[], n: number) => Value[]): Form {
  return {
    key,
    required: ['collection'],
    compile(c, o, pos) {
      const n = c.arg(o, key, pos),
        coll = c.arg(o, 'collection', pos);
      return (ctx) => {
        const xs = asCollection(coll(ctx), [...pos, 'collection']);
        return rebuild(xs, slice(items(xs), Math.max(0, asInteger(n(ctx), [...pos, key]))));
      };
    },
  };
}

function emptiness(key: string, empty: boolean): Form {
  return {
    key,
    compile(c, o, pos) {
      const e = c.arg(o, key, pos);
      return (ctx) => (sizeOf(ctx, e(ctx), [...pos, key]) === 0) === empty;
    },
  };
}

/** Append(elems, base) and Prepend(elems, base): both arguments are arrays. */
function joining(key: string, join: (base: Value[], more: Value[]) => Value[]): Form {
  return {
    key,
    required: ['collection'],
    compile(c, o, pos) {
      const more = c.arg(o, key, pos),
        base = c.arg(o, 'collection', pos);
      return (ctx) => join(asArray(base(ctx), [...pos, 'collection']), asArray(more(ctx), [...pos, key]));
    },
  };
}

export const collectionForms: Form[] = [
  higherOrder('map', (ctx, coll, fn, pos) =>
    rebuild(
      coll,
      items(coll).map((x) => applyLambda(ctx, fn, x, pos)),
    ),
  ),
  higherOrder('filter', (ctx, coll, fn, pos) =>
    rebuild(
      coll,
      items(coll).filter((x) => asBoolean(applyLambda(ctx, fn, x, pos), pos)),
    ),
  ),
  higherOrder('foreach', (ctx, coll, fn, pos) => {
    for (const x of items(coll)) applyLambda(ctx, fn, x, pos);
    return coll;
  }),
  slicing('take', (xs, n) => xs.slice(0, n)),
  slicing('drop', (xs, n) => xs.slice(n)),
  emptiness('is_empty', true),
  emptiness('is_nonempty', false),
  joining('append', (base, more) => [...base, ...more]),
  joining('prepend', (base, more) => [...more, ...base]),
];
