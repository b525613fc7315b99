// Secrets to identities: the root secret and key secrets, optionally scoped as
// `secret:db/child:role` (database scope only for the root and admin keys; the core's
// `ext/model/src/main/scala/auth/Auth.scala`).
import type { Database, Key, Role } from '../store/database.js';
import { Ref, isObj } from '../core/values.js';
import type { Auth, BuiltinRole, EngineState } from '../core/context.js';

const BUILTIN = new Set<string>(['admin', 'server', 'server-readonly', 'client']);

function descend(db: Database, path: string): Database | undefined {
  let d: Database | undefined = db;
  for (const name of path.split('/').filter(Boolean)) d = d?.databases.get(name);
  return d;
}

function scopedRole(db: Database, text: string): BuiltinRole | Role[] | undefined {
  if (BUILTIN.has(text)) return text as BuiltinRole;
  const custom = /^@role\/(.+)$/.exec(text);
  const role = custom ? db.roles.get(custom[1]!) : undefined;
  return role ? [role] : undefined;
}

/** False once the database, or one of its ancestors, was deleted. */
function attached(db: Database): boolean {
  for (let d = db; d.parent; d = d.parent) if (d.parent.databases.get(d.name) !== d) return false;
  return true;
}

/** Whether a role's `membership` names the collection of `identity` (membership predicates are not run). */
function isMember(role: Role, identity: Ref): boolean {
  const m = role.definition.membership;
  const list = Array.isArray(m) ? m : m === undefined || m === null ? [] : [m];
  return list.some((entry) => {
    const resource = isObj(entry) ? entry.resource : entry;
    return resource instanceof Ref && resource.id === identity.collection?.id && !!resource.collection;
  });
}

/**
 * A token acts as its document: with the roles whose membership holds its collection, and no
 * others (the core's `InstancePermissions` in `ext/model/src/main/scala/auth/Permissions.scala`).
 */
function tokenAuth(token: Key): Auth | undefined {
  if (!attached(token.target)) return undefined;
  const identity = token.identity!;
  const role = [...token.target.roles.values()].filter((r) => isMember(r, identity));
  return { db: token.target, role, token: token.ref, identity };
}

/** The identity a secret grants, or undefined (401) for unknown secrets. */
export function authenticate(state: EngineState, rootSecret: string, secret: string | undefined): Auth | undefined {
  if (secret === undefined || secret === '') return undefined;
  const [base, ...scope] = secret.split(':');
  while (scope[scope.length - 1] === '') scope.pop();
  let auth: Auth | undefined;
  if (base === rootSecret) auth = { db: state.root, role: 'admin' };
  else {
    const key = state.keysBySecret.get(base!);
    if (!key || !attached(key.target)) return undefined;
    if (key.identity) return tokenAuth(key);
    const role =
      typeof key.role === 'string'
        ? (key.role as BuiltinRole)
        : key.role.map((r) => key.target.roles.get(r.id)).filter((r): r is Role => r !== undefined);
    auth = { db: key.target, role, ...(key.target.keys.get(key.id) === key ? { token: key.ref } : {}) };
  }
  if (scope.length === 0) return auth;
  if (auth.role !== 'admin') return undefined;
  // `secret:role` or `secret:db/path` alone, else `secret:db/path:role`.
  const [path, roleText] =
    scope.length > 1 ? scope : scopedRole(auth.db, scope[0]!) ? ['', scope[0]!] : [scope[0]!, 'admin'];
  const db = descend(auth.db, path!);
  if (!db) return undefined;
  const role = scopedRole(db, roleText);
  return role ? { db, role } : undefined;
}
