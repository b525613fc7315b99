// A tagged export document straight to its record's fields, in one pass over the value JSON.parse
// gave: what fauna/v10/tagged.ts toDocument (tagged -> the v4 wire shape) then
// export/decode.ts decodeDocument (wire -> Airbyte values) give, without the wire tree between
// them. The parsed value is the document's alone, so its objects and arrays are reused, each
// tagged value replaced in place; the less common tags still go through both steps, value by
// value, so the two ways cannot drift apart.
//
// Only the shapes the core writes are taken this way. Anything else (an integer beyond 2^53 that
// JSON.parse rounded, a tag the export does not have, a document without its id or ts, a `data`
// field that is not an object) gives undefined: the caller then takes the general way
// (convert.ts), which parses losslessly and says what is wrong. Without the data column, the
// records hold none of the user fields: they are not read at all.
import { setField } from '../../fauna/json.js';
import {
  DOCUMENT_FIELDS,
  double,
  exactInteger,
  timeToMicros,
  toWire,
  type Tagged,
  type TaggedObject,
} from '../../fauna/v10/tagged.js';
import { escapeKey } from '../../fauna/wire.js';
import { decodeValue, type AirbyteValue, type DocumentFields } from '../export/decode.js';
import { unknownTag } from './tags.js';

type AirbyteObject = { [key: string]: AirbyteValue };

const INTEGER = /^-?\d+$/;

// Thrown inside the walk to leave it; never seen outside this file.
const UNUSUAL = new Error('not a document of the usual shape');

/**
 * The record fields of a tagged document (already unwrapped from a top-level @object), or
 * undefined when it is not of the usual shape. `omit`: a top-level field left out of the data;
 * `withData` false: the data is left empty, as decodeDocument leaves it.
 */
export function documentFields(document: TaggedObject, omit?: string, withData = true): DocumentFields | undefined {
  try {
    return fieldsOf(document, omit, withData);
  } catch (error) {
    if (error === UNUSUAL) return undefined;
    throw error;
  }
}

function fieldsOf(document: TaggedObject, omit: string | undefined, withData: boolean): DocumentFields {
  const { id, ts, ttl, data: nested } = document;
  if (typeof id !== 'string' || !isTag(document.coll, '@mod') || !isTag(ts, '@time')) throw UNUSUAL;
  if (ttl !== undefined && ttl !== null && !isTag(ttl, '@time')) throw UNUSUAL;
  const data: AirbyteObject = {};
  if (withData) {
    for (const key in document) {
      if (DOCUMENT_FIELDS.has(key)) continue;
      const value = decode(document[key]!);
      if (key !== omit) setField(data, key, value);
    }
    if (nested !== undefined && nested !== null) mergeNested(data, nested);
  }
  return {
    ref: id,
    ts: micros((ts as TaggedObject)['@time'] as string),
    data,
    ttl: ttl === undefined || ttl === null ? null : ((ttl as TaggedObject)['@time'] as string),
  };
}

/** A document's time in microseconds; a string that is not a time is the general way's to report. */
function micros(time: string): number {
  try {
    return timeToMicros(time);
  } catch (error) {
    // timeToMicros throws a TypeError for a string that is not a time, and nothing else.
    if (error instanceof TypeError) throw UNUSUAL;
    throw error;
  }
}

/** Whether a value is `{tag: "<string>"}`. */
function isTag(value: Tagged | undefined, tag: string): boolean {
  return (
    value !== null &&
    typeof value === 'object' &&
    escapeKey(value) === tag &&
    typeof (value as TaggedObject)[tag] === 'string'
  );
}

/**
 * v10's `data` field holds the user fields named as document fields (id, ts, data...): merged
 * back among the others, as toDocument does.
 */
function mergeNested(data: AirbyteObject, nested: Tagged): void {
  if (typeof nested !== 'object' || Array.isArray(nested)) throw UNUSUAL;
  const tag = escapeKey(nested!);
  if (tag !== undefined && tag !== '@object') throw UNUSUAL;
  const fields = decode(nested) as AirbyteObject;
  for (const key in fields) setField(data, key, fields[key]!);
  // A data object of one "@" key alone would be read as an escape by decodeDocument: leave it to the general way.
  if (escapeKey(data) !== undefined) throw UNUSUAL;
}

function decode(value: Tagged): AirbyteValue {
  if (typeof value !== 'object') {
    // JSON.parse rounds an integer beyond 2^53; the general way keeps every digit.
    if (typeof value === 'number' && !Number.isSafeInteger(value) && Number.isInteger(value)) throw UNUSUAL;
    return value;
  }
  if (value === null) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) (value as AirbyteValue[])[i] = decode(value[i]!);
    return value as AirbyteValue[];
  }
  const tag = escapeKey(value);
  if (tag === undefined) return decodeFields(value);
  const inner = value[tag]!;
  if (tag === '@object') {
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) throw UNUSUAL;
    return decodeFields(inner);
  }
  if (tag === '@ref') {
    // A damaged ref (its inner value neither a string nor an object) is the general way's to report.
    if (typeof inner !== 'string' && (inner === null || typeof inner !== 'object' || Array.isArray(inner)))
      throw UNUSUAL;
    if (unknownTag(value) !== undefined) throw UNUSUAL;
    return decodeValue(toWire(value));
  }
  if (typeof inner !== 'string') throw UNUSUAL;
  // The scalar tags, as the two steps give them; the others through both.
  switch (tag) {
    case '@int':
      return Number(inner);
    case '@long':
      if (!INTEGER.test(inner)) throw UNUSUAL;
      return exactInteger(inner);
    case '@double':
      return double(inner);
    case '@time':
    case '@date':
    case '@uuid':
      return inner;
    case '@bytes':
    case '@mod':
      return decodeValue(toWire(value));
    default:
      throw UNUSUAL;
  }
}

/** An object's values decoded in place. */
function decodeFields(object: TaggedObject): AirbyteObject {
  for (const key in object) {
    const value = object[key]!;
    if (value !== null && typeof value === 'object') {
      const decoded = decode(value);
      if (decoded !== value) setField(object as AirbyteObject, key, decoded);
    } else if (typeof value === 'number') decode(value);
  }
  return object as AirbyteObject;
}
