// Who may read and write what (`auth/Permissions.scala` of the core's `ext/model`): built-in roles,
// and custom roles whose actions on a collection, an index, or a native collection (Collections(),
// Indexes(), ...) are booleans or predicates (lambdas the caller runs per resource, see
// core/access.ts).
import type { Database, Role } from '../store/database.js';
import type { LambdaVal, NativeName, Ref } from '../core/values.js';
import type { Auth } from '../core/context.js';

/** Schema a `server` key may touch; databases, keys and roles need an admin. */
const SERVER_SCHEMA = new Set<NativeName>(['collections', 'indexes', 'functions']);

export type Action = 'read' | 'write' | 'create' | 'delete' | 'history_read' | 'history_write' | 'unrestricted_read';

export type Target =
  { kind: 'documents'; collection: string } | { kind: 'index'; index: string } | { kind: 'schema'; native: NativeName };

function matches(resource: Ref, target: Target): boolean {
  switch (target.kind) {
    case 'schema':
      return !resource.collection && resource.id === target.native;
    case 'documents':
      return resource.collection?.id === 'collections' && resource.id === target.collection;
    case 'index':
      return resource.collection?.id === 'indexes' && resource.id === target.index;
  }
}

/**
 * Granted outright, refused, or up to predicates: granted for a resource when one of them answers
 * true for it. On an index, `unrestricted_read` grants read too (the core's ABAC tests: a role with
 * only that may paginate the index); on a collection it only unfilters Documents(), never a Get.
 */
export type Verdict = boolean | LambdaVal[];

function roleVerdict(roles: Role[], target: Target, action: Action): Verdict {
  const predicates: LambdaVal[] = [];
  const granting = action === 'read' && target.kind === 'index' ? ['read', 'unrestricted_read'] : [action];
  for (const role of roles) {
    for (const p of role.privileges) {
      if (!matches(p.resource, target)) continue;
      for (const name of granting) {
        const granted = p.actions[name];
        if (granted === true) return true;
        if (granted !== undefined && granted !== false) predicates.push(granted);
      }
    }
  }
  return predicates.length > 0 && predicates;
}

/** Whether `auth` may perform `action` on `target` in database `db`. */
export function verdict(auth: Auth, db: Database, target: Target, action: Action): Verdict {
  if (!db.isWithin(auth.db)) return false;
  const own = db === auth.db;
  const write = action === 'write' || action === 'create' || action === 'delete' || action === 'history_write';
  const role = auth.role;
  if (Array.isArray(role)) return own && roleVerdict(role, target, action);
  switch (role) {
    case 'admin':
      return true;
    case 'server':
      if (target.kind === 'schema' && !SERVER_SCHEMA.has(target.native)) return false;
      return own || !write;
    case 'server-readonly':
      if (target.kind === 'schema' && !SERVER_SCHEMA.has(target.native)) return false;
      return !write;
    case 'client':
      return false;
  }
}
