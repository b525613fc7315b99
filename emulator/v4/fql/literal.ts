// Wire values sent back as input: @ref (object and legacy string forms), @ts, @date, @bytes,
// @query and @obj. They are data, never evaluated.
import { setKey, type Json } from '../../core/json.js';
import { isIsoDate, parseIsoTime } from '../../core/time-text.js';
import { Bytes, Dbl, FDate, NATIVE, QueryVal, Ref, isNativeName, type Obj, type Value } from '../../core/values.js';
import { invalidExpression, type Path } from './errors.js';
import { canonicalQuery } from './query-text.js';

const ESCAPES = new Set(['@ref', '@ts', '@date', '@bytes', '@query', '@obj']);

export function isEscape(key: string): boolean {
  return ESCAPES.has(key);
}

export function decodeEscape(key: string, raw: Json, pos: Path): Value {
  switch (key) {
    case '@ref':
      return typeof raw === 'string' ? legacyRef(raw, pos) : objectRef(raw, pos);
    case '@ts': {
      const t = typeof raw === 'string' ? parseIsoTime(raw) : undefined;
      if (!t) throw invalidExpression(`Invalid @ts value.`, pos);
      return t;
    }
    case '@date':
      if (typeof raw !== 'string' || !isIsoDate(raw)) throw invalidExpression('Invalid @date value.', pos);
      return new FDate(raw);
    case '@bytes':
      if (typeof raw !== 'string') throw invalidExpression('Invalid @bytes value.', pos);
      return new Bytes(new Uint8Array(Buffer.from(raw.replace(/-/g, '+').replace(/_/g, '/'), 'base64')));
    case '@query':
      return new QueryVal(canonicalQuery(raw));
    default:
      if (!isPlainObject(raw)) throw invalidExpression('Invalid @obj value.', pos);
      return decodeObject(raw, pos);
  }
}

export function decodeValue(raw: Json, pos: Path): Value {
  if (raw === null || typeof raw !== 'object' || raw instanceof Dbl) return raw as Value;
  if (Array.isArray(raw)) return raw.map((r, i) => decodeValue(r, [...pos, i]));
  const keys = Object.keys(raw);
  if (keys.length === 1 && isEscape(keys[0]!)) return decodeEscape(keys[0]!, raw[keys[0]!]!, pos);
  return decodeObject(raw, pos);
}

function decodeObject(raw: { [key: string]: Json }, pos: Path): Obj {
  const o: Obj = {};
  for (const k of Object.keys(raw)) setKey(o, k, decodeValue(raw[k]!, [...pos, k]));
  return o;
}

function isPlainObject(raw: Json): raw is { [key: string]: Json } {
  return raw !== null && typeof raw === 'object' && !Array.isArray(raw) && !(raw instanceof Dbl);
}

function objectRef(raw: Json, pos: Path): Ref {
  if (!isPlainObject(raw) || typeof raw.id !== 'string') throw invalidExpression('Invalid @ref value.', pos);
  const collection = raw.collection ?? raw.class;
  const c = collection === undefined ? undefined : decodeValue(collection, pos);
  const d = raw.database === undefined ? undefined : decodeValue(raw.database, pos);
  if ((c !== undefined && !(c instanceof Ref)) || (d !== undefined && !(d instanceof Ref))) {
    throw invalidExpression('Invalid @ref value.', pos);
  }
  if (!c && !d && isNativeName(raw.id)) return NATIVE[raw.id];
  return new Ref(raw.id, c, d);
}

const LEGACY_NATIVE: Record<string, Ref> = {
  classes: NATIVE.collections,
  collections: NATIVE.collections,
  indexes: NATIVE.indexes,
  databases: NATIVE.databases,
  keys: NATIVE.keys,
  roles: NATIVE.roles,
  functions: NATIVE.functions,
  tokens: NATIVE.tokens,
  credentials: NATIVE.credentials,
};

/** `collections/c/123`, `classes/c`, `indexes/i`, `databases/d`, `keys/123`, `collections`. */
function legacyRef(text: string, pos: Path): Ref {
  const parts = text.split('/');
  const native = LEGACY_NATIVE[parts[0]!];
  if (!native || parts.length > 3) throw invalidExpression('Invalid ref.', pos);
  if (parts.length === 1) return native;
  const schema = new Ref(parts[1]!, native);
  if (parts.length === 2) return schema;
  if (native !== NATIVE.collections) throw invalidExpression('Invalid ref.', pos);
  return new Ref(parts[2]!, schema);
}
