// Schema documents through v10: collections (with `history_days`, `ttl_days` and collection
// indexes), functions, roles, keys and child databases. They live in the same database tree as
// v4's; v10 collection indexes are kept beside the collection (hidden from v4's `Indexes()`), and
// are maintained by the collection's writes like any index.
import { createHash, randomBytes } from 'node:crypto';
import { Collection } from '../../store/collection.js';
import { Database, type Key, type Role } from '../../store/database.js';
import { Index, type Field } from '../../store/sorted-index.js';
import { NATIVE, Ref, type NativeName, type Obj as StoredObj } from '../../core/values.js';
import { can } from '../../core/access.js';
// Role privileges are stored as CreateRole makes them, their predicates FQL v4 lambdas (see engine.ts).
import { parsePrivileges } from '../../v4/fql/privileges.js';
import { dropSchema } from '../../core/drop-schema.js';
import type { Expr, Span } from './ast.js';
import { parseQuery } from './parser.js';
import { V10Error, constraintFailure, invalidArgument, permissionDenied } from './errors.js';
import { Env, evaluate, type Rt } from './eval.js';
import { demandWritable, fromStored, toStored, engineCtx } from './documents.js';
import { isGlobalModule } from './modules.js';
import {
  Doc,
  DocView,
  Lambda,
  Module,
  NamedDoc,
  NullDoc,
  Time,
  isObj,
  type NamedColl,
  type Obj,
  type Value,
} from './values.js';

export interface CollectionIndex {
  /** The definition as given: `{terms: [{field}], values: [{field, order?}]}`. */
  definition: Obj;
  index: Index;
  /** Per term, whether it is the document's `id` (`.id`): looked up directly, not in the index. */
  termPaths: string[][];
}

interface CollectionMeta {
  indexes: Map<string, CollectionIndex>;
  /** Definition fields kept as given (`alias`, `fields`, `computed_fields`, ...). */
  extra: Obj;
  /** Parsed `computed_fields` bodies, by the definition they came from. */
  /** `plain`: the shape as read when no field is computed, one object for every document read. */
  shape?: { from: Obj; declared: string[]; computed: [string, Expr][]; plain?: Shape };
}

const META = new WeakMap<Collection, CollectionMeta>();
const FUNCTIONS = new WeakMap<Database, Map<string, { ts: number; fields: Obj }>>();

export function collectionMeta(c: Collection): CollectionMeta {
  let m = META.get(c);
  if (!m) {
    m = { indexes: new Map(), extra: {} };
    META.set(c, m);
  }
  return m;
}

function functionsOf(db: Database): Map<string, { ts: number; fields: Obj }> {
  let m = FUNCTIONS.get(db);
  if (!m) {
    m = new Map();
    FUNCTIONS.set(db, m);
  }
  return m;
}

const NATIVE_OF: Record<NamedColl | 'Key', NativeName> = {
  Collection: 'collections',
  Function: 'functions',
  Role: 'roles',
  Database: 'databases',
  AccessProvider: 'access_providers',
  Key: 'keys',
};

function demandSchema(
  rt: Rt,
  coll: NamedColl | 'Key',
  action: 'create' | 'write' | 'delete' | 'read',
  arg: Value,
): void {
  if (action !== 'read') demandWritable(rt);
  const ok = can(engineCtx(rt), rt.db, { kind: 'schema', native: NATIVE_OF[coll] }, action, toStored(arg));
  if (!ok) throw permissionDenied(`Insufficient privileges to ${action} ${coll} documents.`);
}

function mayReadSchema(rt: Rt, coll: NamedColl | 'Key'): boolean {
  return can(engineCtx(rt), rt.db, { kind: 'schema', native: NATIVE_OF[coll] }, 'read', NATIVE[NATIVE_OF[coll]]);
}

function nameParam(coll: string, p: Obj): string {
  const n = p.name;
  if (typeof n !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(n)) {
    throw constraintFailure(`Failed to create ${coll}.`, [{ message: 'Invalid identifier.', paths: [['name']] }]);
  }
  return n;
}

function taken(coll: string, name: string): V10Error {
  return constraintFailure(`Failed to create ${coll}.`, [
    { message: `The identifier \`${name}\` is already taken.`, paths: [['name']] },
  ]);
}

function pickData(p: Obj): Obj {
  return isObj(p.data) ? { data: p.data } : {};
}

// ---- collections ----

/** A field path as an index or definition gives it (`.a.b`, `a`) to the stored v4 path. */
function storedPath(field: Value, at: Span): string[] {
  if (typeof field !== 'string') throw invalidArgument('An index field must be a string such as `.name`.', at);
  const parts = field.replace(/^\./, '').split('.');
  if (parts.length === 1 && (parts[0] === 'ts' || parts[0] === 'ttl')) return [parts[0]];
  if (parts.length === 1 && parts[0] === 'id') return ['ref'];
  return ['data', ...parts];
}

function indexFields(list: Value | undefined, kind: 'terms' | 'values', at: Span): Field[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw invalidArgument(`Index ${kind} must be an array.`, at);
  return list.map((f) => {
    const o = isObj(f) ? f : {};
    const path = storedPath(o.field ?? null, at);
    if (kind === 'terms' && path[0] === 'ts') {
      throw constraintFailure('Failed to create Collection.', [
        { message: '`ts` may only be used as an index value, not as an index term.', paths: [['indexes']] },
      ]);
    }
    return { path, reverse: o.order === 'desc' };
  });
}

function buildIndexes(c: Collection, given: Value | undefined, ts: number, at: Span): Map<string, CollectionIndex> {
  const out = new Map<string, CollectionIndex>();
  if (given === undefined || given === null) return out;
  if (!isObj(given)) throw invalidArgument('`indexes` must be an object.', at);
  for (const name of Object.keys(given)) {
    const def = given[name];
    if (!isObj(def)) throw invalidArgument(`Index \`${name}\` must be an object.`, at);
    const terms = indexFields(def.terms, 'terms', at);
    const values = indexFields(def.values, 'values', at);
    const index = new Index(
      {
        name,
        ref: new Ref(name, NATIVE.indexes),
        ts,
        terms,
        values,
        unique: false,
        serialized: true,
        definition: {},
      },
      c,
    );
    index.build(c.docs.values());
    out.set(name, { definition: def, index, termPaths: terms.map((t) => t.path) });
  }
  return out;
}

function installIndexes(rt: Rt, c: Collection, next: Map<string, CollectionIndex>): void {
  const meta = collectionMeta(c);
  const before = meta.indexes;
  const list = c.indexes;
  for (const ix of before.values()) list.splice(list.indexOf(ix.index), 1);
  for (const ix of next.values()) list.push(ix.index);
  meta.indexes = next;
  rt.undo.push(() => {
    for (const ix of next.values()) list.splice(list.indexOf(ix.index), 1);
    for (const ix of before.values()) list.push(ix.index);
    meta.indexes = before;
  });
}

function historyDays(v: Value | undefined, at: Span): number | null {
  if (v === undefined) return 0;
  if (v === null) return null;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
    throw invalidArgument('`history_days` must be a non-negative integer.', at);
  return v;
}

const COLLECTION_EXTRA = ['ttl_days', 'alias', 'document_ttls', 'fields', 'computed_fields', 'wildcard', 'data'];

export function createCollection(rt: Rt, p: Obj, at: Span): NamedDoc {
  const name = nameParam('Collection', p);
  demandSchema(rt, 'Collection', 'create', p);
  if (isGlobalModule(name)) {
    throw constraintFailure('Failed to create Collection.', [
      { message: `The collection name \`${name}\` is reserved.`, paths: [['name']] },
    ]);
  }
  if (rt.db.collections.has(name)) throw taken('Collection', name);
  const hd = historyDays(p.history_days, at);
  const definition: StoredObj = { history_days: hd, name };
  if (typeof p.ttl_days === 'number') definition.ttl_days = p.ttl_days;
  if (isObj(p.data)) definition.data = toStored(p.data);
  const c = new Collection({ name, ref: new Ref(name, NATIVE.collections), ts: rt.txnTs, historyDays: hd, definition });
  rt.db.collections.set(name, c);
  rt.undo.push(() => rt.db.collections.delete(name));
  const meta = collectionMeta(c);
  for (const k of COLLECTION_EXTRA) if (p[k] !== undefined) meta.extra[k] = p[k]!;
  installIndexes(rt, c, buildIndexes(c, p.indexes, rt.txnTs, at));
  return new NamedDoc('Collection', name);
}

function collectionFields(c: Collection): Obj {
  const meta = collectionMeta(c);
  const indexes: Obj = {};
  for (const [name, ix] of meta.indexes) indexes[name] = { ...ix.definition, queryable: true, status: 'complete' };
  const def = c.spec.definition;
  const out: Obj = {
    name: c.spec.name,
    coll: new Module('Collection'),
    ts: new Time(c.spec.ts),
    history_days: c.spec.historyDays,
    indexes,
    constraints: [],
  };
  if (def.ttl_days !== undefined) out.ttl_days = fromStored(def.ttl_days);
  for (const k of COLLECTION_EXTRA) if (meta.extra[k] !== undefined) out[k] = meta.extra[k]!;
  if (def.data !== undefined && out.data === undefined) out.data = fromStored(def.data);
  return out;
}

function updateCollection(rt: Rt, c: Collection, p: Obj, at: Span): void {
  demandSchema(rt, 'Collection', 'write', p);
  if (p.name !== undefined && p.name !== c.spec.name)
    throw invalidArgument('Renaming a collection is not supported by the local server.', at);
  const spec = c.spec as { historyDays: number | null; definition: StoredObj; ts: number };
  const before = { historyDays: spec.historyDays, definition: spec.definition, ts: spec.ts };
  const meta = collectionMeta(c);
  const extraBefore = meta.extra;
  if (p.history_days !== undefined) spec.historyDays = historyDays(p.history_days, at);
  spec.definition = { ...spec.definition, history_days: spec.historyDays };
  spec.ts = rt.txnTs;
  meta.extra = { ...meta.extra };
  for (const k of COLLECTION_EXTRA) if (p[k] !== undefined) meta.extra[k] = p[k]!;
  rt.undo.push(() => {
    Object.assign(spec, before);
    meta.extra = extraBefore;
  });
  if (p.indexes !== undefined) {
    // `update` merges: a named index is replaced or added, a null one removed, the others kept.
    if (p.indexes !== null && !isObj(p.indexes)) throw invalidArgument('`indexes` must be an object.', at);
    const given = p.indexes ?? {};
    const next = new Map([...meta.indexes].filter(([name]) => !(name in given)));
    const added = buildIndexes(
      c,
      Object.fromEntries(Object.entries(given).filter(([, d]) => d !== null)),
      rt.txnTs,
      at,
    );
    for (const [name, ix] of added) next.set(name, ix);
    installIndexes(rt, c, next);
  }
}

/** The declared field names and computed-field lambdas of a collection, in definition order. */
type Shape = { declared: string[]; computed: [string, Lambda][] };

export function collectionShape(rt: Rt, c: Collection): Shape {
  const meta = collectionMeta(c);
  if (meta.shape?.from !== meta.extra) {
    const declared = isObj(meta.extra.fields) ? Object.keys(meta.extra.fields) : [];
    const given = isObj(meta.extra.computed_fields) ? meta.extra.computed_fields : {};
    const computed = Object.keys(given).map((k): [string, Expr] => {
      const def = given[k];
      const body = isObj(def) ? def.body : undefined;
      if (typeof body !== 'string') throw invalidArgument(`Computed field \`${k}\` needs a \`body\`.`);
      return [k, parseQuery(body)];
    });
    meta.shape = {
      from: meta.extra,
      declared,
      computed,
      ...(computed.length === 0 && { plain: { declared, computed: [] } }),
    };
  }
  if (meta.shape.plain) return meta.shape.plain;
  const computed = meta.shape.computed.map(([k, e]): [string, Lambda] => {
    const fn = evaluate(rt, e, new Env());
    if (!(fn instanceof Lambda)) throw invalidArgument(`Computed field \`${k}\` must be a function.`);
    return [k, fn];
  });
  return { declared: meta.shape.declared, computed };
}

// ---- functions, roles, databases, keys ----

export function createFunction(rt: Rt, p: Obj): NamedDoc {
  const name = nameParam('Function', p);
  demandSchema(rt, 'Function', 'create', p);
  const fns = functionsOf(rt.db);
  if (fns.has(name)) throw taken('Function', name);
  if (typeof p.body !== 'string')
    throw constraintFailure('Failed to create Function.', [
      { message: 'A function needs a `body` string.', paths: [['body']] },
    ]);
  fns.set(name, { ts: rt.txnTs, fields: { body: p.body, ...pickData(p) } });
  rt.undo.push(() => fns.delete(name));
  return new NamedDoc('Function', name);
}

export function hasUserFunction(rt: Rt, name: string): boolean {
  return functionsOf(rt.db).has(name);
}

/** A user-defined function called by name: its body, a lambda, evaluated afresh. */
export function userFunction(rt: Rt, name: string): Lambda | undefined {
  const f = functionsOf(rt.db).get(name);
  if (!f) return undefined;
  const fn = evaluate(rt, parseQuery(f.fields.body as string), new Env());
  if (!(fn instanceof Lambda))
    throw new V10Error('invalid_function_invocation', `The body of function \`${name}\` is not a function.`);
  return fn;
}

export function createRole(rt: Rt, p: Obj): NamedDoc {
  const name = nameParam('Role', p);
  demandSchema(rt, 'Role', 'create', p);
  if (rt.db.roles.has(name)) throw taken('Role', name);
  const given = Array.isArray(p.privileges) ? p.privileges : [];
  const privileges = parsePrivileges(
    engineCtx(rt),
    given.map((pr) => {
      const o = isObj(pr) ? pr : {};
      const resource = typeof o.resource === 'string' ? o.resource : '';
      const ref = resource === 'Collection' ? NATIVE.collections : new Ref(resource, NATIVE.collections);
      return { resource: ref, actions: toStored(isObj(o.actions) ? o.actions : {}) };
    }),
    ['privileges'],
  );
  // Stored as v4 stores it (resources as refs), so v4's Get(Role(...)) reads the same role.
  const stored = privileges.map((pr) => ({ resource: pr.resource, actions: pr.actions as StoredObj }));
  const role: Role = {
    name,
    ref: new Ref(name, NATIVE.roles),
    ts: rt.txnTs,
    privileges,
    definition: { name, privileges: stored, ...(toStored(pickData(p)) as StoredObj) },
  };
  rt.db.roles.set(name, role);
  rt.undo.push(() => rt.db.roles.delete(name));
  return new NamedDoc('Role', name);
}

/**
 * Whether v10 queries in `db` are typechecked when the request does not say: the nearest
 * `typechecked` setting up the database tree, true when none is set, as the core's
 * `Database.isTypechecked` (`ext/model/src/main/scala/doc/Database.scala`).
 */
export function isTypechecked(db: Database): boolean {
  for (let d: Database | undefined = db; d; d = d.parent) {
    const setting = d.definition.typechecked;
    if (typeof setting === 'boolean') return setting;
  }
  return true;
}

export function createDatabase(rt: Rt, p: Obj): NamedDoc {
  const name = nameParam('Database', p);
  demandSchema(rt, 'Database', 'create', p);
  if (rt.db.databases.has(name)) throw taken('Database', name);
  const globalId = rt.state.ids.next(rt.txnTs);
  const child = new Database(name, rt.db, rt.txnTs, {
    name,
    global_id: globalId,
    ...(typeof p.typechecked === 'boolean' ? { typechecked: p.typechecked } : {}),
    ...(toStored(pickData(p)) as StoredObj),
  });
  rt.db.databases.set(name, child);
  rt.undo.push(() => rt.db.databases.delete(name));
  return new NamedDoc('Database', name);
}

const BUILTIN_ROLES = new Set(['admin', 'server', 'server-readonly', 'client']);

function newSecret(id: string): string {
  const bytes = Buffer.alloc(30);
  bytes.writeBigInt64BE(BigInt(id), 2);
  randomBytes(20).copy(bytes, 10);
  bytes[0] = 0x7e;
  bytes[1] = 0x71;
  return 'fn' + bytes.toString('base64url');
}

export function createKey(rt: Rt, p: Obj, at: Span): DocView {
  demandSchema(rt, 'Key', 'create', p);
  let target = rt.db;
  if (p.database !== undefined && p.database !== null) {
    if (typeof p.database !== 'string') throw invalidArgument('`database` must be a database name.', at);
    const child = rt.db.databases.get(p.database);
    if (!child) throw invalidArgument(`Database \`${p.database}\` not found.`, at);
    target = child;
  }
  const roleName = p.role;
  if (typeof roleName !== 'string') throw invalidArgument('`role` must be a role name.', at);
  let role: string | Ref[];
  if (BUILTIN_ROLES.has(roleName)) role = roleName;
  else if (target.roles.has(roleName)) role = [new Ref(roleName, NATIVE.roles)];
  else throw invalidArgument(`Role \`${roleName}\` not found.`, at);
  const id = rt.state.ids.next(rt.txnTs);
  const secret = newSecret(id);
  // Stored as v4 stores a key (`database` a ref, the secret's hash), so v4 reads it alike.
  const hashed = '$2a$05$' + createHash('sha512').update(secret).digest('base64').replace(/\+/g, '.').slice(0, 53);
  const definition: StoredObj = {
    ...(target !== rt.db ? { database: target.ref } : {}),
    role: roleName,
    ...(toStored(pickData(p)) as StoredObj),
    hashed_secret: hashed,
  };
  const key: Key = { id, ref: new Ref(id, NATIVE.keys), ts: rt.txnTs, secret, role, target, definition };
  rt.db.keys.set(id, key);
  rt.state.keysBySecret.set(secret, key);
  rt.undo.push(() => {
    rt.db.keys.delete(id);
    rt.state.keysBySecret.delete(secret);
  });
  return new DocView('Key', id, { ...keyFields(rt, id)!, secret });
}

export function keyFields(rt: Rt, id: string): Obj | undefined {
  const key = rt.db.keys.get(id);
  if (!key || !mayReadSchema(rt, 'Key')) return undefined;
  const { database, hashed_secret: _, ...rest } = key.definition;
  const out: Obj = { id, coll: new Module('Key'), ts: new Time(key.ts), ...(fromStored(rest) as Obj) };
  // v10 names a key's database by its name.
  if (database instanceof Ref) out.database = database.id;
  return out;
}

/** A role privilege as v10 shows it: the resource by name (`Collection` for the collections' schema). */
function privilegeFields(p: Role['privileges'][number]): Obj {
  const r = p.resource;
  const resource = r.collection
    ? r.id
    : ((
        {
          collections: 'Collection',
          functions: 'Function',
          roles: 'Role',
          databases: 'Database',
          keys: 'Key',
        } as Record<string, string>
      )[r.id] ?? r.id);
  const actions: Obj = {};
  for (const k of Object.keys(p.actions))
    actions[k] = typeof p.actions[k] === 'boolean' ? (p.actions[k] as boolean) : '[function <lambda>]';
  return { resource, actions };
}

/** The fields of a named document, or undefined when it does not exist (or may not be read). */
export function namedFields(rt: Rt, d: NamedDoc): Obj | undefined {
  if (!mayReadSchema(rt, d.coll)) return undefined;
  const head = (ts: number): Obj => ({ name: d.name, coll: new Module(d.coll), ts: new Time(ts) });
  switch (d.coll) {
    case 'Collection': {
      const c = rt.db.collections.get(d.name);
      return c && collectionFields(c);
    }
    case 'Function': {
      const f = functionsOf(rt.db).get(d.name);
      return f && { ...head(f.ts), ...f.fields };
    }
    case 'Role': {
      const r = rt.db.roles.get(d.name);
      return (
        r && {
          ...head(r.ts),
          ...(fromStored(r.definition) as Obj),
          name: d.name,
          coll: new Module('Role'),
          privileges: r.privileges.map(privilegeFields),
        }
      );
    }
    case 'Database': {
      const db = rt.db.databases.get(d.name);
      return (
        db && { ...head(db.ts), ...(fromStored(db.definition) as Obj), name: d.name, coll: new Module('Database') }
      );
    }
  }
  return undefined;
}

export function updateNamed(rt: Rt, d: NamedDoc, p: Obj, at: Span): NamedDoc {
  if (d.coll !== 'Collection') throw invalidArgument(`Updating a ${d.coll} is not supported by the local server.`, at);
  updateCollection(rt, rt.db.collections.get(d.name)!, p, at);
  return d;
}

/** Deletes a named document or a key; answers the null document it leaves. */
export function deleteNamed(rt: Rt, d: NamedDoc | Doc, at: Span): NullDoc {
  const coll = d.coll as NamedColl | 'Key';
  demandSchema(rt, coll, 'delete', d);
  const name = d instanceof Doc ? d.id : d.name;
  if (coll === 'Function') {
    const fns = functionsOf(rt.db);
    const f = fns.get(name);
    if (f) {
      fns.delete(name);
      rt.undo.push(() => fns.set(name, f));
    }
  } else if (coll in NATIVE_OF) {
    // Collection indexes go first: v4's drop would look their names up among v4's indexes.
    const c = coll === 'Collection' ? rt.db.collections.get(name) : undefined;
    if (c) installIndexes(rt, c, new Map());
    dropSchema(engineCtx(rt), rt.db, NATIVE_OF[coll], name);
  } else {
    throw invalidArgument(`Cannot delete a ${coll}.`, at);
  }
  return new NullDoc(d, 'deleted');
}

/** The names of one schema collection's documents, in creation order. */
export function schemaMembers(rt: Rt, coll: NamedColl | 'Key'): Value[] {
  if (!mayReadSchema(rt, coll)) return [];
  switch (coll) {
    case 'Collection':
      return [...rt.db.collections.keys()].map((n) => new NamedDoc('Collection', n));
    case 'Database':
      return [...rt.db.databases.keys()].map((n) => new NamedDoc('Database', n));
    case 'Role':
      return [...rt.db.roles.keys()].map((n) => new NamedDoc('Role', n));
    case 'Function':
      return [...functionsOf(rt.db).keys()].map((n) => new NamedDoc('Function', n));
    case 'Key':
      return [...rt.db.keys.keys()].map((id) => new Doc('Key', id));
  }
  return [];
}

export function lookupNamed(rt: Rt, coll: NamedColl, name: Value, at: Span): NamedDoc | NullDoc {
  if (typeof name !== 'string') throw invalidArgument('expected a name (String).', at);
  const d = new NamedDoc(coll, name);
  return namedFields(rt, d) ? d : new NullDoc(d, 'not found');
}
