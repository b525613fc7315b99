// Permission checks of a running query, shared by both APIs: its identity's verdict on a target,
// with a custom role's predicates run per resource by the engine (`EngineState.holds`).
import type { Database } from '../store/database.js';
import { verdict, type Action, type Target } from '../auth/permissions.js';
import type { Ctx } from './context.js';
import type { Value } from './values.js';

/**
 * Who may act on each resource of `target`: everyone, no one, or those the role's predicates
 * accept (the argument is the document or schema ref, or an index read's terms).
 */
export function gate(ctx: Ctx, db: Database, target: Target, action: Action): boolean | ((arg: Value) => boolean) {
  const v = verdict(ctx.auth, db, target, action);
  if (typeof v === 'boolean') return v;
  return (arg) => v.some((p) => ctx.state.holds(ctx, p, arg));
}

/** `arg` is what a predicate gets: a read's ref or terms, a create's params, a delete's ref, a write's [old, new, ref]. */
export function can(ctx: Ctx, db: Database, target: Target, action: Action, arg: Value): boolean {
  const g = gate(ctx, db, target, action);
  return typeof g === 'boolean' ? g : g(arg);
}
