// The JSON kind a wire value is exported as (decode.ts), told from the WIRE escapes: a string that
// looks like a date is still a string; only @ts and @date are times and dates. Discover infers
// schemas from these kinds, and read checks a value against its column's declared kinds with them.
import { escapeKey, type WireValue } from '../../fauna/wire.js';

export type Kind = 'null' | 'boolean' | 'integer' | 'number' | 'string' | 'date-time' | 'date' | 'object' | 'array';

/** One bit per kind, so that a set of kinds is a number and membership one AND on the hot path. */
export const KIND_BITS: { readonly [kind in Kind]: number } = {
  null: 1,
  boolean: 2,
  integer: 4,
  number: 8,
  string: 16,
  'date-time': 32,
  date: 64,
  object: 128,
  array: 256,
};

export const ALL_KINDS = 511;

const ESCAPE_KINDS: { [escape: string]: Kind } = {
  '@ts': 'date-time',
  '@date': 'date',
  '@ref': 'object', // {id, collection?, type}
  '@obj': 'object',
  '@bytes': 'string',
  '@query': 'string',
  '@set': 'string',
};

export function wireKind(value: WireValue | undefined): Kind {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'boolean':
      return 'boolean';
    case 'string':
      return 'string';
    case 'bigint':
      return 'integer';
    case 'number':
      return Number.isInteger(value) ? 'integer' : 'number';
    default:
      if (Array.isArray(value)) return 'array';
      return ESCAPE_KINDS[escapeKey(value) ?? ''] ?? 'object';
  }
}
