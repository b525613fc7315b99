// Select and ContainsPath: paths of object keys and array indexes, refs answer `id`/`collection`/`database`.
import { Page, Ref, isLong, isObj, type Value } from '../../core/values.js';
import type { Form } from './compile.js';
import type { Expr } from '../../core/context.js';
import { invalidArgument, valueNotFound, type Path } from './errors.js';

const MISSING = Symbol('missing');

function step(v: Value, seg: Value): Value | typeof MISSING {
  if (typeof seg === 'string') {
    if (isObj(v)) return Object.prototype.hasOwnProperty.call(v, seg) ? v[seg]! : MISSING;
    if (v instanceof Ref) {
      if (seg === 'id') return v.id;
      if (seg === 'collection' && v.collection) return v.collection;
      if (seg === 'database' && v.database) return v.database;
      return MISSING;
    }
    if (v instanceof Page) {
      if (seg === 'data') return v.data;
      if (seg === 'before' && v.before !== undefined) return v.before;
      if (seg === 'after' && v.after !== undefined) return v.after;
    }
    return MISSING;
  }
  if (isLong(seg) && Array.isArray(v)) {
    const i = Number(seg);
    return i >= 0 && i < v.length ? v[i]! : MISSING;
  }
  return MISSING;
}

function pathOf(v: Value, pos: Path): Value[] {
  const path = Array.isArray(v) ? v : [v];
  for (const seg of path) {
    if (typeof seg !== 'string' && !isLong(seg)) {
      throw invalidArgument('Path expected to be an Array of Strings and Integers, or a String, or an Integer.', pos);
    }
  }
  return path;
}

function walk(from: Value, path: Value[]): Value | typeof MISSING {
  let v: Value | typeof MISSING = from;
  for (const seg of path) {
    v = step(v, seg);
    if (v === MISSING) return MISSING;
  }
  return v;
}

export const selectForms: Form[] = [
  {
    key: 'select',
    required: ['from'],
    optional: ['default'],
    compile(c, o, pos) {
      const path = c.arg(o, 'select', pos),
        from = c.arg(o, 'from', pos);
      const dflt: Expr | undefined = c.optionalArg(o, 'default', pos);
      const fromPos = [...pos, 'from'];
      return (ctx) => {
        const p = pathOf(path(ctx), [...pos, 'select']);
        const v = walk(from(ctx), p);
        if (v !== MISSING) return v;
        if (dflt) return dflt(ctx);
        throw valueNotFound(p, fromPos);
      };
    },
  },
  {
    key: 'contains_path',
    required: ['in'],
    compile(c, o, pos) {
      const path = c.arg(o, 'contains_path', pos),
        from = c.arg(o, 'in', pos);
      return (ctx) => walk(from(ctx), pathOf(path(ctx), [...pos, 'contains_path'])) !== MISSING;
    },
  },
];
