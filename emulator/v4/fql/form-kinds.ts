// The two shapes most v4 functions take: one argument under their own key, optionally with named
// options beside it, or a vararg list under their own key.
import type { Value } from '../../core/values.js';
import type { Ctx } from '../../core/context.js';
import type { Form } from './compile.js';
import { varargs } from './control.js';
import { invalidArgument, type Path } from './errors.js';

/** `{ key: arg, option: ... }`: `fn` gets the argument, the given options (absent ones undefined) and the argument's position. */
export function unary(
  key: string,
  fn: (v: Value, opts: Record<string, Value | undefined>, pos: Path, ctx: Ctx) => Value,
  optional: string[] = [],
): Form {
  return {
    key,
    optional,
    compile(c, o, pos) {
      const e = c.arg(o, key, pos);
      const opts = optional.map((k) => [k, c.optionalArg(o, k, pos)] as const);
      const p = [...pos, key];
      return (ctx) => {
        const given: Record<string, Value | undefined> = {};
        for (const [k, x] of opts) given[k] = x?.(ctx);
        return fn(e(ctx), given, p, ctx);
      };
    },
  };
}

/** `{ key: [a, b, ...] }` or `{ key: a }`: at least one argument, as the core's varargs require. */
export function variadic(key: string, fn: (vs: Value[], pos: Path) => Value): Form {
  return {
    key,
    compile(c, o, pos) {
      const args = varargs(c, o, key, pos);
      const p = [...pos, key];
      return (ctx) => {
        const vs = args(ctx) as Value[];
        if (vs.length === 0) throw invalidArgument('Non-empty array expected.', p);
        return fn(vs, p);
      };
    },
  };
}
