// CreateCollection, CreateIndex, CreateRole, CreateKey, CreateDatabase, and dropping schema documents.
import { randomBytes, createHash } from 'node:crypto';
import { Collection } from '../../store/collection.js';
import { Database, type Key, type Role } from '../../store/database.js';
import { Index, type Field } from '../../store/sorted-index.js';
import { NATIVE, Ref, isLong, isObj, type NativeName, type Obj, type Value } from '../../core/values.js';
import { asObject, asRef } from './cast.js';
import type { Form } from './compile.js';
import type { Ctx } from '../../core/context.js';
import { expected, instanceExists, invalidArgument, invalidRef, type Path } from './errors.js';
import { schemaValue } from './read.js';
import { demand } from './access.js';
import { parsePrivileges } from './privileges.js';
import { collectionOf, databaseOf } from './scope.js';
import { checkWriteTime } from './writes.js';

const BUILTIN_ROLES = new Set(['admin', 'server', 'server-readonly', 'client']);

export function nameOf(p: Obj, pos: Path): string {
  const n = p.name;
  if (typeof n !== 'string' || n === '' || n.startsWith('_'))
    throw invalidArgument('Valid name expected.', [...pos, 'name']);
  return n;
}

/** Copies the optional fields a schema document keeps as given. */
export function pick(p: Obj, keys: string[]): Obj {
  const out: Obj = {};
  for (const k of keys) if (p[k] !== undefined) out[k] = p[k]!;
  return out;
}

function parseFields(v: Value | undefined, pos: Path): Field[] {
  if (v === undefined || v === null) return [];
  const list = Array.isArray(v) ? v : [v];
  return list.map((f, i) => {
    const o = asObject(f, [...pos, i]);
    const field = o.field;
    const path =
      typeof field === 'string'
        ? [field]
        : Array.isArray(field) && field.every((s) => typeof s === 'string')
          ? (field as string[])
          : undefined;
    if (!path)
      throw invalidArgument('Field path expected to be a String or an Array of Strings.', [...pos, i, 'field']);
    return { path, reverse: o.reverse === true };
  });
}

// `field` is kept in the form it was given ("ts" stays a string, ["data", "x"] an array), as the
// core keeps it: a check of an Incremental Sync Index (docs/setup-fauna.md, section 4) may
// compare `{"field": "ts"}` literally.
function fieldsDefinition(given: Value, fields: Field[]): Value[] {
  const list = Array.isArray(given) ? given : [given];
  return fields.map((f, i): Obj => {
    const field = (list[i] as Obj).field!;
    return f.reverse ? { field, reverse: true } : { field };
  });
}

/** Checks a schema create: a create predicate gets the params, as the core's ABAC tests show. */
export function begin(ctx: Ctx, native: NativeName, p: Obj, pos: Path): Database {
  checkWriteTime(ctx, pos);
  demand(ctx, ctx.db, { kind: 'schema', native }, 'create', p, pos);
  return ctx.db;
}

function createCollection(ctx: Ctx, p: Obj, pos: Path): Value {
  const db = begin(ctx, 'collections', p, pos);
  const name = nameOf(p, pos);
  if (db.collections.has(name)) throw instanceExists('Collection already exists.', pos);
  const hd = p.history_days;
  if (hd !== undefined && hd !== null && !isLong(hd))
    throw invalidArgument('Integer expected for history_days.', [...pos, 'history_days']);
  const historyDays = hd === null ? null : hd === undefined ? 0 : Number(hd);
  const definition: Obj = { history_days: historyDays, name, ...pick(p, ['data', 'ttl_days']) };
  const c = new Collection({ name, ref: new Ref(name, NATIVE.collections), ts: ctx.txnTs, historyDays, definition });
  db.collections.set(name, c);
  ctx.undo.push(() => db.collections.delete(name));
  return created(ctx, schemaValue(c.spec));
}

function createIndex(ctx: Ctx, p: Obj, pos: Path): Value {
  const db = begin(ctx, 'indexes', p, pos);
  const name = nameOf(p, pos);
  if (db.indexes.has(name)) throw instanceExists('Index already exists.', pos);
  const sourceRef = asRef(p.source ?? null, [...pos, 'source']);
  const source = collectionOf(ctx, sourceRef, [...pos, 'source']);
  const terms = parseFields(p.terms, [...pos, 'terms']);
  const values = parseFields(p.values, [...pos, 'values']);
  const unique = p.unique === true;
  const serialized = p.serialized !== false;
  const definition: Obj = {
    active: true,
    serialized,
    name,
    source: sourceRef,
    ...(p.terms !== undefined ? { terms: fieldsDefinition(p.terms, terms) } : {}),
    ...(p.values !== undefined ? { values: fieldsDefinition(p.values, values) } : {}),
    ...(p.unique !== undefined ? { unique } : {}),
    partitions: terms.length ? 1 : 8,
    ...pick(p, ['data']),
  };
  const index = new Index(
    { name, ref: new Ref(name, NATIVE.indexes), ts: ctx.txnTs, terms, values, unique, serialized, definition },
    source,
  );
  index.build(source.docs.values());
  db.indexes.set(name, index);
  source.indexes.push(index);
  ctx.undo.push(() => {
    db.indexes.delete(name);
    source.indexes.splice(source.indexes.indexOf(index), 1);
  });
  return created(ctx, schemaValue(index.spec));
}

function createRole(ctx: Ctx, p: Obj, pos: Path): Value {
  const db = begin(ctx, 'roles', p, pos);
  const name = nameOf(p, pos);
  if (db.roles.has(name)) throw instanceExists('Role already exists.', pos);
  const privileges = parsePrivileges(ctx, p.privileges, [...pos, 'privileges']);
  const role: Role = {
    name,
    ref: new Ref(name, NATIVE.roles),
    ts: ctx.txnTs,
    privileges,
    definition: { name, ...pick(p, ['privileges', 'membership', 'data']) },
  };
  db.roles.set(name, role);
  ctx.undo.push(() => db.roles.delete(name));
  return created(ctx, schemaValue(role));
}

function keyRole(target: Database, v: Value | undefined, pos: Path): string | Ref[] {
  if (typeof v === 'string') {
    if (!BUILTIN_ROLES.has(v)) throw invalidArgument(`Role '${v}' is not a built-in role.`, pos);
    return v;
  }
  const refs = (Array.isArray(v) ? v : [v ?? null]).map((r) => asRef(r, pos));
  for (const r of refs) if (!target.roles.has(r.id)) throw invalidRef('role', r.id, pos);
  return refs;
}

function newSecret(id: string): string {
  const bytes = Buffer.alloc(30);
  bytes[0] = 0x7e;
  bytes[1] = 0x70;
  bytes.writeBigInt64BE(BigInt(id), 2);
  randomBytes(20).copy(bytes, 10);
  return bytes.toString('base64url');
}

function createKey(ctx: Ctx, p: Obj, pos: Path): Value {
  const db = begin(ctx, 'keys', p, pos);
  const dbRef = p.database === undefined || p.database === null ? undefined : asRef(p.database, [...pos, 'database']);
  const target = dbRef ? databaseOf(ctx, dbRef, [...pos, 'database']) : db;
  const role = keyRole(target, p.role, [...pos, 'role']);
  const id = ctx.state.ids.next(ctx.txnTs);
  const secret = newSecret(id);
  // Shaped like the bcrypt hash Fauna stores; only the shape matters, the secret itself is looked up.
  const hashed = '$2a$05$' + createHash('sha512').update(secret).digest('base64').replace(/\+/g, '.').slice(0, 53);
  const definition: Obj = {
    ...(dbRef ? { database: dbRef } : {}),
    role: p.role!,
    ...pick(p, ['name', 'data', 'priority']),
    hashed_secret: hashed,
  };
  const key: Key = { id, ref: new Ref(id, NATIVE.keys), ts: ctx.txnTs, secret, role, target, definition };
  db.keys.set(id, key);
  ctx.state.keysBySecret.set(secret, key);
  ctx.undo.push(() => {
    db.keys.delete(id);
    ctx.state.keysBySecret.delete(secret);
  });
  // The secret is shown once, before the hash, as Fauna prints a new key.
  const { hashed_secret: _, ...shown } = schemaValue(key);
  return created(ctx, { ...shown, secret, hashed_secret: hashed });
}

function createDatabase(ctx: Ctx, p: Obj, pos: Path): Value {
  const db = begin(ctx, 'databases', p, pos);
  const name = nameOf(p, pos);
  if (db.databases.has(name)) throw instanceExists('Database already exists.', pos);
  const globalId = ctx.state.ids.next(ctx.txnTs);
  const child = new Database(name, db, ctx.txnTs, { name, global_id: globalId, ...pick(p, ['typechecked', 'data']) });
  db.databases.set(name, child);
  ctx.undo.push(() => db.databases.delete(name));
  return created(ctx, schemaValue({ ref: child.ref, ts: child.ts, definition: child.definition }));
}

export function created(ctx: Ctx, doc: Obj): Obj {
  ctx.created.add(doc);
  return doc;
}

type Creator = (ctx: Ctx, p: Obj, pos: Path) => Value;

const CREATORS: Record<string, Creator> = {
  create_collection: createCollection,
  create_class: createCollection,
  create_index: createIndex,
  create_role: createRole,
  create_key: createKey,
  create_database: createDatabase,
};

export const schemaForms: Form[] = Object.entries(CREATORS).map(([key, fn]) => ({
  key,
  compile(c, o, pos) {
    const e = c.arg(o, key, pos);
    return (ctx) => {
      const v = e(ctx);
      if (!isObj(v)) throw expected('Object', v, [...pos, key]);
      return fn(ctx, v, pos);
    };
  },
}));
