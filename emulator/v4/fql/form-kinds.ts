// The two shapes most v4 functions take: one argument under their own key with named ones beside
// it, or a vararg list under their own key.
import type { Value } from '../../core/values.js';
import type { Ctx } from '../../core/context.js';
import type { Form } from './compile.js';
import { varargs } from './control.js';
import { invalidArgument, type Path } from './errors.js';

export type Args = Record<string, Value | undefined>;

/**
 * `{ key: a, name: b, ... }`: `fn` gets every argument evaluated, in the order named (`key`
 * first; absent optional ones undefined), and the form's position.
 */
export function named(
  key: string,
  required: string[],
  optional: string[],
  fn: (args: Args, pos: Path, ctx: Ctx) => Value,
): Form {
  return {
    key,
    required,
    optional,
    compile(c, o, pos) {
      const exprs = [key, ...required, ...optional].map((k) => [k, c.optionalArg(o, k, pos)] as const);
      return (ctx) => {
        const args: Args = {};
        for (const [k, e] of exprs) args[k] = e?.(ctx);
        return fn(args, pos, ctx);
      };
    },
  };
}

/** `{ key: arg, option: ... }`: `fn` gets the argument, the options and the argument's position. */
export function unary(
  key: string,
  fn: (v: Value, opts: Args, pos: Path, ctx: Ctx) => Value,
  optional: string[] = [],
): Form {
  return named(key, [], optional, (args, pos, ctx) => fn(args[key]!, args, [...pos, key], ctx));
}

/** `{ key: [a, b, ...] }` or `{ key: a }`: at least one argument, as the core's varargs require. */
export function variadic(key: string, fn: (vs: Value[], pos: Path, ctx: Ctx) => Value): Form {
  return {
    key,
    compile(c, o, pos) {
      const args = varargs(c, o, key, pos);
      const p = [...pos, key];
      return (ctx) => {
        const vs = args(ctx) as Value[];
        if (vs.length === 0) throw invalidArgument('Non-empty array expected.', p);
        return fn(vs, p, ctx);
      };
    },
  };
}
