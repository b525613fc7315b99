// Refs: Collection/Index/Database/Role/Function by name (unresolved until used), Ref(coll, id),
// the native collections (Collections(), Indexes(), ...), and NewId.
import { canonicalId } from '../../store/ids.js';
import { NATIVE, Ref, isLong, nativeRef, type NativeName, type Value } from '../../core/values.js';
import { asRef, asString } from './cast.js';
import type { Form } from './compile.js';
import { expected, invalidArgument, type Path } from './errors.js';

const SCHEMA: Record<string, NativeName> = {
  collection: 'collections',
  index: 'indexes',
  database: 'databases',
  role: 'roles',
  function: 'functions',
  access_provider: 'access_providers',
};

function scopeRef(v: Value | undefined, pos: Path): Ref | undefined {
  if (v === undefined || v === null) return undefined;
  const r = asRef(v, pos);
  if (r.collection !== NATIVE.databases) throw expected('Database Ref', v, pos);
  return r;
}

/** A document id from a Long or numeric String, canonical decimal text. */
export function documentId(v: Value, pos: Path): string {
  const text = isLong(v) ? String(v) : typeof v === 'string' ? v : undefined;
  if (text === undefined) throw expected('String or Number', v, pos);
  const id = canonicalId(text);
  if (id === 'non-numeric')
    throw invalidArgument(`Number or numeric String expected, non-numeric '${text}' provided.`, pos);
  if (id === 'too large') throw invalidArgument(`The id provided is too large: '${text}'.`, pos);
  return id;
}

/** Ref(Collection(c), id) for a document, Ref(Collections(), name) for a schema document. */
export function makeRef(coll: Ref, id: Value, pos: Path): Ref {
  if (!coll.collection) return new Ref(asString(id, pos), coll);
  if (coll.collection.id === 'collections' && !coll.collection.collection) return new Ref(documentId(id, pos), coll);
  throw invalidArgument('Ref expected to refer to a collection.', pos);
}

export const refForms: Form[] = [
  ...Object.entries(SCHEMA).map(([key, native]): Form => ({
    key,
    optional: ['scope'],
    compile(c, o, pos) {
      const name = c.arg(o, key, pos),
        scope = c.optionalArg(o, 'scope', pos);
      return (ctx) => {
        const n = asString(name(ctx), [...pos, key]);
        return new Ref(n, NATIVE[native], scopeRef(scope?.(ctx), [...pos, 'scope']));
      };
    },
  })),
  ...(['collections', 'indexes', 'databases', 'keys', 'roles', 'functions', 'access_providers'] as const).map(
    (key): Form => ({
      key,
      compile(c, o, pos) {
        const scope = c.arg(o, key, pos);
        return (ctx) => nativeRef(key, scopeRef(scope(ctx), [...pos, key]));
      },
    }),
  ),
  {
    key: 'ref',
    required: ['id'],
    compile(c, o, pos) {
      const coll = c.arg(o, 'ref', pos),
        id = c.arg(o, 'id', pos);
      return (ctx) => makeRef(asRef(coll(ctx), [...pos, 'ref']), id(ctx), [...pos, 'id']);
    },
  },
  { key: 'new_id', compile: () => (ctx) => ctx.state.ids.next(ctx.txnTs) },
];
