// The string functions: Casefold, the searches (ContainsStr, StartsWith, FindStr and their regex
// forms), Length, the case changes, trims, NGram, Repeat, ReplaceStr(Regex), Space, SubString. The
// core's `ext/model/src/main/scala/ast/functions/StringFunctions.scala` (`fauna/faunadb`); offsets
// count code points, as there.
import type { Value } from '../../core/values.js';
import { asArray, asBoolean, asInteger, asString } from './cast.js';
import type { Form } from './compile.js';
import { invalidArgument, type Path } from './errors.js';
import { named, unary } from './form-kinds.js';

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
  return named(key, [other], [], (args, pos) =>
    test(asString(args[key]!, [...pos, key]), args[other]!, [...pos, other]),
  );
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
  named('findstr', ['find'], ['start'], ({ findstr, find, start }, pos) => {
    const str = asString(findstr!, [...pos, 'findstr']);
    const [off] = startOffset(str, start, [...pos, 'start']);
    const i = str.indexOf(asString(find!, [...pos, 'find']), off);
    return i > 0 ? codePoints(str.slice(0, i)).length : i;
  }),
  named('findstrregex', ['pattern'], ['start', 'num_results'], (args, pos) => {
    const whole = asString(args.findstrregex!, [...pos, 'findstrregex']);
    const [off, cpOff] = startOffset(whole, args.start, [...pos, 'start']);
    const num = args.num_results;
    const limit = Math.min(num === undefined ? 1024 : asInteger(num, [...pos, 'num_results']), 1024);
    const str = whole.slice(off);
    const out: Value[] = [];
    for (const m of str.matchAll(regexOf(args.pattern!, [...pos, 'pattern']))) {
      if (out.length >= limit) break;
      const end = m[0].length ? m.index + m[0].length - 1 : m.index;
      out.push({
        start: cpOff + codePoints(str.slice(0, m.index)).length,
        end: cpOff + codePoints(str.slice(0, end)).length,
        data: m[0],
      });
    }
    return out;
  }),
  named('replacestr', ['find', 'replace'], [], ({ replacestr, find, replace }, pos) =>
    asString(replacestr!, [...pos, 'replacestr'])
      .split(asString(find!, [...pos, 'find']))
      .join(asString(replace!, [...pos, 'replace'])),
  ),
  named('replacestrregex', ['pattern', 'replace'], ['first'], (args, pos) => {
    const re = regexOf(args.pattern!, [...pos, 'pattern']);
    const once = args.first === undefined ? false : asBoolean(args.first, [...pos, 'first']);
    // Java's replacement syntax names groups `$1`, as JS does.
    const r = asString(args.replace!, [...pos, 'replace']);
    const str = asString(args.replacestrregex!, [...pos, 'replacestrregex']);
    return once ? str.replace(new RegExp(re.source, 'u'), r) : str.replace(re, r);
  }),
];
