// Create, Update, Replace, Delete of documents, and Delete of schema documents.
import type { Action, Collection, Version } from '../../store/collection.js';
import { UniqueViolation } from '../../store/sorted-index.js';
import type { Database } from '../../store/database.js';
import { Ref, Time, isLong, isObj, type Obj, type Value } from '../../core/values.js';
import { asObject, asRef } from './cast.js';
import type { Form } from './compile.js';
import type { Ctx } from '../../core/context.js';
import {
  QueryError,
  expected,
  instanceExists,
  instanceNotFound,
  invalidArgument,
  invalidRef,
  type Path,
} from './errors.js';
import { documentValue, schemaValue } from './read.js';
import { demand, demandSome } from './access.js';
import { databaseOf, resolve, seenFrom } from './scope.js';
import { dropSchema } from '../../core/drop-schema.js';
import { storedValue } from '../../core/stored.js';
import { setCredentials } from './identity.js';
import { checkRefs } from './ref-validation.js';

export function checkWriteTime(ctx: Ctx, pos: Path): void {
  if (ctx.atOverride) throw new QueryError('invalid write time', 'Cannot write outside of snapshot time.', pos);
}

function dataOf(params: Obj | undefined, pos: Path): Obj {
  const d = params?.data;
  if (d === undefined || d === null) return {};
  if (!isObj(d)) throw invalidArgument('Object expected for data.', [...pos, 'data']);
  return d;
}

/** The ttl a write leaves on the document: the `ttl` param when given (null removes it), else the current one. */
function ttlOf(params: Obj | undefined, current: Time | undefined, pos: Path): Time | undefined {
  if (params === undefined || !('ttl' in params)) return current;
  const ttl = params.ttl;
  if (ttl === null) return undefined;
  if (!(ttl instanceof Time)) throw expected('Time', ttl!, [...pos, 'ttl']);
  return ttl;
}

/** Deep merge of `patch` into `base`; a null removes the field, and no null is stored, as on the core. */
function merge(base: Obj, patch: Obj): Obj {
  const out: Obj = { ...base };
  for (const k of Object.keys(patch)) {
    const v = patch[k]!;
    if (v === null) delete out[k];
    else if (isObj(v) && isObj(out[k])) out[k] = merge(out[k] as Obj, v);
    else out[k] = storedValue(v, false);
  }
  return out;
}

/** Records a version; a unique index refusing it fails the transaction as on Fauna. */
function write(
  ctx: Ctx,
  coll: Collection,
  ref: Ref,
  action: Action,
  data: Obj | null,
  ttl: Time | undefined,
  pos: Path,
): Version {
  try {
    return coll.write(ref, ctx.txnTs, action, data, ctx.undo, ttl);
  } catch (err) {
    if (err instanceof UniqueViolation) throw new QueryError('instance not unique', 'document is not unique.', pos);
    throw err;
  }
}

function params(v: Value | undefined, pos: Path): Obj | undefined {
  return v === undefined || v === null ? undefined : asObject(v, pos);
}

function create(ctx: Ctx, target: Ref, p: Obj | undefined, pos: Path): Value {
  checkRefs(ctx, p, pos);
  checkWriteTime(ctx, pos);
  let coll: Collection, id: string;
  const r = resolve(ctx, target, [...pos, 'create']);
  const db = r.db;
  if (r.kind === 'schema' && r.native === 'collections') {
    const c = r.db.collections.get(r.name);
    if (!c) throw invalidRef('collection', r.name, [...pos, 'create']);
    coll = c;
    id = ctx.state.ids.next(ctx.txnTs);
    demand(ctx, r.db, { kind: 'documents', collection: c.spec.name }, 'create', p ?? {}, pos);
  } else if (r.kind === 'document') {
    coll = r.collection;
    id = r.id;
    demand(ctx, r.db, { kind: 'documents', collection: coll.spec.name }, 'create', p ?? {}, pos);
    if (coll.dataAt(id, ctx.txnTs)) throw instanceExists('Document already exists.', pos);
  } else {
    throw invalidArgument('Collection or Document Ref expected.', [...pos, 'create']);
  }
  const data = stripNulls(dataOf(p, [...pos, 'params']));
  const ref = new Ref(id, coll.spec.ref);
  const ttl = ttlOf(p, undefined, [...pos, 'params']);
  const v = write(ctx, coll, ref, 'create', data, ttl, pos);
  if (p?.credentials !== undefined) setCredentials(ctx, db, ref, p.credentials, [...pos, 'params', 'credentials']);
  const doc = documentValue(seenFrom(ctx, db, coll.docs.get(id)!.ref), v.ts, data, ttl);
  ctx.created.add(doc);
  return doc;
}

function change(ctx: Ctx, target: Ref, p: Obj | undefined, replace: boolean, pos: Path): Value {
  checkRefs(ctx, p, pos);
  checkWriteTime(ctx, pos);
  const key = replace ? 'replace' : 'update';
  const r = resolve(ctx, target, [...pos, key]);
  if (r.kind === 'schema' && r.native === 'collections') return updateCollection(ctx, r.db, r.name, p ?? {}, pos);
  if (r.kind !== 'document') throw invalidArgument('Document Ref expected.', [...pos, key]);
  const docs = { kind: 'documents', collection: r.collection.spec.name } as const;
  demandSome(ctx, r.db, docs, 'write', pos);
  const current = r.collection.dataAt(r.id, ctx.txnTs);
  if (!current) throw instanceNotFound('Document not found.', pos);
  const patch = dataOf(p, [...pos, 'params']);
  const data = replace ? stripNulls(patch) : merge(current.version.data!, patch);
  const ttl = ttlOf(p, current.version.ttl, [...pos, 'params']);
  const ref = current.rec.ref,
    old = current.version;
  const before = documentValue(ref, old.ts, old.data!, old.ttl),
    after = documentValue(ref, ctx.txnTs, data, ttl);
  demand(ctx, r.db, docs, 'write', [before, after, ref], pos);
  const v = write(ctx, r.collection, current.rec.ref, 'update', data, ttl, pos);
  if (p?.credentials !== undefined) setCredentials(ctx, r.db, ref, p.credentials, [...pos, 'params', 'credentials']);
  return documentValue(seenFrom(ctx, r.db, current.rec.ref), v.ts, data, ttl);
}

/** Update(Collection(c), {history_days, data}): the settings a collection may change. */
function updateCollection(ctx: Ctx, db: Database, name: string, p: Obj, pos: Path): Value {
  demandSome(ctx, db, { kind: 'schema', native: 'collections' }, 'write', pos);
  const c = db.collections.get(name);
  if (!c) throw invalidRef('collection', name, pos);
  const spec = c.spec,
    before = { ...spec };
  const old = schemaValue(spec);
  demand(ctx, db, { kind: 'schema', native: 'collections' }, 'write', [old, merge(old, p), spec.ref], pos);
  const hd = p.history_days;
  if (hd !== undefined && hd !== null && !isLong(hd))
    throw invalidArgument('Integer expected for history_days.', [...pos, 'params']);
  if (hd !== undefined) spec.historyDays = hd === null ? null : Number(hd);
  const { history_days: _, ...rest } = p;
  spec.definition = { ...merge(spec.definition, { ...rest, name }), history_days: spec.historyDays };
  spec.ts = ctx.txnTs;
  ctx.undo.push(() => Object.assign(spec, before));
  return schemaValue(spec);
}

function stripNulls(o: Obj): Obj {
  return storedValue(o, false) as Obj;
}

function remove(ctx: Ctx, target: Ref, pos: Path): Value {
  checkWriteTime(ctx, pos);
  const r = resolve(ctx, target, [...pos, 'delete']);
  if (r.kind === 'schema') {
    demandSome(ctx, r.db, { kind: 'schema', native: r.native }, 'delete', pos);
    const doc = r.db.schemaDoc(r.native, r.name);
    if (!doc) throw invalidRef(r.native.replace(/e?s$/, ''), r.name, [...pos, 'delete']);
    demand(ctx, r.db, { kind: 'schema', native: r.native }, 'delete', doc.ref, pos);
    dropSchema(ctx, databaseOf(ctx, target.database, pos), r.native, r.name);
    return schemaValue(doc);
  }
  if (r.kind !== 'document') throw invalidArgument('Document Ref expected.', [...pos, 'delete']);
  demand(
    ctx,
    r.db,
    { kind: 'documents', collection: r.collection.spec.name },
    'delete',
    new Ref(r.id, r.collection.spec.ref),
    pos,
  );
  const current = r.collection.dataAt(r.id, ctx.txnTs);
  if (!current) throw instanceNotFound('Document not found.', pos);
  write(ctx, r.collection, current.rec.ref, 'delete', null, undefined, pos);
  return documentValue(
    seenFrom(ctx, r.db, current.rec.ref),
    current.version.ts,
    current.version.data!,
    current.version.ttl,
  );
}

export const writeForms: Form[] = [
  {
    key: 'create',
    optional: ['params'],
    compile(c, o, pos) {
      const t = c.arg(o, 'create', pos),
        p = c.optionalArg(o, 'params', pos);
      return (ctx) => create(ctx, asRef(t(ctx), [...pos, 'create']), params(p?.(ctx), [...pos, 'params']), pos);
    },
  },
  ...(['update', 'replace'] as const).map((key): Form => ({
    key,
    optional: ['params'],
    compile(c, o, pos) {
      const t = c.arg(o, key, pos),
        p = c.optionalArg(o, 'params', pos);
      return (ctx) =>
        change(ctx, asRef(t(ctx), [...pos, key]), params(p?.(ctx), [...pos, 'params']), key === 'replace', pos);
    },
  })),
  {
    key: 'delete',
    compile(c, o, pos) {
      const t = c.arg(o, 'delete', pos);
      return (ctx) => remove(ctx, asRef(t(ctx), [...pos, 'delete']), pos);
    },
  },
];
