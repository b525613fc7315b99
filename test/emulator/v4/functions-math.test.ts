// Math and comparison functions answer as the core does (`NumericFunctions.scala`,
// `TrigFunctions.scala` of fauna/faunadb): the answers below are the core's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Harness, q } from './engine-harness.js';

test('numeric functions keep Long or Double as the core does', () => {
  const h = new Harness();
  assert.equal(h.run(q.Abs(-10)).body, '{"resource":10}');
  assert.equal(h.run(q.Ceil(1.2)).body, '{"resource":2.0}');
  assert.equal(h.run(q.Floor(7)).body, '{"resource":7}');
  assert.equal(h.run(q.Sign(-1.5)).body, '{"resource":-1}');
  assert.equal(h.run(q.Sqrt(16)).body, '{"resource":4.0}');
  assert.equal(h.run(q.Pow(3)).body, '{"resource":9.0}');
  assert.equal(h.ok(q.Hypot(3, 4)), 5);
  assert.equal(h.ok(q.Round(155.678, -1)), 160);
  assert.equal(h.ok(q.Round(155.678, 1)), 155.7);
  assert.equal(h.ok(q.Round(155.675)), 155.68);
  assert.equal(h.ok(q.Trunc(155.678, 2)), 155.67);
  assert.equal(h.ok(q.Trunc(q.Acos(0.5), 2)), 1.04);
  assert.equal(h.ok(q.Trunc(q.Degrees(6.29), 0)), 360);
  assert.equal(h.ok(q.Trunc(q.Log(100), 0)), 2);
  assert.deepEqual(
    [q.BitAnd(7, 3), q.BitOr(1, 2, 4), q.BitXor(1, 3), q.BitNot(1)].map((e) => h.ok(e)),
    [3, 7, 2, -2],
  );
  assert.deepEqual([h.ok(q.Max(2, 5, 4)), h.ok(q.Min(2, 1.5, 4))], [5, 1.5]);
  assert.equal(h.fail(q.Sqrt(-4)).description, '-4 must be positive');
  assert.equal(h.fail(q.Asin(2)).description, '2 must be between -1 and 1 inclusive');
  assert.equal(h.fail(q.Abs('x')).description, 'Number expected, String provided.');
});

test('LT, LTE, GT and GTE compare every adjacent pair in index order', () => {
  const h = new Harness();
  assert.deepEqual(
    [q.LT(1, 2, 3), q.LT(1, 1), q.LTE(1, 1.0, 2), q.GT(3, 2, 2), q.GTE('b', 'a'), q.LT(9, 'a')].map((e) => h.ok(e)),
    [true, false, true, false, true, true],
  );
});
