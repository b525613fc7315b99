// `matches(regex)` and `matchIndexes(regex)` on strings (`runtime/fql2/stdlib/Strings.scala` of
// `fauna/faunadb`): every non-overlapping match, left to right, with its start counted in code
// points. (A `match` expression is refused by the parser, as the core's interpreter refuses it.)
import type { Span } from './ast.js';
import { V10Error } from './errors.js';

/** `[start, matched text]` of each match of `pattern` (a Java regular expression; JavaScript's syntax is close). */
export function matches(s: string, pattern: string, at: Span): [number, string][] {
  let re: RegExp;
  try {
    re = new RegExp(pattern, 'g');
  } catch (err) {
    const reason = (err as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, '');
    throw new V10Error('invalid_regex', `Invalid regular expression. ${reason}`, at);
  }
  return [...s.matchAll(re)].map((m) => [[...s.slice(0, m.index)].length, m[0]]);
}
