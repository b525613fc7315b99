// A role's privileges as CreateRole gives them: each action `true`, or a predicate compiled once,
// when the role is made (the core's `ext/model/src/main/scala/doc/Role.scala`).
import type { Privilege } from '../../store/database.js';
import type { Json } from '../../core/json.js';
import { LambdaVal, QueryVal, type Value } from '../../core/values.js';
import { asObject, asRef } from './cast.js';
import type { JsonObj } from './compile.js';
import type { Ctx } from '../../core/context.js';
import { expected, type Path } from './errors.js';

export function parsePrivileges(ctx: Ctx, v: Value | undefined, pos: Path): Privilege[] {
  if (v === undefined || v === null) return [];
  const list = Array.isArray(v) ? v : [v];
  return list.map((item, i) => {
    const o = asObject(item, [...pos, i]);
    const resource = asRef(o.resource ?? null, [...pos, i, 'resource']);
    const actions: Privilege['actions'] = {};
    if (o.actions !== undefined) {
      const a = asObject(o.actions, [...pos, i, 'actions']);
      for (const k of Object.keys(a)) actions[k] = action(ctx, a[k]!, [...pos, i, 'actions', k]);
    }
    return { resource, actions };
  });
}

/** The lambda form has no `api_version` key; a quoted lambda carries one. */
function withoutVersion(o: JsonObj): JsonObj {
  const { api_version: _, ...rest } = o;
  return rest;
}

/** `true`, a predicate (`Query(Lambda(...))`, `@query`, or a bare lambda), else refused. */
function action(ctx: Ctx, v: Value, pos: Path): boolean | LambdaVal {
  if (v instanceof LambdaVal) return v;
  if (!(v instanceof QueryVal)) return v === true;
  const raw = v.raw as Json;
  const lambda = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? withoutVersion(raw as JsonObj) : raw;
  const fn = ctx.state.compile(lambda, pos)(ctx);
  if (!(fn instanceof LambdaVal)) throw expected('Lambda', fn, pos);
  return fn;
}
