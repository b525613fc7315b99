import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJson, stringifyJson } from '../../src/fauna/json.js';

test('an ordinary page parses as JSON.parse does, 16-digit timestamps and long id strings included', () => {
  const body =
    '{"resource":{"data":[{"ref":{"@ref":{"id":"338836293305765959"}},"ts":1700000000000001,"data":{"x":1.5,"n":-3}}]}}';
  assert.deepEqual(parseJson(body), JSON.parse(body));
});

test('integers beyond 2^53 keep every digit, safe ones stay numbers', () => {
  const value = parseJson(
    '{"big":9007199254740993,"neg":-12345678901234567890,"max":9007199254740991,"ts":1700000000000001,"f":12345678901234567.5}',
  );
  assert.deepEqual(value, {
    big: 9007199254740993n,
    neg: -12345678901234567890n,
    max: 9007199254740991,
    ts: 1700000000000001,
    f: 12345678901234567.5,
  });
});

test('a big integer in an array or after whitespace is still exact', () => {
  assert.deepEqual(parseJson('[ 1, 99999999999999999999 ]'), [1, 99999999999999999999n]);
});

test('digits inside strings are left alone', () => {
  assert.deepEqual(parseJson('{"s":"x:99999999999999999999"}'), { s: 'x:99999999999999999999' });
});

test('stringify prints big integers with their exact digits', () => {
  const text = '{"a":[1,9007199254740993,{"b":-12345678901234567890}],"s":"é\\n"}';
  assert.equal(stringifyJson(parseJson(text)), text);
});

test('stringify without big integers is JSON.stringify', () => {
  const value = { a: [1, 2.5, null, true], b: { c: 'd"' } };
  assert.equal(stringifyJson(value), JSON.stringify(value));
});

test('invalid JSON throws a SyntaxError on both paths', () => {
  assert.throws(() => parseJson('<html>'), SyntaxError);
  assert.throws(() => parseJson('{"a":99999999999999999999'), SyntaxError);
});

test('a 16-digit integer starting with 9, or any longer one, takes the exact path wherever a number may start', () => {
  assert.deepEqual(parseJson('{"a":\n\t -9007199254740993}'), { a: -9007199254740993n });
  assert.deepEqual(parseJson('[1,9007199254740993]'), [1, 9007199254740993n]);
  assert.deepEqual(parseJson('{"a":1,"b":123456789012345678}'), { a: 1, b: 123456789012345678n });
  // Fraction digits and 16-digit timestamps are no integers beyond 2^53.
  assert.deepEqual(parseJson('{"x":0.12345678901234567,"ts":1700000000000001}'), {
    x: 0.12345678901234567,
    ts: 1700000000000001,
  });
});

test("the core's doubles, printed as Java prints them, read as numbers: exponents and -0.0", () => {
  const value = parseJson('{"huge":1.0E300,"negzero":-0.0,"long":1.2345678901234567E300,"tiny":[1.0E-5]}') as {
    huge: number;
    negzero: number;
    long: number;
    tiny: number[];
  };
  assert.deepEqual(value, { huge: 1e300, negzero: -0, long: 1.2345678901234567e300, tiny: [1e-5] });
  assert.ok(Object.is(value.negzero, -0));
});
