// The folds (Count, Sum, Mean, Any, All, Max, Min, Reduce), Distinct, Reverse, Join, Merge and the
// Contains* functions answer as the core's `ReduceFunctions.scala`, `SetFunctions.scala`,
// `ObjectFunctions.scala` and `BasicFunctions.scala` (fauna/faunadb) do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Harness, ids, q } from './engine-harness.js';

function withNumbers(): Harness {
  const h = new Harness();
  h.ok(q.CreateCollection({ name: 'n' }));
  h.ok(q.CreateIndex({ name: 'n_values', source: q.Collection('n'), values: [{ field: ['data', 'v'] }] }));
  h.ok(q.CreateIndex({ name: 'n_by_v', source: q.Collection('n'), terms: [{ field: ['data', 'v'] }] }));
  h.ok(q.Foreach([3, 1, 2, 2], q.Lambda('v', q.Create(q.Collection('n'), { data: { v: q.Var('v') } }))));
  return h;
}

test('folds answer a value for an array or a set, a one-element page for a page', () => {
  const h = withNumbers();
  const set = q.Match(q.Index('n_values'));
  assert.deepEqual(
    [q.Count(set), q.Sum(set), q.Mean([1, 2]), q.Max(set), q.Min(3, 'a', 1), q.Max([4, 9])].map((e) => h.ok(e)),
    [4, 8, 1.5, 3, 1, 9],
  );
  assert.equal(h.run(q.Sum([1, 2.5])).body, '{"resource":3.5}');
  const counted = h.ok(q.Count(q.Paginate(set, { size: 2 })));
  assert.deepEqual(counted.data, [2]);
  assert.deepEqual(counted.after, h.ok(q.Paginate(set, { size: 2 })).after);
  assert.deepEqual(
    [h.ok(q.Any([false, true])), h.ok(q.All([true, false])), h.ok(q.All(q.Match(q.Index('n_by_v'), 9)))],
    [true, false, true],
  );
  assert.equal(h.ok(q.Reduce(q.Lambda(['acc', 'x'], q.Add(q.Var('acc'), q.Var('x'))), 10, set)), 18);
  assert.equal(h.fail(q.Mean([])).description, 'Non-empty array expected.');
  assert.equal(h.fail(q.Any([1])).description, 'Boolean expected, Integer provided.');
});

test('Distinct, Reverse and Join make sets of sets', () => {
  const h = withNumbers();
  const set = q.Match(q.Index('n_values'));
  assert.deepEqual(h.ok(q.Paginate(q.Distinct(set))).data, [1, 2, 3]);
  assert.deepEqual(h.ok(q.Paginate(q.Reverse(set))).data, [3, 2, 2, 1]);
  assert.deepEqual(h.ok(q.Distinct([1, 1, 2])), [1, 2]);
  assert.deepEqual(h.ok(q.Reverse([1, 2, 3])), [3, 2, 1]);
  const byIndex = ids(h.ok(q.Paginate(q.Join(q.Distinct(set), q.Index('n_by_v')))));
  const byLambda = ids(
    h.ok(q.Paginate(q.Join(q.Distinct(set), q.Lambda('v', q.Match(q.Index('n_by_v'), q.Var('v')))))),
  );
  assert.equal(byIndex.length, 4);
  assert.deepEqual(byLambda, byIndex);
});

test('Merge with a lambda, ContainsValue and ContainsField', () => {
  const h = new Harness();
  assert.deepEqual(h.ok(q.Merge({}, [{ x: 'x' }, { y: 'y' }])), { x: 'x', y: 'y' });
  assert.deepEqual(h.ok(q.Merge({ x: 'A' }, { x: 'x', y: 'y' }, q.Lambda(['k', 'l', 'r'], q.Var('l')))), { x: 'A' });
  assert.deepEqual(h.ok(q.Merge({ a: 1, b: 2 }, { a: null })), { b: 2 });
  assert.deepEqual(
    [
      q.ContainsValue([2, 3], [1, [2, 3]]),
      q.ContainsValue(3, [1, [2, 3]]),
      q.ContainsValue({ p: 'b' }, { x: { p: 'b' } }),
    ].map((e) => h.ok(e)),
    [true, false, true],
  );
  assert.equal(h.ok(q.ContainsValue('c', q.Collection('c'))), true);
  assert.equal(
    h.fail(q.ContainsValue('a', 'abc')).description,
    'Object, Array, Page, Set, or Ref expected, Scalar provided.',
  );
  assert.deepEqual(
    [h.ok(q.ContainsField('a', { a: null })), h.ok(q.ContainsField('b', { a: { b: 1 } }))],
    [true, false],
  );
  assert.equal(h.fail(q.ContainsField('a', [1])).description, 'Object expected, Array provided.');
});
