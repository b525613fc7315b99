// Documents: the mapping (docs/local-server-v10.md, "v4 and v10 share everything") between the
// shared v4 storage layout (user fields under `data`) and v10 documents (user fields at the top
// level, special names kept under `data`), reads with permission and retention checks, and the
// document methods (update, replace, delete, exists).
import { CREDENTIAL, credentialDocMethod, credentialFields, credentialRef } from './credentials.js';
import { storedValue } from '../../core/stored.js';
import type { Collection, Version } from '../../store/collection.js';
import { UniqueViolation } from '../../store/sorted-index.js';
import {
  LambdaVal,
  NATIVE,
  Page as StoredPage,
  QueryVal,
  Ref,
  SetVal,
  type Obj as StoredObj,
  type Value as StoredValue,
} from '../../core/values.js';
import { can, gate } from '../../core/access.js';
import type { Ctx } from '../../core/context.js';
import { timeToIso } from '../../core/time-text.js';
import type { Span } from './ast.js';
import { V10Error, belowRetention, constraintFailure, invalidArgument, permissionDenied } from './errors.js';
import type { Rt } from './eval.js';
import { collectionShape, deleteNamed, keyFields, namedFields, updateNamed } from './schema.js';
import { applyLambda } from './eval.js';
import { isGlobalModule } from './modules.js';
import {
  Doc,
  DocView,
  EventSource,
  Lambda,
  Module,
  NamedDoc,
  NamedDocView,
  NullDoc,
  Page,
  SetValue,
  Time,
  isObj,
  putField,
  typeName,
  type NamedColl,
  type Obj,
  type Value,
} from './values.js';

/** User fields that stay under `data` in v10 (`Tokens.ReservedFieldNames` + `ttl`). */
export const SPECIAL_FIELDS = new Set([
  'id',
  'coll',
  'ts',
  'data',
  'ttl',
  'update',
  'delete',
  'replace',
  'updateData',
  'replaceData',
  'exists',
]);

/** Top-level fields a write may not set (the core's reserved fields); `id` only on create. */
const READ_ONLY = new Set(['ts', 'coll', 'update', 'delete', 'replace', 'updateData', 'replaceData', 'exists']);

const NAMED_NATIVE: Record<string, NamedColl> = {
  collections: 'Collection',
  functions: 'Function',
  roles: 'Role',
  databases: 'Database',
  access_providers: 'AccessProvider',
};

/** A stored (v4) value as v10 sees it: refs become documents, v4-only values their v10 rendering. */
export function fromStored(v: StoredValue): Value {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(fromStored);
  if (v instanceof Ref) return refFromStored(v);
  if (v instanceof LambdaVal || v instanceof QueryVal) return '[function <lambda>]';
  if (v instanceof SetVal || v instanceof StoredPage) return null;
  if (Object.getPrototypeOf(v) === Object.prototype) {
    const o: Obj = {};
    for (const k of Object.keys(v)) putField(o, k, fromStored((v as StoredObj)[k]!));
    return o;
  }
  return v as Value;
}

function refFromStored(r: Ref): Value {
  const parent = r.collection;
  if (!parent) return new Module(r.id);
  if (!parent.collection) {
    if (parent.id === 'keys') return new Doc('Key', r.id);
    if (parent.id === 'credentials') return new Doc(CREDENTIAL, r.id);
    if (parent.id === 'indexes') return `[legacy index ${r.id}]`;
    const named = NAMED_NATIVE[parent.id];
    return named ? new NamedDoc(named, r.id, false) : `[${parent.id} ${r.id}]`;
  }
  return new Doc(parent.id, r.id);
}

/**
 * A v10 value to store: documents become v4 refs; what has no stored form is refused as the core
 * refuses it (`Value.toIR` in `ext/repo/.../values/IRValueConversion.scala` and `structToIR` in
 * `ext/model/.../fql2/WriteBroker.scala` of `fauna/faunadb`), naming the path of the value.
 */
export function toStored(v: Value, at?: Span, path = ''): StoredValue {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x, i) => toStored(x, at, `${path}[${i}]`));
  if (isObj(v)) {
    const o: StoredObj = {};
    for (const k of Object.keys(v)) o[k] = toStored(v[k]!, at, path === '' ? k : `${path}.${k}`);
    return o;
  }
  if (v instanceof Doc || v instanceof DocView) return docRef(v.coll, v.id);
  if (v instanceof NamedDoc || v instanceof NamedDocView) return namedRef(v.coll, v.name);
  if (v instanceof NullDoc) return toStored(v.ref, at, path);
  if (v instanceof Lambda) {
    throw new V10Error('invalid_type', 'Anonymous functions cannot be stored. Use a string of FQL instead.', at);
  }
  if (v instanceof SetValue || v instanceof EventSource || v instanceof Module || v instanceof Page) {
    throw new V10Error(
      'invalid_type',
      `Value at \`${path}\` has type ${unstorableType(v)}, which cannot be persisted.`,
      at,
    );
  }
  return v;
}

/** The core's display of the dynamic type of a value that has no stored form (`ValueType.scala`). */
function unstorableType(v: SetValue | EventSource | Module | Page): string {
  if (v instanceof SetValue) return 'Set<Any>';
  if (v instanceof EventSource) return 'EventSource<Any>';
  // A user collection's module is its `…Collection` singleton, a global one its own name.
  if (v instanceof Module && !isGlobalModule(v.name)) return `${v.name}Collection`;
  return typeName(v);
}

export function docRef(coll: string, id: string): Ref {
  if (coll === 'Key') return new Ref(id, NATIVE.keys);
  if (coll === CREDENTIAL) return credentialRef(id);
  return new Ref(id, new Ref(coll, NATIVE.collections));
}

function namedRef(coll: NamedColl, name: string): Ref {
  const native = Object.keys(NAMED_NATIVE).find((k) => NAMED_NATIVE[k] === coll)!;
  return new Ref(name, NATIVE[native as 'collections']);
}

/** The engine context this transaction is to the shared checks (access, schema drops, role predicates). */
export function engineCtx(rt: Rt): Ctx {
  return {
    state: rt.state,
    db: rt.db,
    auth: rt.auth,
    txnTs: rt.txnTs,
    readTs: rt.readTs,
    atOverride: rt.readTs !== rt.txnTs,
    vars: [],
    undo: rt.undo,
    created: new Set(),
  };
}

/** Whether the identity may read a document of `coll`; the verdict is kept per transaction view. */
export function mayRead(rt: Rt, coll: string, id: string): boolean {
  const action = rt.temporal ? 'history_read' : 'read';
  // Role predicates read at the snapshot: a verdict holds for one snapshot only. A page asks once
  // per document: the keys are the collection (by action) and the snapshot, no text is built.
  let bySnapshot = (rt.temporal ? rt.historyGates : rt.readGates).get(coll);
  if (bySnapshot === undefined) {
    bySnapshot = new Map();
    (rt.temporal ? rt.historyGates : rt.readGates).set(coll, bySnapshot);
  }
  let g = bySnapshot.get(rt.readTs);
  if (g === undefined) {
    g = gate(engineCtx(rt), rt.db, { kind: 'documents', collection: coll }, action);
    bySnapshot.set(rt.readTs, g);
  }
  return typeof g === 'boolean' ? g : g(docRef(coll, id));
}

/** Reads older than the transaction must be within the collection's history (`at`, cursors). */
export function checkRetention(rt: Rt, c: Collection): void {
  if (rt.readTs === rt.txnTs || rt.readTs >= (rt.retainedFrom.get(c) ?? Infinity)) return;
  const min = c.minValidTs(rt.state.clock.wall(), rt.state.clock.historyGrace);
  if (rt.readTs < min) {
    throw belowRetention(timeToIso(new Time(rt.readTs)), timeToIso(new Time(Math.ceil(min))));
  }
  rt.retainedFrom.set(c, rt.readTs);
}

export function collectionOf(rt: Rt, name: string): Collection | undefined {
  return rt.db.collections.get(name);
}

/** The live version of a user document at the read snapshot, or why there is none. */
export function readVersion(rt: Rt, d: Doc): { c: Collection; v: Version } | NullDoc {
  const c = collectionOf(rt, d.coll);
  if (!c) return new NullDoc(d, 'collection deleted');
  checkRetention(rt, c);
  const rec = c.docs.get(d.id);
  const v = c.liveVersionAt(rec, rt.readTs);
  // A deleted or expired document reads as one never written: the core's cause `deleted` is only what
  // `.delete()` itself returns (`ReadBroker.scala`, `MaterializedValue.nullCauseStr`).
  if (!v) return new NullDoc(d, 'not found');
  if (!mayRead(rt, d.coll, d.id)) return new NullDoc(d, 'permission denied');
  return { c, v };
}

/** The document itself when it can be read, else the null document saying why. */
export function resolveDoc(rt: Rt, d: Doc | NamedDoc): Doc | NamedDoc | NullDoc {
  if (d instanceof NamedDoc) return namedFields(rt, d) ? d : new NullDoc(d, 'not found');
  if (d.coll === 'Key') return keyFields(rt, d.id) ? d : new NullDoc(d, 'not found');
  if (d.coll === CREDENTIAL) return credentialFields(rt, d.id) ? d : new NullDoc(d, 'not found');
  const r = readVersion(rt, d);
  return r instanceof NullDoc ? r : d;
}

// Documents written together share their ts: consecutive reads of them share one Time, whose text
// is then made once (time-text.ts keeps it on the Time).
let lastTs = new Time(NaN);
const timeAt = (micros: number): Time => (lastTs.micros === micros ? lastTs : (lastTs = new Time(micros)));

/**
 * A stored version in the v10 layout (the core's `runtime/fql2/ReadBroker.scala`): id, coll, ts,
 * ttl, the fields the collection declares, its computed fields (evaluated now, v10 only), the other
 * user fields, `data` for special names.
 */
function versionFields(rt: Rt, c: Collection, id: string, v: Version, only?: string): Obj {
  const coll = c.spec.name;
  const out: Obj = { id, coll: new Module(coll), ts: timeAt(v.ts) };
  if (v.ttl) out.ttl = v.ttl;
  let nested: Obj | undefined;
  const data = v.data ?? {};
  const shape = collectionShape(rt, c);
  for (const k of shape.declared) if (data[k] !== undefined) out[k] = fromStored(data[k]!);
  if (shape.computed.length) {
    const doc = new Doc(coll, id);
    for (const [k, fn] of shape.computed) if (only === undefined || only === k) out[k] = applyLambda(fn, [doc]);
  }
  // Without declared or computed fields, no user field can already be in `out`.
  const placed = shape.declared.length > 0 || shape.computed.length > 0;
  for (const k in data) {
    if (SPECIAL_FIELDS.has(k)) (nested ??= {})[k] = fromStored(data[k]!);
    else if (!placed || !(k in out)) out[k] = fromStored(data[k]!);
  }
  if (nested) out.data = nested;
  return out;
}

/** All fields of a readable document, or its null document. */
/** `only` names the one field a read needs: other computed fields are not evaluated (they may read this document). */
export function docFields(rt: Rt, d: Doc | NamedDoc, only?: string): Obj | NullDoc {
  if (d instanceof NamedDoc) return namedFields(rt, d) ?? new NullDoc(d, 'not found');
  if (d.coll === 'Key') return keyFields(rt, d.id) ?? new NullDoc(d, 'not found');
  if (d.coll === CREDENTIAL) return credentialFields(rt, d.id) ?? new NullDoc(d, 'not found');
  const r = readVersion(rt, d);
  return r instanceof NullDoc ? r : versionFields(rt, r.c, d.id, r.v, only);
}

/**
 * What materialize makes of a user document that readVersion just gave (`read`), without reading it
 * again: a feed renders every version it replays. Undefined for the documents docFields renders
 * its own way (keys, credentials).
 */
export function viewOfRead(rt: Rt, d: Doc, read: { c: Collection; v: Version }): DocView | undefined {
  if (d.coll === 'Key' || d.coll === CREDENTIAL || d.at !== undefined) return undefined;
  return new DocView(d.coll, d.id, versionFields(rt, read.c, d.id, read.v));
}

export function nullDocMessage(n: NullDoc): string {
  const ref = n.ref;
  if (ref instanceof NamedDoc) return `${ref.coll} \`${ref.name}\` not found.`;
  if (n.cause === 'permission denied')
    return `Insufficient privileges to read document with id ${ref.id} in collection \`${ref.coll}\`.`;
  return `Collection \`${ref.coll}\` does not contain document with id ${ref.id}.`;
}

export function docField(rt: Rt, v: Doc | NamedDoc | NullDoc, name: string, at: Span): Value {
  if (v instanceof NullDoc) {
    if (name === 'id' && v.ref instanceof Doc) return v.ref.id;
    if (name === 'coll') return new Module(v.ref.coll);
    throw new V10Error('document_not_found', nullDocMessage(v), at);
  }
  if (v instanceof Doc && name === 'id') return v.id;
  if (name === 'coll') return new Module(v.coll);
  const fields = docFields(rt, v, name);
  if (fields instanceof NullDoc) throw new V10Error('document_not_found', nullDocMessage(fields), at);
  if (name === 'data' && v instanceof Doc && v.coll !== 'Key') return userData(fields);
  return fields[name] ?? null;
}

/** `doc.data`: every user field, top-level and special-named alike. */
function userData(fields: Obj): Obj {
  const out: Obj = {};
  for (const k of Object.keys(fields)) {
    if (k === 'id' || k === 'coll' || k === 'ts' || k === 'ttl') continue;
    if (k === 'data' && isObj(fields.data)) Object.assign(out, fields.data);
    else out[k] = fields[k]!;
  }
  return out;
}

export function docMethod(
  rt: Rt,
  v: Doc | NamedDoc | NullDoc,
  name: string,
  args: Value[],
  at: Span,
): Value | undefined {
  if (name === 'exists') return !(v instanceof NullDoc) && !(resolveDoc(rt, v) instanceof NullDoc);
  const target = v instanceof NullDoc ? v : resolveDoc(rt, v);
  if (target instanceof NullDoc) {
    if (['update', 'replace', 'delete', 'updateData', 'replaceData'].includes(name)) {
      throw new V10Error('document_not_found', nullDocMessage(target), at);
    }
    return undefined;
  }
  if (target instanceof NamedDoc) {
    switch (name) {
      case 'update':
        return updateNamed(rt, target, objectArg(args, at), at);
      case 'delete':
        return deleteNamed(rt, target, at);
    }
    return undefined;
  }
  if (target.coll === CREDENTIAL) return credentialDocMethod(rt, target, name, args, at);
  switch (name) {
    case 'update':
      return writeDoc(rt, target, 'update', objectArg(args, at), at);
    case 'replace':
      return writeDoc(rt, target, 'replace', objectArg(args, at), at);
    case 'updateData':
      return writeDoc(rt, target, 'update', { data: objectArg(args, at) }, at);
    case 'replaceData':
      return writeDoc(rt, target, 'replace', { data: objectArg(args, at) }, at);
    case 'delete':
      return deleteDoc(rt, target, at);
  }
  return undefined;
}

export function objectArg(args: Value[], at: Span, i = 0): Obj {
  const o = args[i];
  if (!isObj(o))
    throw invalidArgument(`expected an object argument, received ${o === undefined ? 'nothing' : 'another type'}`, at);
  return o;
}

/** Splits write params into the stored `data` (top-level fields plus nested `data`) and the ttl. */
function storedData(params: Obj, update: boolean, at: Span): { data: StoredObj; ttl: Time | null | undefined } {
  const data: StoredObj = {};
  let ttl: Time | null | undefined;
  for (const k of Object.keys(params)) {
    const x = params[k]!;
    if (READ_ONLY.has(k) || (update && k === 'id')) {
      throw constraintFailure(`Failed to ${update ? 'update' : 'create'} document: the field \`${k}\` is reserved.`, [
        { message: `The field \`${k}\` is reserved.`, paths: [[k]] },
      ]);
    }
    if (k === 'id') continue;
    if (k === 'ttl') {
      if (x !== null && !(x instanceof Time)) throw invalidArgument('`ttl` must be a Time.', at);
      ttl = x;
    } else if (k === 'data') {
      if (x === null) continue;
      if (!isObj(x)) throw invalidArgument('`data` must be an object.', at);
      Object.assign(data, toStored(x, at, 'data'));
    } else {
      data[k] = toStored(x, at, k);
    }
  }
  return { data, ttl };
}

function merge(base: StoredObj, patch: StoredObj): StoredObj {
  const out: StoredObj = { ...base };
  for (const k of Object.keys(patch)) {
    const v = patch[k]!;
    if (v === null) delete out[k];
    else if (isObj(v as Value) && isObj(out[k] as Value)) out[k] = merge(out[k] as StoredObj, v as StoredObj);
    else out[k] = storedValue(v, true);
  }
  return out;
}

/** A write is refused where the query may not write: a read-only evaluation (a feed's lambdas), or inside `at`. */
export function demandWritable(rt: Rt): void {
  if (rt.readOnly || rt.readTs !== rt.txnTs)
    throw new V10Error(
      'invalid_effect',
      rt.readOnly ? 'Writes are not allowed here.' : 'Cannot write inside an `at` expression.',
    );
}

function demandWrite(rt: Rt, coll: string, action: 'create' | 'write' | 'delete', ref: Ref, arg: StoredValue): void {
  demandWritable(rt);
  const ok = can(engineCtx(rt), rt.db, { kind: 'documents', collection: coll }, action, action === 'write' ? arg : ref);
  if (!ok) throw permissionDenied(`Insufficient privileges to ${action} documents in collection \`${coll}\`.`);
}

function store(
  rt: Rt,
  c: Collection,
  ref: Ref,
  action: 'create' | 'update' | 'delete',
  data: StoredObj | null,
  ttl: Time | undefined,
): void {
  try {
    c.write(ref, rt.txnTs, action, data, rt.undo, ttl);
  } catch (err) {
    if (err instanceof UniqueViolation) throw constraintFailure(`Failed unique constraint on index \`${err.index}\`.`);
    throw err;
  }
}

export function createDoc(rt: Rt, collName: string, params: Obj, at: Span): Doc {
  const c = collectionOf(rt, collName);
  if (!c) throw invalidArgument(`No such user collection \`${collName}\`.`, at);
  const { data, ttl } = storedData(params, false, at);
  let id: string;
  if (params.id !== undefined && params.id !== null) {
    id = String(params.id);
    if (!/^\d+$/.test(id)) throw invalidArgument('`id` must be a number or a string of digits.', at);
    if (c.dataAt(id, rt.txnTs))
      throw constraintFailure(`Failed to create document: document with id ${id} already exists.`, [
        { message: `Document with id ${id} already exists.`, paths: [['id']] },
      ]);
  } else {
    id = rt.state.ids.next(rt.txnTs);
  }
  const ref = docRef(collName, id);
  demandWrite(rt, collName, 'create', ref, data);
  store(rt, c, new Ref(id, c.spec.ref), 'create', stripNulls(data), ttl ?? undefined);
  return new Doc(collName, id);
}

function writeDoc(rt: Rt, d: Doc, mode: 'update' | 'replace', params: Obj, at: Span): Doc {
  const r = readVersion(rt, d);
  if (r instanceof NullDoc) throw new V10Error('document_not_found', nullDocMessage(r), at);
  const { data, ttl } = storedData(params, true, at);
  const next = mode === 'update' ? merge(r.v.data ?? {}, data) : stripNulls(data);
  const nextTtl = ttl === undefined ? r.v.ttl : (ttl ?? undefined);
  demandWrite(rt, d.coll, 'write', docRef(d.coll, d.id), [r.v.data ?? {}, next, docRef(d.coll, d.id)]);
  store(rt, r.c, new Ref(d.id, r.c.spec.ref), 'update', next, nextTtl);
  return d;
}

/** The core drops null object fields at every depth on write; nulls inside arrays stay. */
function stripNulls(o: StoredObj): StoredObj {
  return storedValue(o, true) as StoredObj;
}

function deleteDoc(rt: Rt, d: Doc, at: Span): NullDoc {
  if (d.coll === 'Key') return deleteNamed(rt, d, at);
  const r = readVersion(rt, d);
  if (r instanceof NullDoc) throw new V10Error('document_not_found', nullDocMessage(r), at);
  demandWrite(rt, d.coll, 'delete', docRef(d.coll, d.id), null);
  store(rt, r.c, new Ref(d.id, r.c.spec.ref), 'delete', null, undefined);
  return new NullDoc(d, 'deleted');
}
