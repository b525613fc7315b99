// The FQL v10 lexer (the core's `ext/fql/shared/src/main/scala/parser/Tokens.scala`): numbers with
// `_` separators, '…' and "…" strings with escapes and `#{…}` interpolation, identifiers,
// operators. Each token knows whether a newline preceded it, because newlines end statements. A NUL
// character stands for a template value (the driver's interpolations), the i-th NUL for the i-th
// value.
import { invalidQuery } from './errors.js';
import { span, type Span } from './ast.js';
import { Dbl, type Value } from './values.js';

export type TokenKind = 'num' | 'str' | 'ident' | 'punct' | 'value' | 'eof';

/** A string's text pieces and the tokens of its `#{…}` interpolations (ending with an `eof`). */
export interface StrPiece {
  text?: string;
  tokens?: Token[];
}

export interface Token {
  kind: TokenKind;
  /** The punctuation or identifier text. */
  text: string;
  /** num: the number; value: the template value. */
  value?: Value;
  pieces?: StrPiece[];
  span: Span;
  newlineBefore: boolean;
}

const PUNCT = [
  '**',
  '?.',
  '??',
  '=>',
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  ':',
  ';',
  '.',
  '!',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
  '=',
  '&',
  '|',
  '^',
  '~',
];

const ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  n: '\n',
  t: '\t',
  r: '\r',
  '0': '\0',
  '#': '#',
  '`': '`',
  b: '\b',
  f: '\f',
  v: '\v',
};

const INT64_MAX = 2n ** 63n - 1n;

export function tokenize(text: string, values: readonly Value[] = []): Token[] {
  return new Lexer(text, values).tokens(0, text.length);
}

/** One pass over the text; interpolations are lexed in place, so spans and value numbering are the query's. */
class Lexer {
  private valueIndex = 0;
  constructor(
    private readonly text: string,
    private readonly values: readonly Value[],
  ) {}

  tokens(from: number, to: number): Token[] {
    const { text, values } = this;
    const out: Token[] = [];
    let i = from;
    let nl = false;
    const push = (kind: TokenKind, t: string, start: number, extra: Partial<Token> = {}) => {
      out.push({ kind, text: t, span: span(start, i), newlineBefore: nl, ...extra });
      nl = false;
    };
    while (i < to) {
      const c = text[i]!;
      if (c === '\n') {
        nl = true;
        i++;
        continue;
      }
      if (c === ' ' || c === '\t' || c === '\r') {
        i++;
        continue;
      }
      if (c === '\\' && text[i + 1] === '\n') {
        i += 2;
        continue;
      }
      if (c === '/' && text[i + 1] === '/') {
        while (i < to && text[i] !== '\n') i++;
        continue;
      }
      if (c === '/' && text[i + 1] === '*') {
        const end = text.indexOf('*/', i + 2);
        if (end < 0 || end >= to) throw invalidQuery('Unterminated block comment.', span(i, text.length));
        if (text.slice(i, end).includes('\n')) nl = true;
        i = end + 2;
        continue;
      }
      const start = i;
      if (c === '\0') {
        if (this.valueIndex >= values.length) throw invalidQuery('Unexpected NUL character.', span(i, i + 1));
        i++;
        push('value', '', start, { value: values[this.valueIndex++]! });
        continue;
      }
      if (/[0-9]/.test(c)) {
        const value = readNumber(text, i);
        i = value.end;
        push('num', text.slice(start, i), start, { value: value.value });
        continue;
      }
      if (/[A-Za-z_]/.test(c)) {
        while (i < to && /[A-Za-z0-9_]/.test(text[i]!)) i++;
        push('ident', text.slice(start, i), start);
        continue;
      }
      if (c === '"' || c === "'") {
        const pieces = this.readString(i);
        i = pieces.end;
        push('str', '', start, { pieces: pieces.pieces });
        continue;
      }
      const p = PUNCT.find((op) => text.startsWith(op, i));
      if (!p) throw invalidQuery(`Unexpected character \`${c}\`.`, span(i, i + 1));
      // `?.` before a digit is `?` then `.5`; FQL has no ternary, so only `?.` and `??` matter.
      i += p.length;
      push('punct', p, start);
    }
    out.push({ kind: 'eof', text: '', span: span(to, to), newlineBefore: true });
    return out;
  }

  private readString(start: number): { pieces: StrPiece[]; end: number } {
    return readString(this.text, start, (from, to) => this.tokens(from, to));
  }
}

function readNumber(text: string, start: number): { value: Value; end: number } {
  let i = start;
  if (text[i] === '0' && /[xXbBoO]/.test(text[i + 1] ?? '')) {
    const radix = { x: 16, b: 2, o: 8 }[text[i + 1]!.toLowerCase() as 'x' | 'b' | 'o'];
    i += 2;
    const digits = /^[0-9A-Fa-f_]+/.exec(text.slice(i))?.[0] ?? '';
    i += digits.length;
    const prefix = { 16: '0x', 2: '0b', 8: '0o' }[radix];
    return { value: integer(BigInt(prefix + digits.replace(/_/g, '')), span(start, i)), end: i };
  }
  while (/[0-9_]/.test(text[i] ?? '')) i++;
  let isFloat = false;
  if (text[i] === '.' && /[0-9]/.test(text[i + 1] ?? '')) {
    isFloat = true;
    i++;
    while (/[0-9_]/.test(text[i] ?? '')) i++;
  }
  if (/[eE]/.test(text[i] ?? '') && /[-+0-9]/.test(text[i + 1] ?? '')) {
    isFloat = true;
    i += 2;
    while (/[0-9]/.test(text[i] ?? '')) i++;
  }
  const raw = text.slice(start, i).replace(/_/g, '');
  if (isFloat) {
    const n = Number(raw);
    return { value: Number.isInteger(n) ? new Dbl(n) : n, end: i };
  }
  return { value: integer(BigInt(raw), span(start, i), text[start - 1] === '-'), end: i };
}

/**
 * Integers that fit a JS number stay numbers; larger ones are bigints, up to 64 bits. Right after
 * a minus 2^63 is allowed too: the parser folds it into -9223372036854775808, which the core accepts.
 */
function integer(n: bigint, at: Span, negated = false): Value {
  if (n > (negated ? INT64_MAX + 1n : INT64_MAX)) throw invalidQuery('Integer literal is too large.', at);
  return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
}

/** A string literal; `lex` turns an interpolation's source range into tokens (skipped when absent). */
function readString(
  text: string,
  start: number,
  lex?: (from: number, to: number) => Token[],
): { pieces: StrPiece[]; end: number } {
  const quote = text[start]!;
  const pieces: StrPiece[] = [];
  let buf = '';
  let i = start + 1;
  for (;;) {
    if (i >= text.length) throw invalidQuery('Unterminated string.', span(start, text.length));
    const c = text[i]!;
    if (c === quote) {
      i++;
      break;
    }
    if (c === '\\') {
      const e = text[i + 1] ?? '';
      if (e === 'u') {
        const braced = /^\{([0-9A-Fa-f]{1,6})\}/.exec(text.slice(i + 2));
        const hex = braced ? braced[1]! : text.slice(i + 2, i + 6);
        if (!/^[0-9A-Fa-f]+$/.test(hex)) throw invalidQuery('Invalid unicode escape.', span(i, i + 6));
        buf += String.fromCodePoint(parseInt(hex, 16));
        i += 2 + (braced ? braced[0].length : 4);
        continue;
      }
      const mapped = ESCAPES[e];
      if (mapped === undefined) throw invalidQuery(`Invalid escape \`\\${e}\`.`, span(i, i + 2));
      buf += mapped;
      i += 2;
      continue;
    }
    if (c === '#' && text[i + 1] === '{' && quote === '"') {
      if (buf) pieces.push({ text: buf });
      buf = '';
      const end = matchingBrace(text, i + 1);
      pieces.push({ tokens: lex ? lex(i + 2, end) : [] });
      i = end + 1;
      continue;
    }
    buf += c;
    i++;
  }
  if (buf || pieces.length === 0) pieces.push({ text: buf });
  return { pieces, end: i };
}

/** The index of the `}` closing the `{` at `open`, skipping nested braces and strings. */
function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'") {
      i = readString(text, i).end - 1;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  throw invalidQuery('Unterminated string interpolation.', span(open, text.length));
}
