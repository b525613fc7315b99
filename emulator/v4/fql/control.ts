// Binding and control: let, var, lambda, if, do, and, or, not, equals, abort.
import type { Json } from '../../core/json.js';
import { LambdaVal, QueryVal, type Value } from '../../core/values.js';
import { equalValues } from '../../store/compare.js';
import { asBoolean, asString } from './cast.js';
import type { Compiler, Form, JsonObj } from './compile.js';
import type { Ctx, Expr } from '../../core/context.js';
import { QueryError, expected, invalidArgument, invalidExpression, type Path } from './errors.js';
import { canonicalQuery } from './query-text.js';

/** A one-vararg function gets its argument bare, several as an array (faunadb-js `src/query.js`). */
export function varargs(c: Compiler, o: JsonObj, key: string, pos: Path): Expr {
  const raw = o[key]!;
  if (Array.isArray(raw)) return c.arg(o, key, pos);
  const one = c.arg(o, key, pos);
  return (ctx) => {
    const v = one(ctx);
    return Array.isArray(v) ? v : [v];
  };
}

function letBindings(raw: Json, pos: Path): [string, Json, Path][] {
  if (Array.isArray(raw)) {
    return raw.map((b, i) => {
      if (b === null || typeof b !== 'object' || Array.isArray(b) || Object.keys(b).length !== 1) {
        throw invalidExpression('Let bindings must be objects with a single key.', [...pos, i]);
      }
      const name = Object.keys(b)[0]!;
      return [name, (b as JsonObj)[name]!, [...pos, i, name]];
    });
  }
  if (raw !== null && typeof raw === 'object') {
    const o = raw as JsonObj;
    return Object.keys(o).map((k) => [k, o[k]!, [...pos, k]]);
  }
  throw invalidExpression('Let bindings must be an object or an array.', pos);
}

function lambdaParams(raw: Json, pos: Path): (string | null)[] | string {
  if (typeof raw === 'string') return raw;
  if (Array.isArray(raw) && raw.every((p) => typeof p === 'string')) {
    return (raw as string[]).map((p) => (p === '_' ? null : p));
  }
  throw invalidExpression('Lambda parameters must be a string or an array of strings.', pos);
}

/** Applies a lambda value to one argument; an array parameter list destructures it. */
export function applyLambda(ctx: Ctx, fn: Value, arg: Value, pos: Path): Value {
  if (!(fn instanceof LambdaVal)) throw expected('Lambda', fn, pos);
  const p = fn.params;
  if (typeof p === 'number') ctx.vars[p] = arg;
  else {
    if (!Array.isArray(arg) || arg.length !== p.length) {
      const got = Array.isArray(arg) ? `Array contains ${arg.length}.` : `${expected('Array', arg, pos).description}`;
      throw invalidArgument(`Lambda expects an array with ${p.length} elements. ${got}`, pos);
    }
    for (let i = 0; i < p.length; i++) if (p[i] !== null) ctx.vars[p[i]!] = arg[i]!;
  }
  return (fn.body as Expr)(ctx);
}

export const controlForms: Form[] = [
  {
    key: 'let',
    required: ['in'],
    compile(c, o, pos) {
      const bindings = letBindings(o.let!, [...pos, 'let']);
      return c.scoped([], () => {
        const steps = bindings.map(([name, raw, p]) => {
          const e = c.expr(raw, p);
          return [c.bind(name), e] as const;
        });
        const body = c.arg(o, 'in', pos);
        return (ctx) => {
          for (const [slot, e] of steps) ctx.vars[slot] = e(ctx);
          return body(ctx);
        };
      });
    },
  },
  {
    key: 'var',
    compile(c, o, pos) {
      const name = o.var;
      if (typeof name !== 'string') throw invalidExpression('Variable name must be a string.', [...pos, 'var']);
      const slot = c.lookup(name, pos);
      return (ctx) => ctx.vars[slot]!;
    },
  },
  {
    key: 'lambda',
    required: ['expr'],
    // A quoted lambda read back (a function's body) names its API version.
    optional: ['api_version'],
    compile(c, o, pos) {
      const params = lambdaParams(o.lambda!, [...pos, 'lambda']);
      const names = typeof params === 'string' ? [params] : params;
      return c.scoped(names, (slots) => {
        const body = c.arg(o, 'expr', pos);
        const bound = typeof params === 'string' ? slots[0]! : slots;
        const raw = canonicalQuery({ api_version: '4', lambda: o.lambda!, expr: o.expr! });
        return () => new LambdaVal(bound, body, raw);
      });
    },
  },
  {
    key: 'query',
    compile(c, o, pos) {
      const fn = c.arg(o, 'query', pos);
      return (ctx) => {
        const v = fn(ctx);
        if (!(v instanceof LambdaVal)) throw expected('Lambda', v, [...pos, 'query']);
        return new QueryVal(v.raw);
      };
    },
  },
  {
    key: 'if',
    required: ['then', 'else'],
    compile(c, o, pos) {
      const cond = c.arg(o, 'if', pos),
        then = c.arg(o, 'then', pos),
        otherwise = c.arg(o, 'else', pos);
      const p = [...pos, 'if'];
      return (ctx) => (asBoolean(cond(ctx), p) ? then(ctx) : otherwise(ctx));
    },
  },
  {
    key: 'do',
    compile(c, o, pos) {
      const raw = o.do!;
      const steps = Array.isArray(raw) ? raw.map((r, i) => c.expr(r, [...pos, 'do', i])) : [c.arg(o, 'do', pos)];
      return (ctx) => {
        let v: Value = null;
        for (const s of steps) v = s(ctx);
        return v;
      };
    },
  },
  logical('and', false),
  logical('or', true),
  {
    key: 'not',
    compile(c, o, pos) {
      const e = c.arg(o, 'not', pos);
      const p = [...pos, 'not'];
      return (ctx) => !asBoolean(e(ctx), p);
    },
  },
  {
    key: 'equals',
    compile(c, o, pos) {
      const args = varargs(c, o, 'equals', pos);
      return (ctx) => {
        const vs = args(ctx) as Value[];
        for (let i = 1; i < vs.length; i++) if (!equalValues(vs[0]!, vs[i]!)) return false;
        return true;
      };
    },
  },
  {
    key: 'abort',
    compile(c, o, pos) {
      const msg = c.arg(o, 'abort', pos);
      return (ctx) => {
        throw new QueryError('transaction aborted', asString(msg(ctx), [...pos, 'abort']), pos);
      };
    },
  },
];

/** And stops at the first false, Or at the first true. */
function logical(key: 'and' | 'or', stopAt: boolean): Form {
  return {
    key,
    compile(c, o, pos) {
      const raw = o[key]!;
      const items = Array.isArray(raw) ? raw.map((r, i) => c.expr(r, [...pos, key, i])) : [c.arg(o, key, pos)];
      return (ctx) => {
        for (let i = 0; i < items.length; i++) {
          if (asBoolean(items[i]!(ctx), Array.isArray(raw) ? [...pos, key, i] : [...pos, key]) === stopAt)
            return stopAt;
        }
        return !stopAt;
      };
    },
  };
}
