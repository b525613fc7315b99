// Lossless JSON for Fauna wire values: an integer that does not fit a double exactly (Fauna Longs
// beyond 2^53) becomes a bigint on parse and is printed with every digit on stringify.
import { isInteger, isSafeNumber, parse as parseLossless, stringify as stringifyLossless } from 'lossless-json';
import type { WireValue } from './wire.js';

// A number token (after `:`, `,` or `[`) of 17+ digits, or of 16 digits starting with 9, may be
// beyond 2^53 (9007199254740992). Timestamps in microseconds (16 digits, starting with 1) and
// document ids (strings) do not match, so ordinary pages take the native JSON.parse path.
// Runs of 16+ digits are rare enough (about one per document: its ts) that finding them and
// looking back from each costs half of one regular expression trying every `:`, `,` and `[`.
const LONG_DIGITS = /\d{16,}/g;

function maybeUnsafeInteger(text: string): boolean {
  LONG_DIGITS.lastIndex = 0;
  for (let match = LONG_DIGITS.exec(text); match !== null; match = LONG_DIGITS.exec(text)) {
    const digits = match[0];
    if (digits.length === 16 && digits.charCodeAt(0) !== 57 /* 9 */) continue;
    let i = match.index - 1;
    if (text.charCodeAt(i) === 45 /* - */) i--;
    while (i >= 0 && isJsonWhitespace(text.charCodeAt(i))) i--;
    const before = text.charCodeAt(i);
    if (before === 58 /* : */ || before === 44 /* , */ || before === 91 /* [ */) return true;
  }
  return false;
}

function isJsonWhitespace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

function parseNumber(text: string): number | bigint {
  return isInteger(text) && !isSafeNumber(text) ? BigInt(text) : Number(text);
}

/** Parses JSON text; throws SyntaxError on invalid JSON. */
export function parseJson(text: string): WireValue {
  if (!maybeUnsafeInteger(text)) return JSON.parse(text) as WireValue;
  return parseLossless(text, null, parseNumber) as WireValue;
}

/** JSON text of a value that may hold bigints; the native path unless it does. */
export function stringifyJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    // JSON.stringify throws a TypeError only for bigint (and cycles, which wire values lack).
    if (!(error instanceof TypeError)) throw error;
    return stringifyLossless(value) as string;
  }
}

/**
 * Sets a field of an object being built from parsed JSON. A plain assignment to "__proto__"
 * would replace the prototype and lose the field; JSON.parse keeps it as an own field, so do we.
 */
export function setField<T>(object: { [key: string]: T }, key: string, value: T): void {
  if (key === '__proto__')
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}
