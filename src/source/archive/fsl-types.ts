// What the FSL types of a collection (fsl.ts) tell about a simple-format export, whose values lost
// their tags (docs/from-export.md, "Typing a simple-format export"): `retag` gives a document back
// the tags its fields' types imply (a Time field's string is a @time again, a reference field's
// {id, coll} a @ref, a Bytes field's base64 a @bytes), so that its record is the one a live v10
// sync makes; `fslShape` is the shape discover declares, as a live v10 discover types each value.
import { DOCUMENT_FIELDS, type Tagged, type TaggedObject } from '../../fauna/v10/tagged.js';
import { escapeKey } from '../../fauna/wire.js';
import { KIND_BITS, type Kind } from '../export/kinds.js';
import { Shape } from '../sampling/shape.js';
import { ANY, type FslCollection, type FslType } from './fsl.js';

const TIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;
const DATE = /^-?\d{4,}-\d{2}-\d{2}$/;

const isObject = (value: Tagged): value is TaggedObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** A simple-format document (as convert.ts escaped it) with the tags its collection's FSL types imply. */
export function retag(collection: FslCollection, document: TaggedObject): TaggedObject {
  const { fields, wildcard = ANY } = collection.type;
  for (const key in document) {
    if (DOCUMENT_FIELDS.has(key)) continue;
    document[key] = retagValue(fields.get(key) ?? wildcard, document[key]!);
  }
  return document;
}

function retagValue(type: FslType, value: Tagged): Tagged {
  if (value === null) return value;
  switch (type.kind) {
    case 'scalar':
      if (typeof value !== 'string') return value;
      if (type.name === 'Time') return TIME.test(value) ? { '@time': value } : value;
      if (type.name === 'Date') return DATE.test(value) ? { '@date': value } : value;
      return type.name === 'Bytes' ? { '@bytes': value } : value;
    case 'ref':
      return refOf(value) ?? value;
    case 'array':
      return Array.isArray(value) ? value.map((item) => retagValue(type.items, item)) : value;
    case 'tuple':
      return Array.isArray(value) ? value.map((item, i) => retagValue(type.elements[i] ?? ANY, item)) : value;
    case 'object':
      return isObject(value) ? retagObject(type, value) : value;
    case 'union': {
      // Only a value one member alone can hold is retagged: `String | Time` leaves a string as it is.
      const takers = type.members.filter((member) => holds(member, value));
      return takers.length === 1 ? retagValue(takers[0]!, value) : value;
    }
    default:
      return value;
  }
}

function retagObject(type: Extract<FslType, { kind: 'object' }>, value: TaggedObject): TaggedObject {
  // convert.ts escapes an object with a key starting with @ as {"@object": {...}}.
  if (escapeKey(value) === '@object' && isObject(value['@object']!)) {
    return { '@object': retagObject(type, value['@object']) };
  }
  const out: TaggedObject = {};
  for (const key in value) out[key] = retagValue(type.fields.get(key) ?? type.wildcard ?? ANY, value[key]!);
  return out;
}

/** A simple-format reference, {id, coll} (a document) or {name, coll} (a schema document), tagged. */
function refOf(value: Tagged): Tagged | undefined {
  if (!isObject(value) || typeof value.coll !== 'string') return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 2) return undefined;
  const key = typeof value.id === 'string' ? 'id' : typeof value.name === 'string' ? 'name' : undefined;
  return key === undefined ? undefined : { '@ref': { [key]: value[key]!, coll: { '@mod': value.coll } } };
}

/** Whether a simple-format value can be one of `type`. */
function holds(type: FslType, value: Tagged): boolean {
  switch (type.kind) {
    case 'any':
      return true;
    case 'literal':
      return value === type.value;
    case 'ref':
      return refOf(value) !== undefined;
    case 'array':
    case 'tuple':
      return Array.isArray(value);
    case 'object':
      return isObject(value);
    case 'union':
      return type.members.some((member) => holds(member, value));
    case 'scalar':
      switch (type.name) {
        case 'String':
          return typeof value === 'string';
        case 'Time':
          return typeof value === 'string' && TIME.test(value);
        case 'Date':
          return typeof value === 'string' && DATE.test(value);
        case 'Bytes':
          return typeof value === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(value);
        case 'Boolean':
          return typeof value === 'boolean';
        case 'Null':
          return value === null;
        default:
          // Numbers; a Double's NaN and infinities are the strings Fauna prints.
          return typeof value === 'number' || typeof value === 'bigint' || typeof value === 'string';
      }
  }
}

const SCALAR_KINDS: { [name: string]: Kind } = {
  String: 'string',
  Bytes: 'string',
  Int: 'integer',
  Long: 'integer',
  Double: 'number',
  Number: 'number',
  Boolean: 'boolean',
  Time: 'date-time',
  Date: 'date',
  Null: 'null',
};

/**
 * The shape of a collection's `data` by its FSL types: declared fields as declared (nullable
 * when optional), and, where the collection also takes undeclared fields (`*: …`, or no field
 * definition at all), the fields of `sampled` beside them, nullable.
 */
export function fslShape(collection: FslCollection, sampled: Shape | undefined): Shape | undefined {
  const { type } = collection;
  if (type.fields.size === 0) return sampled;
  const shape = shapeOf(type);
  if (type.wildcard !== undefined && sampled?.fields !== undefined) {
    for (const [name, field] of sampled.fields) {
      if (!type.fields.has(name)) shape.fields!.set(name, { shape: field.shape, present: 0 });
    }
  }
  return shape;
}

function shapeOf(type: FslType): Shape {
  const shape = new Shape();
  switch (type.kind) {
    case 'any':
      break;
    case 'scalar':
      shape.kinds = KIND_BITS[SCALAR_KINDS[type.name]!];
      break;
    case 'literal':
      shape.kinds =
        KIND_BITS[
          typeof type.value === 'string'
            ? 'string'
            : typeof type.value === 'boolean'
              ? 'boolean'
              : Number.isInteger(type.value)
                ? 'integer'
                : 'number'
        ];
      break;
    case 'ref':
      // As a live v10 discover types a reference: {id, collection, type}, each a string.
      return objectShape(
        new Map(['id', 'collection', 'type'].map((name) => [name, { kind: 'scalar', name: 'String' } as FslType])),
      );
    case 'array':
      shape.kinds = KIND_BITS.array;
      shape.items = shapeOf(type.items);
      break;
    case 'tuple':
      shape.kinds = KIND_BITS.array;
      shape.items = mergedShape(type.elements);
      break;
    case 'object':
      return objectShape(type.fields);
    case 'union':
      return mergedShape(type.members);
  }
  return shape;
}

function objectShape(fields: Map<string, FslType>): Shape {
  const shape = new Shape();
  shape.kinds = KIND_BITS.object;
  shape.objects = 1;
  for (const [name, type] of fields) shape.fields!.set(name, { shape: shapeOf(type), present: 1 });
  return shape;
}

/** The shape of values that are any of `types`; a field some of the objects lack is nullable. */
function mergedShape(types: FslType[]): Shape {
  const shape = new Shape();
  for (const type of types) shape.merge(shapeOf(type));
  return shape;
}
