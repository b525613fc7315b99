// The `{fql: [...]}` query templates the driver always sends (fauna-js `src/query-builder.ts`),
// flattened to FQL text in which each interpolated value stands as one NUL, with the values in
// order: the parser turns each NUL into a literal node holding its value (real FQL text never
// contains NUL).
import type { Json } from '../../core/json.js';
import type { Value } from '../fql/values.js';
import { DecodeError, decodeValue } from './decode.js';

export interface FlatQuery {
  text: string;
  values: Value[];
}

type Node = { [key: string]: Json };

/** A string query as it is, or a template flattened; throws DecodeError on a malformed one. */
export function flattenQuery(query: Json): FlatQuery {
  if (typeof query === 'string') {
    if (query.includes('\0')) throw new DecodeError('FQL text may not contain NUL characters');
    return { text: query, values: [] };
  }
  const out: FlatQuery = { text: '', values: [] };
  fql(asNode(query), out);
  return out;
}

function asNode(j: Json): Node {
  if (j === null || typeof j !== 'object' || Array.isArray(j) || !isPlain(j)) {
    throw new DecodeError('a query must be a string or a template object');
  }
  const keys = Object.keys(j);
  if (keys.length !== 1)
    throw new DecodeError(
      `a template node has exactly one of fql, value, array, object; got ${keys.length ? keys.join(', ') : 'none'}`,
    );
  return j;
}

function isPlain(j: object): j is Node {
  return Object.getPrototypeOf(j) === Object.prototype;
}

function fql(node: Node, out: FlatQuery): void {
  if (!('fql' in node)) throw new DecodeError('a query template must be an `fql` node');
  const parts = node.fql;
  if (!Array.isArray(parts)) throw new DecodeError('`fql` must hold an array');
  for (const part of parts) {
    if (typeof part === 'string') {
      if (part.includes('\0')) throw new DecodeError('FQL text may not contain NUL characters');
      out.text += part;
    } else {
      const child = asNode(part);
      if ('fql' in child) fql(child, out);
      else element(child, out);
    }
  }
}

/** A node inside `fql`, `array` or `object`: nested `fql` in a collection is parenthesized. */
function element(node: Node, out: FlatQuery): void {
  if ('value' in node) {
    out.text += '\0';
    out.values.push(decodeValue(node.value!, 'tagged'));
  } else if ('fql' in node) {
    out.text += '(';
    fql(node, out);
    out.text += ')';
  } else if ('array' in node) {
    const items = node.array;
    if (!Array.isArray(items)) throw new DecodeError('`array` must hold an array');
    const nodes = items.map(asNode);
    if (nodes.every((n) => 'value' in n)) return element({ value: nodes.map((n) => n.value!) }, out);
    out.text += '[';
    nodes.forEach((n, i) => {
      if (i) out.text += ', ';
      element(n, out);
    });
    out.text += ']';
  } else if ('object' in node) {
    const body = node.object;
    if (body === null || typeof body !== 'object' || Array.isArray(body) || !isPlain(body)) {
      throw new DecodeError('`object` must hold an object');
    }
    const entries = Object.entries(body).map(([k, v]) => [k, asNode(v)] as const);
    if (entries.every(([, n]) => 'value' in n)) {
      return element({ value: { '@object': Object.fromEntries(entries.map(([k, n]) => [k, n.value!])) } }, out);
    }
    out.text += '{ ';
    entries.forEach(([k, n], i) => {
      out.text += `${i ? ', ' : ''}${JSON.stringify(k)}: `;
      element(n, out);
    });
    out.text += ' }';
  } else {
    throw new DecodeError(`unknown template node ${JSON.stringify(Object.keys(node)[0])}`);
  }
}
