// Wire value -> Airbyte JSON value, by the export-format table of docs/export-format.md (that of
// Airbyte's Fauna source guide, https://docs.airbyte.com/integrations/sources/fauna), in one pass:
//   document ref   {id, collection, type: "document"}
//   other refs     {id, type} with the guide's type strings, "unknown" for anything else
//   @ts / @date    the ISO string as sent (YYYY-MM-DD for dates)
//   @bytes         URL-safe base64 (the server sends the standard alphabet)
//   @query / @set  the value's wire JSON as a string
//   @obj           unwrapped; objects and arrays converted recursively
// The Python connector's serializer is the reference (airbytehq/airbyte,
// airbyte-integrations/connectors/source-fauna/source_fauna/serialize.py) minus its quirks: an
// unknown native collection gives "unknown", as the guide requires, not the native's own name.
import { setField, stringifyJson } from '../../fauna/json.js';
import { escapeKey, refBody, type WireObject, type WireValue } from '../../fauna/wire.js';

export type AirbyteValue = null | boolean | number | bigint | string | AirbyteValue[] | { [key: string]: AirbyteValue };

const REF_TYPES: { [native: string]: string } = {
  collections: 'collection',
  databases: 'database',
  indexes: 'index',
  functions: 'function',
  roles: 'role',
  access_providers: 'access_provider',
  keys: 'key',
  tokens: 'token',
  credentials: 'credential',
};

export function decodeValue(value: WireValue): AirbyteValue {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(decodeValue);
  const escape = escapeKey(value);
  if (escape !== undefined) return decodeEscape(escape, value);
  return decodeFields(value);
}

function decodeFields(object: WireObject): { [key: string]: AirbyteValue } {
  const out: { [key: string]: AirbyteValue } = {};
  for (const key in object) setField(out, key, decodeValue(object[key]!));
  return out;
}

function decodeEscape(key: string, value: WireObject): AirbyteValue {
  const inner = value[key]!;
  switch (key) {
    case '@ref':
      return decodeRef(inner as WireObject);
    case '@ts':
    case '@date':
      return inner;
    case '@bytes':
      return urlSafeBase64(inner as string);
    case '@query':
    case '@set':
      return wireString(value);
    case '@obj':
      return decodeFields(inner as WireObject);
    default:
      // Not a Fauna escape: a plain object that happens to have one key starting with "@".
      return decodeFields(value);
  }
}

/** The ref of `{"@ref": {...}}`, or undefined when the value is not a ref. */

// The `database` part of a ref is ignored, as in the Python connector: a document in a child
// database is still a document of its collection.
function decodeRef(ref: WireObject): AirbyteValue {
  const id = ref.id as string;
  const collection = refBody(ref.collection);
  if (collection === undefined) return { id, type: 'unknown' };
  const parent = refBody(collection.collection);
  if (parent === undefined) return { id, type: REF_TYPES[collection.id as string] ?? 'unknown' };
  if (parent.id === 'collections' && parent.collection === undefined) {
    return { id, collection: collection.id as string, type: 'document' };
  }
  return { id, type: 'unknown' };
}

function urlSafeBase64(standard: string): string {
  const text = standard.replace(/\+/g, '-').replace(/\//g, '_');
  const missing = (4 - (text.length % 4)) % 4;
  return missing === 0 ? text : text + '='.repeat(missing);
}

/**
 * Compact wire JSON with non-ASCII characters escaped, as the Python connector printed it
 * (json.dumps' default ensure_ascii), so existing destinations keep identical strings.
 */
function wireString(value: WireValue): string {
  return stringifyJson(value).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

/** Fields of an Airbyte record for one Fauna document: `{ref, ts, data, ttl}` of the wire doc. */
export interface DocumentFields {
  ref: string;
  ts: number;
  data: { [key: string]: AirbyteValue };
  ttl: string | null;
}

/**
 * A document a reader decoded itself, without its wire value: for a stream whose records need
 * nothing else of the document (RecordLines.needsWire is false).
 */
export class DecodedDocument {
  constructor(readonly fields: DocumentFields) {}
}

/**
 * A document as Get returns it: `{ref: {"@ref"}, ts, data?, ttl?: {"@ts"}}`. Without `withData`
 * (a stream with no data column) the data object, most of the work, is not decoded: `data` is {}.
 */
export function decodeDocument(document: WireValue, withData = true): DocumentFields {
  const doc = document as WireObject;
  const ref = refBody(doc.ref);
  if (ref === undefined || typeof ref.id !== 'string') throw new TypeError('Not a Fauna document: it has no ref');
  const data = doc.data;
  const ttl = doc.ttl as WireObject | undefined;
  return {
    ref: ref.id,
    ts: doc.ts as number,
    // A data object with a key starting with "@" arrives wrapped as {"@obj": ...}: decodeValue unwraps it.
    data: data === undefined || !withData ? {} : (decodeValue(data) as { [key: string]: AirbyteValue }),
    ttl: ttl === undefined || ttl === null ? null : (ttl['@ts'] as string),
  };
}

/** A time in microseconds as an RFC 3339 UTC string, fraction in groups of 3 like Fauna's @ts. */
export function microsToIso(micros: number): string {
  const millis = Math.floor(micros / 1000);
  const rest = micros - millis * 1000;
  const iso = new Date(millis).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  if (rest !== 0) return `${iso.slice(0, -1)}${String(rest).padStart(3, '0')}Z`;
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}
