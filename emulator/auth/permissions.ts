// Who may read and write what (fauna-wire.md §6.2-6.3): built-in roles, and custom roles with
// boolean actions on a collection, an index, or a native collection (Collections(), Indexes(), ...).
import type { Database, Role } from '../store/database.js';
import type { NativeName, Ref } from '../wire/values.js';
import type { Auth } from '../fql/context.js';

/** Schema a `server` key may touch; databases, keys and roles need an admin. */
const SERVER_SCHEMA = new Set<NativeName>(['collections', 'indexes', 'functions']);

export type Action = 'read' | 'write' | 'create' | 'delete' | 'history_read' | 'unrestricted_read';

export type Target =
  | { kind: 'documents'; collection: string }
  | { kind: 'index'; index: string }
  | { kind: 'schema'; native: NativeName };

function matches(resource: Ref, target: Target): boolean {
  switch (target.kind) {
    case 'schema': return !resource.collection && resource.id === target.native;
    case 'documents': return resource.collection?.id === 'collections' && resource.id === target.collection;
    case 'index': return resource.collection?.id === 'indexes' && resource.id === target.index;
  }
}

function roleAllows(roles: Role[], target: Target, action: Action): boolean {
  for (const role of roles) {
    for (const p of role.privileges) {
      if (!matches(p.resource, target)) continue;
      if (p.actions[action] === true) return true;
      if (action === 'read' && p.actions.unrestricted_read === true) return true;
    }
  }
  return false;
}

/** Whether `auth` may perform `action` on `target` in database `db`. */
export function allowed(auth: Auth, db: Database, target: Target, action: Action): boolean {
  if (!db.isWithin(auth.db)) return false;
  const own = db === auth.db;
  const write = action === 'write' || action === 'create' || action === 'delete';
  const role = auth.role;
  if (Array.isArray(role)) return own && roleAllows(role, target, action);
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
