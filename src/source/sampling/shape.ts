// The shape of sampled values: which kinds each field had, in how many of its parent objects it
// was present, what its arrays held. Documents are folded in one at a time and dropped, so the
// memory of a sample is that of its distinct fields, not of its documents.
import { decodeValue } from '../export/decode.js';
import { KIND_BITS, wireKind, type Kind } from '../export/kinds.js';
import { escapeKey, type WireObject, type WireValue } from '../../fauna/wire.js';

// An object with more distinct keys than this over the sample is a map (ids as keys, say), not a
// record: it is typed as a bare object, and its keys are no longer tracked.
const MAX_FIELDS = 1000;

// Rough wire sizes for the byte budget of a sample; exact sizes would cost a second serialization.
const SCALAR_BYTES = 8;
const ESCAPE_BYTES = 40;

interface Field {
  shape: Shape;
  present: number;
}

export class Shape {
  kinds = 0;
  /** Objects seen at this place; a field present in fewer of them is nullable. */
  objects = 0;
  fields: Map<string, Field> | undefined = new Map();
  items: Shape | undefined;

  /** Folds in one wire value; returns an estimate of its size on the wire, in bytes. */
  add(value: WireValue): number {
    const kind = wireKind(value);
    this.kinds |= KIND_BITS[kind];
    if (kind === 'array') return this.addItems(value as WireValue[]);
    if (kind === 'object') return this.addFields(objectFields(value as WireObject));
    if (typeof value === 'string') return value.length + 2;
    return kind === 'date-time' || kind === 'date' || kind === 'string' ? ESCAPE_BYTES : SCALAR_BYTES;
  }

  /** Folds in the shape of another sample (of another database's collection of the same name). */
  merge(other: Shape): void {
    this.kinds |= other.kinds;
    this.objects += other.objects;
    if (other.items !== undefined) (this.items ??= new Shape()).merge(other.items);
    if (this.fields === undefined) return;
    if (other.fields === undefined) {
      this.fields = undefined;
      return;
    }
    for (const [key, field] of other.fields) {
      const mine = this.fields.get(key);
      if (mine === undefined) this.fields.set(key, { shape: field.shape, present: field.present });
      else {
        mine.present += field.present;
        mine.shape.merge(field.shape);
      }
    }
    if (this.fields.size > MAX_FIELDS) this.fields = undefined;
  }

  has(kind: Kind): boolean {
    return (this.kinds & KIND_BITS[kind]) !== 0;
  }

  private addItems(items: WireValue[]): number {
    let bytes = 2;
    this.items ??= new Shape();
    for (const item of items) bytes += this.items.add(item) + 1;
    return bytes;
  }

  private addFields(object: WireObject): number {
    this.objects++;
    let bytes = 2;
    for (const key in object) {
      const value = object[key]!;
      bytes += key.length + 4;
      if (this.fields === undefined) {
        bytes += new Shape().add(value);
        continue;
      }
      let field = this.fields.get(key);
      if (field === undefined) {
        if (this.fields.size >= MAX_FIELDS) {
          this.fields = undefined;
          bytes += new Shape().add(value);
          continue;
        }
        field = { shape: new Shape(), present: 0 };
        this.fields.set(key, field);
      }
      field.present++;
      bytes += field.shape.add(value);
    }
    return bytes;
  }
}

/** The fields of an object-kind wire value as exported: a ref is its {id, collection?, type}. */
function objectFields(value: WireObject): WireObject {
  const escape = escapeKey(value);
  if (escape === '@ref') return decodeValue(value) as WireObject;
  if (escape === '@obj') return value['@obj'] as WireObject;
  return value;
}
