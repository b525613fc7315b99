// Get and Exists of documents and schema documents, and KeyFromSecret.
import type { Collection } from '../../store/collection.js';
import type { Database, SchemaDoc } from '../../store/database.js';
import { Ref, SetVal, type Obj, type Time, type Value } from '../../core/values.js';
import { asString, asTimestamp } from './cast.js';
import type { Form } from './compile.js';
import type { Ctx } from '../../core/context.js';
import { expected, instanceNotFound, invalidRef, permissionDenied, QueryError, type Path } from './errors.js';
import { can } from '../../core/access.js';
import { checkRetention, resolve, seenFrom, type Resolved } from './scope.js';
import { ownedByIdentity, schemaDocOf } from './identity.js';
import { firstElement } from './sets.js';

export function documentValue(ref: Ref, ts: number, data: Obj, ttl?: Time): Obj {
  return ttl ? { ref, ts, data, ttl } : { ref, ts, data };
}

export function schemaValue(doc: SchemaDoc, ref = doc.ref): Obj {
  return { ref, ts: doc.ts, ...doc.definition };
}

const KIND_NAMES: Record<string, string> = {
  collections: 'collection',
  indexes: 'index',
  databases: 'database',
  roles: 'role',
  keys: 'key',
  functions: 'function',
  access_providers: 'access_provider',
};
const NOT_FOUND: Record<string, string> = {
  collections: 'Collection not found.',
  indexes: 'Index not found.',
  databases: 'Database not found.',
  roles: 'Role not found.',
  keys: 'Key not found.',
  functions: 'Function not found.',
};

/** The live version of a document at ts, undefined when absent. */
export function readDocument(ctx: Ctx, db: Database, c: Collection, id: string, ts: number): Obj | undefined {
  checkRetention(ctx, c, ts);
  const found = c.dataAt(id, ts);
  return (
    found && documentValue(seenFrom(ctx, db, found.rec.ref), found.version.ts, found.version.data!, found.version.ttl)
  );
}

/** A read predicate receives the document's ref as its own database names it. */
function canReadDocument(ctx: Ctx, r: Resolved & { kind: 'document' }): boolean {
  const target = { kind: 'documents', collection: r.collection.spec.name } as const;
  return can(ctx, r.db, target, 'read', new Ref(r.id, r.collection.spec.ref));
}

function get(ctx: Ctx, r: Resolved, ts: number, pos: Path): Value {
  switch (r.kind) {
    case 'document': {
      if (!canReadDocument(ctx, r)) throw permissionDenied(pos);
      const doc = readDocument(ctx, r.db, r.collection, r.id, ts);
      if (!doc) throw instanceNotFound('Document not found.', pos);
      return doc;
    }
    case 'schema': {
      const doc = schemaDocOf(ctx, r.db, r.native, r.name);
      if (!doc || doc.ts > ts) {
        if (r.native === 'keys') throw instanceNotFound(NOT_FOUND.keys!, pos);
        throw invalidRef(KIND_NAMES[r.native] ?? r.native, r.name, pos);
      }
      if (!ownedByIdentity(ctx, doc) && !can(ctx, r.db, { kind: 'schema', native: r.native }, 'read', doc.ref))
        throw permissionDenied(pos);
      return schemaValue(doc, seenFrom(ctx, r.db, doc.ref));
    }
    case 'native':
      throw instanceNotFound(NOT_FOUND[r.native] ?? 'Instance not found.', pos);
  }
}

function exists(ctx: Ctx, r: Resolved, ts: number): boolean {
  switch (r.kind) {
    case 'document':
      return canReadDocument(ctx, r) && readDocument(ctx, r.db, r.collection, r.id, ts) !== undefined;
    case 'schema': {
      const doc = schemaDocOf(ctx, r.db, r.native, r.name);
      return (
        !!doc &&
        doc.ts <= ts &&
        (ownedByIdentity(ctx, doc) || can(ctx, r.db, { kind: 'schema', native: r.native }, 'read', doc.ref))
      );
    }
    case 'native':
      return false;
  }
}

/** A ref, or the first element of a set (Get(Match(...))). */
function target(ctx: Ctx, v: Value, pos: Path): Ref | undefined {
  if (v instanceof Ref) return v;
  if (v instanceof SetVal) {
    return firstElement(ctx, v, pos);
  }
  throw expected('Ref or Set', v, pos);
}

/** Get and Exists: a ref or set, read at the optional `ts` (else the snapshot). */
function readForm(key: string, read: (ctx: Ctx, v: Value, at: number, p: Path) => Value): Form {
  return {
    key,
    optional: ['ts'],
    compile(c, o, pos) {
      const e = c.arg(o, key, pos),
        ts = c.optionalArg(o, 'ts', pos);
      const p = [...pos, key];
      return (ctx) => {
        const at = ts ? asTimestamp(ts(ctx), [...pos, 'ts']) : ctx.readTs;
        return read(ts ? { ...ctx, readTs: at, atOverride: true } : ctx, e(ctx), at, p);
      };
    },
  };
}

export const readForms: Form[] = [
  readForm('get', (ctx, v, at, p) => {
    const ref = target(ctx, v, p);
    if (!ref) throw instanceNotFound('Set not found.', p.slice(0, -1));
    return get(ctx, resolve(ctx, ref, p), at, p.slice(0, -1));
  }),
  readForm('exists', (ctx, v, at, p) => {
    if (v instanceof SetVal) return target(ctx, v, p) !== undefined;
    if (!(v instanceof Ref)) throw expected('Ref or Set', v, p);
    try {
      return exists(ctx, resolve(ctx, v, p), at);
    } catch (err) {
      if (err instanceof QueryError && err.code === 'invalid ref') return false;
      throw err;
    }
  }),
  {
    key: 'key_from_secret',
    compile(c, o, pos) {
      const e = c.arg(o, 'key_from_secret', pos);
      return (ctx) => {
        const secret = asString(e(ctx), [...pos, 'key_from_secret']);
        const key = ctx.state.keysBySecret.get(secret.split(':')[0]!);
        if (!key) throw new QueryError('instance not found', 'Key not found.', pos);
        return schemaValue(key);
      };
    },
  },
];
