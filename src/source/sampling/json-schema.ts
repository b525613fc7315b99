// A sampled shape as JSON Schema, typed as the export-format table exports each Fauna type:
// times are date-time strings (airbyte_type timestamp_with_timezone), dates date strings, refs
// objects, bytes, queries and sets plain strings. Every kind seen is listed; a field missing from
// some sampled objects, or null in some, is nullable. Nothing is closed (no additionalProperties
// false): the sample describes what was seen, not all that may come.
import type { JsonObject } from '../../airbyte/types.js';
import { setField } from '../../fauna/json.js';
import { ALL_KINDS, KIND_BITS, type Kind } from '../export/kinds.js';
import type { Shape } from './shape.js';

const TIMESTAMP = { format: 'date-time', airbyte_type: 'timestamp_with_timezone' };
const STRING_KINDS = KIND_BITS.string | KIND_BITS['date-time'] | KIND_BITS.date;
const JSON_TYPES = new Set<Kind>(['null', 'boolean', 'integer', 'object', 'array']);

/** The schema of the values of a shape; `nullable` adds null (a field some objects lacked). */
export function shapeSchema(shape: Shape, nullable = false): JsonObject {
  if (shape.kinds === 0) return {};
  const types: string[] = [];
  const schema: JsonObject = {};
  if (nullable || shape.has('null')) types.push('null');
  if (shape.has('boolean')) types.push('boolean');
  if (shape.has('number')) types.push('number');
  else if (shape.has('integer')) types.push('integer');
  const strings = shape.kinds & STRING_KINDS;
  if (strings !== 0) {
    types.push('string');
    // A format only when every string had it: a column of times and words is a column of strings.
    if (strings === KIND_BITS['date-time']) Object.assign(schema, TIMESTAMP);
    else if (strings === KIND_BITS.date) schema.format = 'date';
  }
  if (shape.has('object')) {
    types.push('object');
    if (shape.fields !== undefined && shape.fields.size > 0) schema.properties = propertiesSchema(shape);
  }
  if (shape.has('array')) {
    types.push('array');
    if (shape.items !== undefined && shape.items.kinds !== 0) schema.items = shapeSchema(shape.items);
  }
  return { type: types.length === 1 ? types[0] : types, ...schema };
}

/**
 * The properties of an object shape; a field present in only some of the objects is nullable,
 * and every field is with `allNullable`.
 */
export function propertiesSchema(shape: Shape, allNullable = false): JsonObject {
  const properties: JsonObject = {};
  for (const [name, field] of shape.fields ?? []) {
    setField(properties, name, shapeSchema(field.shape, allNullable || field.present < shape.objects));
  }
  return properties;
}

/**
 * The kinds a column declared with `schema` accepts (a set of KIND_BITS), read back from a
 * catalog's json_schema at read time. A schema without a type accepts anything; `number` accepts
 * integers; a string with format date-time (or date) accepts only Fauna times (or dates), for a
 * destination would cast it; a string without format accepts every string.
 */
export function acceptedKinds(schema: unknown): number {
  const declared = (schema as { type?: unknown; format?: unknown } | null)?.type;
  if (declared === undefined) return ALL_KINDS;
  const format = (schema as { format?: unknown }).format;
  let kinds = 0;
  for (const type of [declared].flat()) {
    if (type === 'string') {
      kinds |= format === 'date-time' ? KIND_BITS['date-time'] : format === 'date' ? KIND_BITS.date : STRING_KINDS;
    } else if (type === 'number') {
      kinds |= KIND_BITS.number | KIND_BITS.integer;
    } else if (JSON_TYPES.has(type as Kind)) {
      kinds |= KIND_BITS[type as Kind];
    }
  }
  return kinds;
}
