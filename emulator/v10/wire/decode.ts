// Decodes the values a request sends (the core's
// `runtime/fql2/serialization/UndecidedValue.scala`): `arguments` in the request's format and
// template `value` nodes (always tagged). The input is the lossless JSON of the body, so a bare
// integer keeps every digit and a bare `1.0` stays a Double.
import { parseIsoTime, isIsoDate } from '../../core/time-text.js';
import type { Json } from '../../core/json.js';
import {
  Bytes,
  Dbl,
  Doc,
  FDate,
  INT32_MAX,
  INT32_MIN,
  Module,
  NamedDoc,
  type NamedColl,
  type Obj,
  type Value,
} from '../fql/values.js';

/** A value the request got wrong; the caller says where (`Invalid argument 'k': …`). */
export class DecodeError extends Error {}

const NAMED_COLLS: ReadonlySet<string> = new Set<NamedColl>([
  'Collection',
  'Function',
  'Role',
  'Database',
  'AccessProvider',
]);
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * One value. `tagged` refuses bare numbers, as the core does ("numbers must be tagged"); `simple`
 * takes them as they are. Tags are read in both.
 */
export function decodeValue(j: Json, format: 'simple' | 'tagged'): Value {
  if (j === null || typeof j === 'string' || typeof j === 'boolean') return j;
  if (typeof j === 'number' || typeof j === 'bigint' || j instanceof Dbl) {
    if (format === 'tagged') throw new DecodeError('numbers must be tagged');
    return j instanceof Dbl ? j : narrow(j);
  }
  if (Array.isArray(j)) return j.map((item) => decodeValue(item, format));
  const keys = Object.keys(j);
  if (keys.length === 1 && keys[0]!.startsWith('@')) return decodeTag(keys[0]!, j[keys[0]!]!, format);
  return decodeObject(j, format);
}

function decodeObject(j: { [key: string]: Json }, format: 'simple' | 'tagged'): Obj {
  const out: Obj = {};
  for (const k of Object.keys(j)) {
    const v = decodeValue(j[k]!, format);
    if (k === '__proto__')
      Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    else out[k] = v;
  }
  return out;
}

function decodeTag(tag: string, body: Json, format: 'simple' | 'tagged'): Value {
  switch (tag) {
    case '@int': {
      const n = integer(body, tag);
      if (n < INT32_MIN || n > INT32_MAX) throw new DecodeError(`${text(body, tag)} is out of range for @int`);
      return Number(n);
    }
    case '@long': {
      const n = integer(body, tag);
      if (n < -(2n ** 63n) || n >= 2n ** 63n) throw new DecodeError(`${text(body, tag)} is out of range for @long`);
      return narrow(n);
    }
    case '@double': {
      const s = text(body, tag);
      const n = s === 'NaN' ? NaN : s === 'Infinity' ? Infinity : s === '-Infinity' ? -Infinity : Number(s);
      if ((Number.isNaN(n) && s !== 'NaN') || s.trim() === '') throw new DecodeError(`'${s}' is not a valid @double`);
      return Number.isInteger(n) ? new Dbl(n) : n;
    }
    case '@time': {
      const t = parseIsoTime(text(body, tag));
      if (!t) throw new DecodeError(`'${text(body, tag)}' is not a valid @time`);
      return t;
    }
    case '@date': {
      const s = text(body, tag);
      if (!isIsoDate(s)) throw new DecodeError(`'${s}' is not a valid @date`);
      return new FDate(s);
    }
    case '@bytes': {
      const s = text(body, tag);
      if (!BASE64.test(s)) throw new DecodeError(`'${s}' is not valid base64 for @bytes`);
      return new Bytes(new Uint8Array(Buffer.from(s, 'base64')));
    }
    case '@mod':
      return new Module(text(body, tag));
    case '@ref':
    case '@doc':
      return decodeRef(tag, body);
    case '@object': {
      if (body === null || typeof body !== 'object' || Array.isArray(body) || body instanceof Dbl) {
        throw new DecodeError('@object must hold an object');
      }
      return decodeObject(body, format);
    }
    case '@set':
      throw new DecodeError('a set cannot be sent as a value; pass its `after` cursor to Set.paginate instead');
    case '@stream':
      throw new DecodeError('an event source cannot be sent tagged; send its token as a string');
    default:
      throw new DecodeError(`unknown tag ${JSON.stringify(tag)}`);
  }
}

function decodeRef(tag: string, body: Json): Value {
  if (body === null || typeof body !== 'object' || Array.isArray(body) || body instanceof Dbl) {
    // The legacy `"@doc": "Coll:id"` form.
    if (typeof body === 'string' && /^[^:]+:\d+$/.test(body)) {
      const [coll, id] = body.split(':') as [string, string];
      return new Doc(coll, id);
    }
    throw new DecodeError(`${tag} must hold an object with \`coll\` and \`id\` or \`name\``);
  }
  const coll = body.coll;
  const collName =
    typeof coll === 'string'
      ? coll
      : coll !== null &&
          typeof coll === 'object' &&
          !Array.isArray(coll) &&
          !(coll instanceof Dbl) &&
          typeof coll['@mod'] === 'string'
        ? coll['@mod']
        : undefined;
  if (collName === undefined) throw new DecodeError(`${tag} needs \`coll\` as {"@mod": name}`);
  if (typeof body.id === 'string' && /^\d+$/.test(body.id)) return new Doc(collName, body.id);
  if (typeof body.name === 'string' && NAMED_COLLS.has(collName)) return new NamedDoc(collName as NamedColl, body.name);
  throw new DecodeError(
    `${tag} needs a decimal string \`id\`, or a \`name\` in Collection, Function, Role, Database or AccessProvider`,
  );
}

function text(body: Json, tag: string): string {
  if (typeof body !== 'string') throw new DecodeError(`${tag} must hold a string`);
  return body;
}

function integer(body: Json, tag: string): bigint {
  const s = text(body, tag);
  if (!/^-?\d+$/.test(s)) throw new DecodeError(`'${s}' is not a valid ${tag}`);
  return BigInt(s);
}

/** Integers are `number` when exact, bigint beyond 2^53 (the value model's Int and Long). */
function narrow(n: number | bigint): number | bigint {
  if (typeof n === 'number') return n;
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
}
