// v4's side of permission checks: role predicates are FQL v4 lambdas (CreateRole makes them, for
// both APIs), and a refusal is v4's `permission denied` at the form's position. The core's
// counterparts: `RoleEvalContext.scala` and `Permissions.scala` in `ext/model/src/main/scala/auth/`
// of `fauna/faunadb`.
import type { Database } from '../../store/database.js';
import type { LambdaVal, Value } from '../../core/values.js';
import type { Action, Target } from '../../auth/permissions.js';
import { can, gate } from '../../core/access.js';
import type { Ctx } from '../../core/context.js';
import { applyLambda } from './control.js';
import { QueryError, permissionDenied, type Path } from './errors.js';

/**
 * Runs a role predicate as the core does: in the role's database, able to read what the action
 * itself guards (a read predicate may Get its ref) but not to write. Only `true` grants; an
 * error in the predicate refuses.
 */
export function holds(ctx: Ctx, predicate: LambdaVal, arg: Value): boolean {
  const db = ctx.auth.db;
  const inner: Ctx = { ...ctx, db, auth: { db, role: 'server-readonly' }, vars: [] };
  // A write predicate may name [old, new] or [old, new, ref]: it gets as many as it names.
  const given = Array.isArray(arg) && Array.isArray(predicate.params) ? arg.slice(0, predicate.params.length) : arg;
  try {
    return applyLambda(inner, predicate, given, []) === true;
  } catch (err) {
    if (err instanceof QueryError) return false;
    throw err;
  }
}

export function demand(ctx: Ctx, db: Database, target: Target, action: Action, arg: Value, pos: Path): void {
  if (!can(ctx, db, target, action, arg)) throw permissionDenied(pos);
}

/**
 * Refuses before the target is even looked at when no privilege could allow the action, so a
 * missing document the key may not touch is 403, not 404 (permission outranks not-found).
 */
export function demandSome(ctx: Ctx, db: Database, target: Target, action: Action, pos: Path): void {
  if (gate(ctx, db, target, action) === false) throw permissionDenied(pos);
}
