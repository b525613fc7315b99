// FQL v10 tagged values (fauna/fauna-js src/tagged-type.ts) -> the project's wire value model
// (that of FQL v4), so a v10 document goes through the same record code as a v4 one and both APIs give identical
// records: @int/@long become exact integers (a bigint beyond 2^53), @time the v4 @ts, refs and
// named refs the v4 refs of the export-format table, @object the v4 @obj. The server stores v4's
// layout and v10 lifts `data.*` to the top level (docs/fql-v10.md, Records); `toDocument` puts
// the fields back.
import { setField } from '../json.js';
import { escapeKey, type WireObject, type WireValue } from '../wire.js';

export type Tagged = null | boolean | number | string | Tagged[] | { [key: string]: Tagged };
export type TaggedObject = { [key: string]: Tagged };

// The fields of a v10 document that are not user data; `data` holds the user fields whose names
// are reserved in v10 (id, ts, data...), so it is merged back, not copied.
export const DOCUMENT_FIELDS = new Set(['id', 'coll', 'ts', 'ttl', 'data']);

// Named refs and refs of native collections, as the v4 native collection they are documents of.
const NATIVE_COLLECTIONS: { [module: string]: string } = {
  Collection: 'collections',
  Function: 'functions',
  Role: 'roles',
  Database: 'databases',
  AccessProvider: 'access_providers',
  Key: 'keys',
  Token: 'tokens',
  Credential: 'credentials',
};

// Modules that are not collections of the database (a computed field may return one).
const GLOBAL_MODULES = new Set([
  ...Object.keys(NATIVE_COLLECTIONS),
  'Time',
  'Date',
  'Math',
  'Set',
  'String',
  'Object',
  'Array',
  'Query',
  'Bytes',
  'FQL',
]);

const v4Ref = (id: string, collection?: WireValue): WireValue => ({
  '@ref': collection === undefined ? { id } : { id, collection },
});
const collectionsRef = (): WireValue => v4Ref('collections');
const userCollectionRef = (name: string): WireValue => v4Ref(name, collectionsRef());

/** A tagged value as the v4 wire would carry it. */
export function toWire(value: Tagged): WireValue {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(toWire);
  const tag = escapeKey(value);
  if (tag !== undefined) return fromTag(tag, value[tag]!);
  return fields(value);
}

function fields(object: TaggedObject, skip?: Set<string>): WireObject {
  const out: WireObject = {};
  let escaped = false;
  for (const key in object) {
    if (skip?.has(key)) continue;
    if (key.charCodeAt(0) === 64) escaped = true;
    setField(out, key, toWire(object[key]!));
  }
  return escaped ? { '@obj': out } : out;
}

function fromTag(tag: string, inner: Tagged): WireValue {
  switch (tag) {
    case '@int':
      return Number(inner);
    case '@long':
      return exactInteger(inner as string);
    case '@double':
      return double(inner as string);
    case '@time':
      return { '@ts': inner as string };
    case '@date':
      return { '@date': inner as string };
    case '@bytes':
      return { '@bytes': inner as string };
    case '@ref':
    case '@doc':
      return typeof inner === 'string' ? legacyRef(inner) : ref(inner as TaggedObject);
    case '@mod':
      return GLOBAL_MODULES.has(inner as string) ? (inner as string) : userCollectionRef(inner as string);
    case '@object':
      return fields(inner as TaggedObject);
    case '@set':
      // Exported as its wire JSON in a string, as v4 exports a SetRef.
      return { '@set': inner as WireValue };
    case '@stream':
    case '@uuid':
      return inner as string;
    default:
      // Not a tag: a tagged answer escapes such an object in @object; be lenient all the same.
      return fields({ [tag]: inner });
  }
}

/** `@long` keeps every digit: a number when a double holds it exactly, else a bigint. */
export function exactInteger(text: string): number | bigint {
  const number = Number(text);
  return Number.isSafeInteger(number) ? number : BigInt(text);
}

// Airbyte JSON has no NaN or infinities: they are exported as the strings Fauna prints.
export function double(text: string): number | string {
  const number = Number(text);
  return Number.isFinite(number) ? number : text;
}

function ref(body: TaggedObject): WireValue {
  const module = (body.coll as TaggedObject | undefined)?.['@mod'];
  const id = (body.id ?? body.name) as string;
  if (typeof module !== 'string') return v4Ref(id);
  const native = NATIVE_COLLECTIONS[module];
  return native !== undefined ? v4Ref(id, v4Ref(native)) : v4Ref(id, userCollectionRef(module));
}

/** The legacy `"Coll:id"` form of a document. */
function legacyRef(text: string): WireValue {
  const at = text.lastIndexOf(':');
  return at < 0 ? v4Ref(text) : v4Ref(text.slice(at + 1), userCollectionRef(text.slice(0, at)));
}

/**
 * A v10 document (`@doc` of a set page or an event) as Get returns it in v4: `{ref, ts, data,
 * ttl?}`. `computed`: the collection's computed fields, evaluated at read time and not stored, so
 * not part of `data` (v4 never returns them).
 */
export function toDocument(value: Tagged, computed?: ReadonlySet<string>): WireObject {
  const doc = (value as TaggedObject)['@doc'] as TaggedObject | undefined;
  if (doc === undefined || doc === null || typeof doc !== 'object' || typeof doc.id !== 'string') {
    throw new TypeError('Not a Fauna v10 document: it has no @doc with an id');
  }
  const module = (doc.coll as TaggedObject | undefined)?.['@mod'];
  const data = fields(
    doc,
    computed === undefined || computed.size === 0 ? DOCUMENT_FIELDS : new Set([...DOCUMENT_FIELDS, ...computed]),
  );
  if (doc.data !== undefined && doc.data !== null) mergeInto(data, toWire(doc.data) as WireObject);
  const out: WireObject = {
    ref: v4Ref(doc.id, typeof module === 'string' ? userCollectionRef(module) : undefined),
    ts: timeToMicros((doc.ts as TaggedObject)['@time'] as string),
    data,
  };
  if (doc.ttl !== undefined && doc.ttl !== null) out.ttl = toWire(doc.ttl);
  return out;
}

/** Merges the special-named fields (v10's nested `data`) into the other user fields. */
function mergeInto(target: WireObject, extra: WireObject): void {
  const into = unescaped(target);
  for (const [key, value] of Object.entries(unescaped(extra))) setField(into, key, value);
}

function unescaped(object: WireObject): WireObject {
  return '@obj' in object && Object.keys(object).length === 1 ? (object['@obj'] as WireObject) : object;
}

const ISO = /^(-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/;

/** An RFC 3339 UTC time in microseconds, exactly: Date alone keeps only milliseconds. */
export function timeToMicros(iso: string): number {
  const usual = usualTimeToMicros(iso);
  if (usual !== undefined) return usual;
  const match = ISO.exec(iso);
  const seconds = match === null ? NaN : Date.parse(`${match[1]}Z`);
  if (Number.isNaN(seconds)) throw new TypeError(`Not a Fauna time: ${JSON.stringify(iso)}`);
  const fraction = (match![2] ?? '').padEnd(6, '0').slice(0, 6);
  return seconds * 1000 + Number(fraction);
}

const digit = (text: string, at: number): number => {
  const code = text.charCodeAt(at) - 48;
  return code >= 0 && code <= 9 ? code : NaN;
};
const number = (text: string, from: number, to: number): number => {
  let value = 0;
  for (let i = from; i < to; i++) value = value * 10 + digit(text, i);
  return value;
};

/**
 * The time of the form Fauna prints, `YYYY-MM-DDTHH:MM:SS[.f]Z`, read from its digits: a tenth of
 * the time of the regular expression and Date.parse, which give the same (Date.parse too carries
 * a day past its month's end over into the next month). Undefined for any other form, which
 * timeToMicros reads the long way.
 */
function usualTimeToMicros(iso: string): number | undefined {
  const end = iso.length - 1;
  if (end < 19 || iso.charCodeAt(end) !== 90 /* Z */ || iso.charCodeAt(4) !== 45 || iso.charCodeAt(7) !== 45)
    return undefined;
  if (iso.charCodeAt(10) !== 84 /* T */ || iso.charCodeAt(13) !== 58 || iso.charCodeAt(16) !== 58) return undefined;
  const year = number(iso, 0, 4);
  const month = number(iso, 5, 7);
  const day = number(iso, 8, 10);
  const hours = number(iso, 11, 13);
  const minutes = number(iso, 14, 16);
  const seconds = number(iso, 17, 19);
  // NaN (a character that is not a digit) fails every comparison.
  if (!(year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31)) return undefined;
  if (!(hours <= 23 && minutes <= 59 && seconds <= 59)) return undefined;
  let micros = 0;
  if (end > 19) {
    const digits = end - 20;
    if (iso.charCodeAt(19) !== 46 /* . */ || digits < 1 || digits > 9) return undefined;
    const fraction = number(iso, 20, end);
    if (Number.isNaN(fraction)) return undefined;
    micros = digits <= 6 ? fraction * 10 ** (6 - digits) : Math.trunc(fraction / 10 ** (digits - 6));
  }
  const time = daysSinceEpoch(year, month, day) * 86_400 + hours * 3600 + minutes * 60 + seconds;
  return time * 1_000_000 + micros;
}

/**
 * Days from 1970-01-01 to a date of the proleptic Gregorian calendar, in a year that starts in
 * March so that the leap day is the year's last (days_from_civil, from Howard Hinnant's
 * "chrono-Compatible Low-Level Date Algorithms"). Date.UTC gives the same, several times slower.
 */
function daysSinceEpoch(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  return (
    era * 146_097 + yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear - 719_468
  );
}
