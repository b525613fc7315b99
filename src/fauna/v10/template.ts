// FQL v10 queries as the driver sends them (fauna/fauna-js src/query-builder.ts): a template whose text parts are
// FQL and whose interpolations are tagged values, so a collection name or a cursor is always a
// value and never spliced into the FQL text.
import type { Tagged } from './tagged.js';

type Part = string | { value: Tagged } | Template;
export interface Template {
  fql: Part[];
}

/** fql`Collection(${name}).all()`: values become `{value}` nodes; a nested template stays a query. */
export function fql(strings: TemplateStringsArray, ...values: (unknown | Template)[]): Template {
  const parts: Part[] = [];
  strings.forEach((text, i) => {
    if (text !== '') parts.push(text);
    if (i < values.length) {
      const value = values[i];
      parts.push(isTemplate(value) ? value : { value: tag(value) });
    }
  });
  return { fql: parts };
}

function isTemplate(value: unknown): value is Template {
  return typeof value === 'object' && value !== null && Array.isArray((value as Template).fql);
}

const INT32 = 2 ** 31;

/** A JS value in the tagged format: integers as @int or @long by magnitude, "@" keys escaped. */
export function tag(value: unknown): Tagged {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return { [value >= -INT32 && value < INT32 ? '@int' : '@long']: String(value) };
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return { '@double': String(value) };
    return { [value >= -INT32 && value < INT32 ? '@int' : '@long']: String(value) };
  }
  if (Array.isArray(value)) return value.map(tag);
  if (typeof value === 'object') {
    const out: { [key: string]: Tagged } = {};
    let escaped = false;
    for (const [key, field] of Object.entries(value)) {
      if (key.startsWith('@')) escaped = true;
      out[key] = tag(field);
    }
    return escaped ? { '@object': out } : out;
  }
  throw new TypeError(`No FQL v10 value for a ${typeof value}`);
}

/** The templates as one FQL array literal `[a, b, ...]`. */
export function arrayOf(items: Template[]): Template {
  const parts: Part[] = ['['];
  items.forEach((item, i) => parts.push(...(i === 0 ? [] : [', ']), item));
  parts.push(']');
  return { fql: parts };
}
