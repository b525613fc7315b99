// Create, Update, Replace, Delete of documents, and Delete of schema documents.
import type { Collection } from '../store/collection.js';
import { Ref, Time, isObj, type Obj, type Value } from '../wire/values.js';
import { asObject, asRef } from './cast.js';
import type { Form } from './compile.js';
import type { Ctx } from './context.js';
import { QueryError, expected, instanceExists, instanceNotFound, invalidArgument, invalidRef, type Path } from './errors.js';
import { documentValue, schemaValue } from './read.js';
import { databaseOf, demand, resolve } from './scope.js';
import { dropSchema } from './schema.js';

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

/** Deep merge of `patch` into `base`; a null removes the field. */
function merge(base: Obj, patch: Obj): Obj {
  const out: Obj = { ...base };
  for (const k of Object.keys(patch)) {
    const v = patch[k]!;
    if (v === null) delete out[k];
    else if (isObj(v) && isObj(out[k])) out[k] = merge(out[k] as Obj, v);
    else out[k] = v;
  }
  return out;
}

function params(v: Value | undefined, pos: Path): Obj | undefined {
  return v === undefined || v === null ? undefined : asObject(v, pos);
}

function create(ctx: Ctx, target: Ref, p: Obj | undefined, pos: Path): Value {
  checkWriteTime(ctx, pos);
  let coll: Collection, id: string;
  const r = resolve(ctx, target, [...pos, 'create']);
  if (r.kind === 'schema' && r.native === 'collections') {
    const c = r.db.collections.get(r.name);
    if (!c) throw invalidRef('collection', r.name, [...pos, 'create']);
    coll = c;
    id = ctx.state.ids.next(ctx.txnTs);
    demand(ctx, r.db, { kind: 'documents', collection: c.spec.name }, 'create', pos);
  } else if (r.kind === 'document') {
    coll = r.collection;
    id = r.id;
    demand(ctx, r.db, { kind: 'documents', collection: coll.spec.name }, 'create', pos);
    if (coll.dataAt(id, ctx.txnTs)) throw instanceExists('Document already exists.', pos);
  } else {
    throw invalidArgument('Collection or Document Ref expected.', [...pos, 'create']);
  }
  const data = dataOf(p, [...pos, 'params']);
  const ref = new Ref(id, coll.spec.ref);
  const ttl = ttlOf(p, undefined, [...pos, 'params']);
  const v = coll.write(ref, ctx.txnTs, 'create', data, ctx.undo, ttl);
  const doc = documentValue(coll.docs.get(id)!.ref, v.ts, data, ttl);
  ctx.created.add(doc);
  return doc;
}

function change(ctx: Ctx, target: Ref, p: Obj | undefined, replace: boolean, pos: Path): Value {
  checkWriteTime(ctx, pos);
  const key = replace ? 'replace' : 'update';
  const r = resolve(ctx, target, [...pos, key]);
  if (r.kind !== 'document') throw invalidArgument('Document Ref expected.', [...pos, key]);
  demand(ctx, r.db, { kind: 'documents', collection: r.collection.spec.name }, 'write', pos);
  const current = r.collection.dataAt(r.id, ctx.txnTs);
  if (!current) throw instanceNotFound('Document not found.', pos);
  const patch = dataOf(p, [...pos, 'params']);
  const data = replace ? stripNulls(patch) : merge(current.version.data!, patch);
  const ttl = ttlOf(p, current.version.ttl, [...pos, 'params']);
  const v = r.collection.write(current.rec.ref, ctx.txnTs, 'update', data, ctx.undo, ttl);
  return documentValue(current.rec.ref, v.ts, data, ttl);
}

function stripNulls(o: Obj): Obj {
  return merge({}, o);
}

function remove(ctx: Ctx, target: Ref, pos: Path): Value {
  checkWriteTime(ctx, pos);
  const r = resolve(ctx, target, [...pos, 'delete']);
  if (r.kind === 'schema') {
    demand(ctx, r.db, { kind: 'schema', native: r.native }, 'delete', pos);
    const doc = r.db.schemaDoc(r.native, r.name);
    if (!doc) throw invalidRef(r.native.replace(/e?s$/, ''), r.name, [...pos, 'delete']);
    dropSchema(ctx, databaseOf(ctx, target.database, pos), r.native, r.name);
    return schemaValue(doc);
  }
  if (r.kind !== 'document') throw invalidArgument('Document Ref expected.', [...pos, 'delete']);
  demand(ctx, r.db, { kind: 'documents', collection: r.collection.spec.name }, 'delete', pos);
  const current = r.collection.dataAt(r.id, ctx.txnTs);
  if (!current) throw instanceNotFound('Document not found.', pos);
  r.collection.write(current.rec.ref, ctx.txnTs, 'delete', null, ctx.undo);
  return documentValue(current.rec.ref, current.version.ts, current.version.data!, current.version.ttl);
}

export const writeForms: Form[] = [
  {
    key: 'create', optional: ['params'],
    compile(c, o, pos) {
      const t = c.arg(o, 'create', pos), p = c.optionalArg(o, 'params', pos);
      return (ctx) => create(ctx, asRef(t(ctx), [...pos, 'create']), params(p?.(ctx), [...pos, 'params']), pos);
    },
  },
  ...(['update', 'replace'] as const).map((key): Form => ({
    key, optional: ['params'],
    compile(c, o, pos) {
      const t = c.arg(o, key, pos), p = c.optionalArg(o, 'params', pos);
      return (ctx) => change(ctx, asRef(t(ctx), [...pos, key]), params(p?.(ctx), [...pos, 'params']), key === 'replace', pos);
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
