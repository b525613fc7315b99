// Permission checks of a running query: its identity's verdict on a target, with role predicates
// run per resource (fauna-wire.md §6.3).
import type { Database } from '../../store/database.js';
import type { LambdaVal, Value } from '../../core/values.js';
import { verdict, type Action, type Target } from '../../auth/permissions.js';
import type { Ctx } from '../../core/context.js';
import { applyLambda } from './control.js';
import { QueryError, permissionDenied, type Path } from './errors.js';

/**
 * Runs a role predicate as the core does: in the role's database, able to read what the action
 * itself guards (a read predicate may Get its ref) but not to write. Only `true` grants; an
 * error in the predicate refuses.
 */
function holds(ctx: Ctx, predicate: LambdaVal, arg: Value): boolean {
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

/**
 * Who may act on each resource of `target`: everyone, no one, or those the role's predicates
 * accept (the argument is the document or schema ref, or an index read's terms).
 */
export function gate(ctx: Ctx, db: Database, target: Target, action: Action): boolean | ((arg: Value) => boolean) {
  const v = verdict(ctx.auth, db, target, action);
  if (typeof v === 'boolean') return v;
  return (arg) => v.some((p) => holds(ctx, p, arg));
}

/** `arg` is what a predicate gets: a read's ref or terms, a create's params, a delete's ref, a write's [old, new, ref]. */
export function can(ctx: Ctx, db: Database, target: Target, action: Action, arg: Value): boolean {
  const g = gate(ctx, db, target, action);
  return typeof g === 'boolean' ? g : g(arg);
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
