// Global modules and user collections: `Collection`, `X` (a user collection), `Set`, `Time`,
// `Date`, `Key`, `Role`, `Database`, `Function`, `Math`, and the global functions (`abort`, `newId`).
import { CREDENTIAL, credentialMethod } from './credentials.js';
import type { Span } from './ast.js';
import { V10Error, invalidArgument, invalidQuery } from './errors.js';
import type { Rt } from './eval.js';
import { createDoc, objectArg } from './documents.js';
import {
  createCollection,
  createDatabase,
  createFunction,
  createKey,
  createRole,
  collectionMeta,
  lookupNamed,
} from './schema.js';
import { allOf, paginateCursor, rangeOf } from './sets.js';
import { dateOf, timeModule } from './time.js';
import { mathMethod } from './scalars.js';
import { TYPE_MODULE_NAMES } from './types.js';
import { direction } from './ordering.js';
import { Doc, Lambda, Module, NamedDoc, SetValue, type NamedColl, type SetSource, type Value } from './values.js';

const SCHEMA_MODULES: Record<string, NamedColl> = {
  Collection: 'Collection',
  Database: 'Database',
  Role: 'Role',
  Function: 'Function',
};

const GLOBALS = new Set([
  'Collection',
  CREDENTIAL,
  'Database',
  'Role',
  'Function',
  'Key',
  'Set',
  'Time',
  'Date',
  'Math',
  'abort',
  'newId',
  'log',
  'dbg',
  'asc',
  'desc',
  ...TYPE_MODULE_NAMES,
]);

export function isGlobalModule(name: string): boolean {
  return GLOBALS.has(name);
}

function userCollection(rt: Rt, name: string, at: Span): string {
  if (!rt.db.collections.has(name)) throw invalidArgument(`No such user collection \`${name}\`.`, at);
  return name;
}

/** A module called as a function: `Collection("X")`, `Time("…")`, `Date("…")`, `X(id)`, `abort(v)`. */
export function callModule(rt: Rt, mod: Module, args: Value[], at: Span): Value {
  switch (mod.name) {
    case 'Collection': {
      const name = args[0];
      if (typeof name !== 'string') throw invalidArgument('expected a collection name (String).', at);
      return new Module(userCollection(rt, name, at));
    }
    case 'Time':
      return timeModule(rt, 'fromString', args, at)!;
    case 'Date':
      return dateOf(args[0] ?? null, at);
    case 'asc':
    case 'desc':
      return direction(mod.name, args[0] ?? null, at);
    case 'abort':
      throw new V10Error('abort', 'Query aborted.', at, 400, args[0] ?? null);
    case 'newId':
      return rt.state.ids.next(rt.txnTs);
    case 'log':
    case 'dbg':
      return args[0] ?? null;
  }
  if (!GLOBALS.has(mod.name)) return byId(mod.name, args[0] ?? null, at);
  throw invalidQuery(`\`${mod.name}\` is not a function`, at);
}

function byId(coll: string, id: Value, at: Span): Doc {
  if (typeof id !== 'string' && typeof id !== 'number' && typeof id !== 'bigint')
    throw invalidArgument('expected an id (String or Number).', at);
  const text = String(id);
  if (!/^\d+$/.test(text)) throw invalidArgument(`Invalid id \`${text}\`.`, at);
  return new Doc(coll, text);
}

export function moduleField(rt: Rt, mod: Module, name: string, at: Span): Value {
  if (name === 'definition' && !GLOBALS.has(mod.name))
    return new NamedDoc('Collection', userCollection(rt, mod.name, at));
  throw invalidQuery(`Type \`${mod.name}\` does not have field \`${name}\``, at);
}

export function moduleMethod(rt: Rt, mod: Module, name: string, args: Value[], at: Span): Value | undefined {
  const schema = SCHEMA_MODULES[mod.name];
  if (schema) return schemaModuleMethod(rt, schema, name, args, at);
  switch (mod.name) {
    case 'Key':
      return keyMethod(rt, name, args, at);
    case CREDENTIAL:
      return name === 'byId' ? byId(CREDENTIAL, args[0] ?? null, at) : credentialMethod(rt, name, args, at);
    case 'Set':
      return setModuleMethod(name, args, rt, at);
    case 'Time':
      return timeModule(rt, name, args, at);
    case 'Date':
      return name === 'fromString'
        ? dateOf(args[0] ?? null, at)
        : name === 'today'
          ? dateOf(new Date(rt.txnTs / 1000).toISOString().slice(0, 10), at)
          : undefined;
    case 'Math':
      return mathMethod(name, args, at);
  }
  if (GLOBALS.has(mod.name)) return undefined;
  return userCollectionMethod(rt, userCollection(rt, mod.name, at), name, args, at);
}

function schemaModuleMethod(rt: Rt, coll: NamedColl, name: string, args: Value[], at: Span): Value | undefined {
  switch (name) {
    case 'all':
      return new SetValue({ kind: 'schema', coll });
    case 'where':
      return filtered({ kind: 'schema', coll }, args[0], at);
    case 'byName':
      return lookupNamed(rt, coll, args[0] ?? null, at);
    case 'create': {
      const p = objectArg(args, at);
      switch (coll) {
        case 'Collection':
          return createCollection(rt, p, at);
        case 'Database':
          return createDatabase(rt, p);
        case 'Role':
          return createRole(rt, p);
        case 'Function':
          return createFunction(rt, p);
      }
    }
  }
  return undefined;
}

/** `X.where(pred)`: `X.all().where(pred)`. */
function filtered(source: SetSource, fn: Value | undefined, at: Span): SetValue {
  if (!(fn instanceof Lambda)) throw invalidArgument('expected a predicate function.', at);
  return new SetValue(source, [{ kind: 'where', fn }]);
}

function keyMethod(rt: Rt, name: string, args: Value[], at: Span): Value | undefined {
  switch (name) {
    case 'all':
      return new SetValue({ kind: 'schema', coll: 'Key' });
    case 'where':
      return filtered({ kind: 'schema', coll: 'Key' }, args[0], at);
    case 'byId':
      return byId('Key', args[0] ?? null, at);
    case 'create':
      return createKey(rt, objectArg(args, at), at);
  }
  return undefined;
}

function setModuleMethod(name: string, args: Value[], rt: Rt, at: Span): Value | undefined {
  switch (name) {
    case 'paginate':
      return paginateCursor(rt, args[0] ?? null, args[1], at);
    case 'sequence': {
      const [from, to] = args;
      if (typeof from !== 'number' || typeof to !== 'number') throw invalidArgument('expected integer bounds.', at);
      return new SetValue({ kind: 'sequence', from, to: Math.max(from, to) });
    }
    case 'single':
      return new SetValue({ kind: 'array', items: [args[0] ?? null] });
    case 'fromArray': {
      if (!Array.isArray(args[0])) throw invalidArgument('expected an array.', at);
      return new SetValue({ kind: 'array', items: args[0] });
    }
  }
  return undefined;
}

function userCollectionMethod(rt: Rt, coll: string, name: string, args: Value[], at: Span): Value | undefined {
  switch (name) {
    case 'all':
      return allOf(coll, args[0], at);
    case 'byId':
      return byId(coll, args[0] ?? null, at);
    case 'create':
      return createDoc(rt, coll, objectArg(args, at), at);
    case 'createData':
      return createDoc(rt, coll, { data: objectArg(args, at) }, at);
    case 'where':
      return filtered({ kind: 'all', coll }, args[0], at);
  }
  const c = rt.db.collections.get(coll)!;
  const ix = collectionMeta(c).indexes.get(name);
  if (!ix) return undefined;
  const terms = args.slice(0, ix.termPaths.length);
  if (terms.length < ix.termPaths.length)
    throw invalidArgument(`Index \`${name}\` takes ${ix.termPaths.length} term(s).`, at);
  const range = args[ix.termPaths.length];
  const bounds = range === undefined || range === null ? {} : rangeOf(range, at);
  return new SetValue({ kind: 'index', coll, index: name, terms, ...bounds });
}
