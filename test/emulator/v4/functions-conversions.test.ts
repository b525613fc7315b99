// The To* conversions and the time parts answer as the core's `ConversionFunctions.scala` and
// `TimeFunctions.scala` (fauna/faunadb) do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Harness, q, values } from './engine-harness.js';

test('To* conversions', () => {
  const h = new Harness();
  assert.equal(h.run(q.ToNumber('42')).body, '{"resource":42}');
  assert.equal(h.run(q.ToNumber('1,234.5')).body, '{"resource":1234.5}');
  assert.equal(h.run(q.ToDouble(10)).body, '{"resource":10.0}');
  assert.equal(h.ok(q.ToString(q.ToDouble(10))), '10.0');
  assert.equal(h.ok(q.ToInteger(10.9)), 10);
  assert.equal(h.ok(q.ToInteger('10')), 10);
  assert.equal(h.fail(q.ToNumber('abc')).description, 'Cannot cast String to Number.');
  assert.equal(h.fail(q.ToInteger(true)).description, 'Cannot cast Boolean to Integer.');
  assert.deepEqual(h.ok(q.ToArray({ k0: 10, k1: 20 })), [
    ['k0', 10],
    ['k1', 20],
  ]);
  assert.deepEqual(h.ok(q.ToObject(q.ToArray({ k0: 10 }))), { k0: 10 });
  assert.deepEqual(h.ok(q.ToTime('1970-01-01T00:00:00Z')), new values.FaunaTime('1970-01-01T00:00:00Z'));
  // A Long is milliseconds to ToTime (microseconds to the time parts).
  assert.deepEqual(h.ok(q.ToTime(1500)), new values.FaunaTime('1970-01-01T00:00:01.500Z'));
  assert.deepEqual(h.ok(q.ToDate(q.Time('2020-02-29T23:59:59Z'))), new values.FaunaDate('2020-02-29'));
});

test('time parts of a Time or of microseconds, in UTC', () => {
  const h = new Harness();
  const t = q.Epoch(2147483648, 'second'); // 2038-01-19T03:14:08Z, a Tuesday
  const parts = [q.Year, q.Month, q.DayOfMonth, q.DayOfWeek, q.DayOfYear, q.Hour, q.Minute, q.Second];
  assert.deepEqual(
    parts.map((f) => h.ok(f(t))),
    [2038, 1, 19, 2, 19, 3, 14, 8],
  );
  assert.deepEqual(
    parts.map((f) => h.ok(f(0))),
    [1970, 1, 1, 4, 1, 0, 0, 0],
  );
});

test('Is* checks: refs and documents read by Get by kind; a page is an object', () => {
  const h = new Harness();
  h.ok(q.CreateCollection({ name: 'c' }));
  const doc = h.ok(q.Create(q.Collection('c'), {})).ref;
  const checks = [
    q.IsDoc(doc),
    q.IsDoc(q.Get(doc)),
    q.IsDoc({}),
    q.IsCollection(q.Collection('c')),
    q.IsCollection(q.Get(q.Collection('c'))),
    q.IsCollection(doc),
    q.IsIndex(q.Collection('c')),
    q.IsObject(q.Paginate(q.Collections())),
    q.IsRole(q.Role('r')),
    q.IsSet(q.Collections()),
  ];
  assert.deepEqual(
    checks.map((e) => h.ok(e)),
    [true, true, false, true, true, false, false, true, true, true],
  );
});
