// String functions answer as the core's `StringFunctions.scala` (fauna/faunadb) does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Harness, q } from './engine-harness.js';

test('string functions', () => {
  const h = new Harness();
  const answers = [
    [q.Casefold('Hen Wen'), 'hen wen'],
    [q.Casefold('\u212B', 'NFD'), 'A\u030A'],
    [q.ContainsStr('a big apple', 'g a'), true],
    [q.ContainsStrRegex('ABC', '[a-z]'), false],
    [q.StartsWith('ABC', 'AB'), true],
    [q.EndsWith('ABC', 'AB'), false],
    [q.RegexEscape('A.B'), '\\QA.B\\E'],
    [q.ContainsStrRegex('xA.By', q.RegexEscape('A.B')), true],
    [q.FindStr('a big apple', 'a', 2), 6],
    [q.FindStr('ABC', 'A', 1), -1],
    [
      q.FindStrRegex('one fish two Fish', '[fF]ish'),
      [
        { start: 4, end: 7, data: 'fish' },
        { start: 13, end: 16, data: 'Fish' },
      ],
    ],
    [q.Length('two words'), 9],
    [q.LowerCase('ApPle'), 'apple'],
    [q.UpperCase('abc def'), 'ABC DEF'],
    [q.TitleCase('one fISH tWo FISH'), 'One Fish Two Fish'],
    [q.Trim('\t\nABC DEF\t\n   '), 'ABC DEF'],
    [q.LTrim('  A '), 'A '],
    [q.RTrim(' A  '), ' A'],
    [q.NGram('what'), ['w', 'wh', 'h', 'ha', 'a', 'at', 't']],
    [q.NGram(['john', 'doe'], 3, 4), ['joh', 'john', 'ohn', 'doe']],
    [q.Repeat('A'), 'AA'],
    [q.ReplaceStr('One Fish Two Fish', 'Fish', 'Cat'), 'One Cat Two Cat'],
    [q.ReplaceStrRegex('One Fish Two fish', '[Ff]ish', 'Cat'), 'One Cat Two Cat'],
    [q.ReplaceStrRegex('aaa', 'a', 'b', true), 'baa'],
    [q.Space(3), '   '],
    [q.SubString('ABCDEF', -3), 'DEF'],
    [q.SubString('ABCDEF', 0, 3), 'ABC'],
  ] as const;
  for (const [expr, want] of answers) assert.deepEqual(h.ok(expr), want, JSON.stringify(expr));
  assert.equal(
    h.fail(q.ContainsStrRegex('a', '(')).description,
    'Search pattern /(/ is not a valid regular expression.',
  );
  assert.equal(h.fail(q.SubString('abc', 5)).description, 'start must be less than or equal to the string length');
});
