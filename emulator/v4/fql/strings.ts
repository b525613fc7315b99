// The string functions: Casefold, the searches (ContainsStr, StartsWith, FindStr and their regex
// forms), Length, the case changes, trims, NGram, Repeat, ReplaceStr(Regex), Space, SubString. The
// core's `ext/model/src/main/scala/ast/functions/StringFunctions.scala` (`fauna/faunadb`); offsets
// count code points, as there.
import type { Value } from '../../core/values.js';
import { asArray, asBoolean, asInteger, asString } from './cast.js';
import type { Form } from './compile.js';
import { invalidArgument, type Path } from './errors.js';
import { unary } from './form-kinds.js';

const NORMALIZERS: Record<string, (s: string) => string> = {
  NFKCCaseFold: (s) => s.normalize('NFKC').toLowerCase().normalize('NFKC'),
  NFC: (s) => s.normalize('NFC'),
  NFD: (s) => s.normalize('NFD'),
  NFKC: (s) => s.normalize('NFKC'),
  NFKD: (s) => s.normalize('NFKD'),
};

/** Java's `\Q...\E` quoting (what RegexEscape answers) has no JS counterpart: it becomes escaped text. */
function regexOf(v: Value, pos: Path): RegExp {
  const pattern = asString(v, pos);
  const js = pattern.replace(/\\Q([\s\S]*?)(?:\\E|$)/g, (_, text: string) =>
    text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'),
  );
  try {
    return new RegExp(js, 'gu');
  } catch {
    throw invalidArgument(`Search pattern /${pattern}/ is not a valid regular expression.`, pos);
  }
}

const codePoints = (s: string) => Array.from(s);

/** The UTF-16 offset of code point `n` of `s`. */
function offsetOf(s: string, n: number): number {
  return codePoints(s).slice(0, n).join('').length;
}

/** A start option in code points: ignored unless inside the string, as the core does. */
function startOffset(s: string, start: Value | undefined, pos: Path): [number, number] {
  const n = start === undefined ? 0 : asInteger(start, pos);
  return n > 0 && n < s.length ? [offsetOf(s, n), n] : [0, 0];
}

function ngrams(s: string, min: number, max: number): string[] {
  const cs = codePoints(s);
  const out: string[] = [];
  for (let i = 0; i < cs.length; i++) {
    for (let n = min; n <= max && i + n <= cs.length; n++) out.push(cs.slice(i, i + n).join(''));
  }
  return out;
}

function predicate(key: string, other: string, test: (s: string, x: Value, pos: Path) => boolean): Form {
  return {
    key,
    required: [other],
    compile(c, o, pos) {
      const s = c.arg(o, key, pos),
        x = c.arg(o, other, pos);
      return (ctx) => test(asString(s(ctx), [...pos, key]), x(ctx), [...pos, other]);
    },
  };
}

function stringFn(key: string, fn: (s: string) => Value): Form {
  return unary(key, (v, _, pos) => fn(asString(v, pos)));
}

function substring(s: string, start: Value | undefined, length: Value | undefined, pos: Path): string {
  const len = codePoints(s).length;
  const st = start === undefined ? 0 : asInteger(start, pos);
  const from = st >= 0 ? st : len + st;
  const l = length === undefined ? undefined : asInteger(length, pos);
  const to = l === undefined ? len : l === 0 ? from : l > 0 ? Math.min(from + l, len) : -1;
  if (from > len || from < 0) throw invalidArgument('start must be less than or equal to the string length', pos);
  if (to < 0) throw invalidArgument('length must be positive', pos);
  return s.slice(offsetOf(s, from), offsetOf(s, to));
}

export const stringForms: Form[] = [
  unary(
    'casefold',
    (v, { normalizer }, pos) => {
      const name = normalizer === undefined ? 'NFKCCaseFold' : asString(normalizer, pos);
      const fn = NORMALIZERS[name];
      if (!fn) throw invalidArgument(`Invalid normalizer '${name}'.`, pos);
      return fn(asString(v, pos));
    },
    ['normalizer'],
  ),
  predicate('containsstr', 'search', (s, x, pos) => s.includes(asString(x, pos))),
  predicate('startswith', 'search', (s, x, pos) => s.startsWith(asString(x, pos))),
  predicate('endswith', 'search', (s, x, pos) => s.endsWith(asString(x, pos))),
  predicate('containsstrregex', 'pattern', (s, x, pos) => regexOf(x, pos).test(s)),
  stringFn('regexescape', (s) => `\\Q${s.replace(/\\E/g, '\\E\\\\E\\Q')}\\E`),
  stringFn('length', (s) => codePoints(s).length),
  stringFn('lowercase', (s) => s.toLowerCase()),
  stringFn('uppercase', (s) => s.toUpperCase()),
  stringFn('titlecase', (s) =>
    s.toLowerCase().replace(/(^|[^\p{L}\p{N}'])(\p{L})/gu, (_, b: string, l: string) => b + l.toUpperCase()),
  ),
  stringFn('trim', (s) => s.trim()),
  stringFn('ltrim', (s) => s.trimStart()),
  stringFn('rtrim', (s) => s.trimEnd()),
  unary('space', (v, _, pos) => ' '.repeat(Math.min(Math.max(asInteger(v, pos), 0), 1024))),
  unary(
    'repeat',
    (v, { number }, pos) =>
      asString(v, pos).repeat(Math.max(Math.min(number === undefined ? 2 : asInteger(number, pos), 1024), 0)),
    ['number'],
  ),
  unary('substring', (v, { start, length }, pos) => substring(asString(v, pos), start, length, pos), [
    'start',
    'length',
  ]),
  unary(
    'ngram',
    (v, { min, max }, pos) => {
      const lo = min === undefined ? 1 : asInteger(min, pos);
      const hi = max === undefined ? 2 : asInteger(max, pos);
      if (lo <= 0 || lo > hi) throw invalidArgument('min ngram size must be > 0 and <= max', pos);
      const terms = typeof v === 'string' ? [v] : asArray(v, pos);
      return terms.flatMap((t): Value[] => (typeof t === 'string' ? ngrams(t, lo, hi) : [t]));
    },
    ['min', 'max'],
  ),
  {
    key: 'findstr',
    required: ['find'],
    optional: ['start'],
    compile(c, o, pos) {
      const s = c.arg(o, 'findstr', pos),
        find = c.arg(o, 'find', pos),
        start = c.optionalArg(o, 'start', pos);
      return (ctx) => {
        const str = asString(s(ctx), [...pos, 'findstr']);
        const [off] = startOffset(str, start?.(ctx), [...pos, 'start']);
        const i = str.indexOf(asString(find(ctx), [...pos, 'find']), off);
        return i > 0 ? codePoints(str.slice(0, i)).length : i;
      };
    },
  },
  {
    key: 'findstrregex',
    required: ['pattern'],
    optional: ['start', 'num_results'],
    compile(c, o, pos) {
      const s = c.arg(o, 'findstrregex', pos),
        pattern = c.arg(o, 'pattern', pos),
        start = c.optionalArg(o, 'start', pos),
        num = c.optionalArg(o, 'num_results', pos);
      return (ctx) => {
        const whole = asString(s(ctx), [...pos, 'findstrregex']);
        const [off, cpOff] = startOffset(whole, start?.(ctx), [...pos, 'start']);
        const limit = Math.min(num ? asInteger(num(ctx), [...pos, 'num_results']) : 1024, 1024);
        const str = whole.slice(off);
        const out: Value[] = [];
        for (const m of str.matchAll(regexOf(pattern(ctx), [...pos, 'pattern']))) {
          if (out.length >= limit) break;
          const end = m[0].length ? m.index + m[0].length - 1 : m.index;
          out.push({
            start: cpOff + codePoints(str.slice(0, m.index)).length,
            end: cpOff + codePoints(str.slice(0, end)).length,
            data: m[0],
          });
        }
        return out;
      };
    },
  },
  {
    key: 'replacestr',
    required: ['find', 'replace'],
    compile(c, o, pos) {
      const s = c.arg(o, 'replacestr', pos),
        find = c.arg(o, 'find', pos),
        rep = c.arg(o, 'replace', pos);
      return (ctx) =>
        asString(s(ctx), [...pos, 'replacestr'])
          .split(asString(find(ctx), [...pos, 'find']))
          .join(asString(rep(ctx), [...pos, 'replace']));
    },
  },
  {
    key: 'replacestrregex',
    required: ['pattern', 'replace'],
    optional: ['first'],
    compile(c, o, pos) {
      const s = c.arg(o, 'replacestrregex', pos),
        pattern = c.arg(o, 'pattern', pos),
        rep = c.arg(o, 'replace', pos),
        first = c.optionalArg(o, 'first', pos);
      return (ctx) => {
        const re = regexOf(pattern(ctx), [...pos, 'pattern']);
        const once = first ? asBoolean(first(ctx), [...pos, 'first']) : false;
        // Java's replacement syntax names groups `$1`, as JS does.
        const r = asString(rep(ctx), [...pos, 'replace']);
        const str = asString(s(ctx), [...pos, 'replacestrregex']);
        return once ? str.replace(new RegExp(re.source, 'u'), r) : str.replace(re, r);
      };
    },
  },
];
