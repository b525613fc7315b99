// The field types an FSL schema declares (`fields: { total: { signature: "Double?" } }`), as
// example values of the v4 wire shape: discover folds them into a collection's Shape before its
// sample, so declared fields are typed (and get their typed columns) whatever the sample saw.
// Signatures: String, Int, Long, Double, Number, Boolean, Time, Date, Bytes, Null, Any, a
// collection name or Ref<C> (a document ref), Array<T>, { field: T, ... }, literals, T? and
// A | B. A type the connector does not know leaves the field to the sample.
import type { WireValue } from '../../fauna/wire.js';
import type { Tagged } from '../../fauna/v10/tagged.js';

const SCALARS: { [name: string]: WireValue[] } = {
  String: [''],
  Int: [0],
  Long: [0],
  Double: [0.5],
  Float: [0.5],
  Number: [0, 0.5],
  Boolean: [true],
  Null: [null],
  Time: [{ '@ts': '1970-01-01T00:00:00Z' }],
  Date: [{ '@date': '1970-01-01' }],
  Bytes: [{ '@bytes': '' }],
  ID: [''],
};

const documentRef = (collection: string): WireValue => ({
  '@ref': { id: '0', collection: { '@ref': { id: collection, collection: { '@ref': { id: 'collections' } } } } },
});

/**
 * Example `data` objects that together hold every declared type of every declared field: the
 * i-th takes the i-th alternative of each field's type (the last one when it has fewer).
 * Empty when no field is declared, or none with a type the connector knows.
 */
export function declaredExamples(fields: { [name: string]: Tagged }): { [field: string]: WireValue }[] {
  const alternatives = new Map<string, WireValue[]>();
  for (const [name, definition] of Object.entries(fields)) {
    const signature = (definition as { signature?: unknown } | null)?.signature;
    if (typeof signature !== 'string') continue;
    const values = typeValues(signature);
    if (values !== undefined && values.length > 0) alternatives.set(name, values);
  }
  const count = Math.max(0, ...[...alternatives.values()].map((values) => values.length));
  return Array.from({ length: count }, (_, i) =>
    Object.fromEntries([...alternatives].map(([name, values]) => [name, values[Math.min(i, values.length - 1)]!])),
  );
}

/** Example values of a type, one per alternative; undefined for a type the connector does not know (Any included). */
export function typeValues(signature: string): WireValue[] | undefined {
  const type = signature.trim();
  const union = splitTopLevel(type, '|');
  if (union.length > 1) return merge(union.map(typeValues));
  if (type.endsWith('?')) return merge([typeValues(type.slice(0, -1)), [null]]);
  if (type.startsWith('(') && type.endsWith(')')) return typeValues(type.slice(1, -1));
  const generic = /^(\w+)\s*<(.*)>$/s.exec(type);
  if (generic !== null) {
    const [, name, inner] = generic;
    if (name === 'Array') {
      const items = typeValues(inner!);
      return items === undefined ? undefined : [items];
    }
    return name === 'Ref' && /^\w+$/.test(inner!.trim()) ? [documentRef(inner!.trim())] : undefined;
  }
  if (type.startsWith('{') && type.endsWith('}')) return objectValues(type.slice(1, -1));
  if (/^"(?:[^"\\]|\\.)*"$|^'(?:[^'\\]|\\.)*'$/.test(type)) return [type.slice(1, -1)];
  if (/^-?\d+$/.test(type)) return [Number(type)];
  if (/^-?\d*\.\d+$/.test(type)) return [0.5];
  if (type === 'true' || type === 'false') return [type === 'true'];
  if (SCALARS[type] !== undefined) return SCALARS[type];
  // Any other identifier is a collection: a document of it is exported as its ref.
  return /^[A-Za-z_]\w*$/.test(type) && type !== 'Any' ? [documentRef(type)] : undefined;
}

function objectValues(body: string): WireValue[] | undefined {
  const fields = new Map<string, WireValue[]>();
  for (const entry of splitTopLevel(body, ',')) {
    if (entry.trim() === '') continue;
    const colon = entry.indexOf(':');
    if (colon < 0) return undefined;
    const name = entry
      .slice(0, colon)
      .trim()
      .replace(/^["']|["']$/g, '');
    const values = typeValues(entry.slice(colon + 1));
    if (values === undefined) continue;
    fields.set(name, values);
  }
  const count = Math.max(1, ...[...fields.values()].map((values) => values.length));
  return Array.from({ length: count }, (_, i) =>
    Object.fromEntries([...fields].map(([name, values]) => [name, values[Math.min(i, values.length - 1)]!])),
  );
}

/** Every alternative, or undefined when one of them is unknown: the sample decides then. */
function merge(parts: (WireValue[] | undefined)[]): WireValue[] | undefined {
  return parts.some((part) => part === undefined) ? undefined : parts.flatMap((part) => part!);
}

/** `text` split at `separator` outside brackets and quotes. */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== undefined) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if ('<({['.includes(c)) depth++;
    else if ('>)}]'.includes(c)) depth--;
    else if (c === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}
