// User functions, Let bound by an object, and quoted lambdas read back as the core renders them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Harness, q } from './engine-harness.js';

test('CreateFunction keeps a quoted lambda that Call applies in a scope of its own', () => {
  const h = new Harness();
  const made = h.ok(
    q.CreateFunction({ name: 'slash', body: q.Query(q.Lambda(['a', 'b'], q.Concat([q.Var('a'), q.Var('b')], '/'))) }),
  );
  assert.equal(made.name, 'slash');
  assert.equal(h.ok(q.Call(q.Function('slash'), 'a', 'b')), 'a/b');
  h.ok(q.CreateFunction({ name: 'pick', body: q.Query(q.Lambda('o', q.Select('a', q.Var('o')))) }));
  assert.equal(h.ok(q.Let({ o: 1 }, q.Call(q.Function('pick'), { a: q.Var('o') }))), 1);
  assert.equal(h.ok(q.Exists(q.Function('pick'))), true);
  assert.equal(h.fail(q.Call(q.Function('nope'), 1)).description, "Ref refers to undefined function 'nope'");
  assert.equal(
    h.fail(q.CreateFunction({ name: 'slash', body: q.Query(q.Lambda('x', 1)) })).description,
    'Function already exists.',
  );
  h.ok(q.Delete(q.Function('pick')));
  assert.equal(h.ok(q.Exists(q.Function('pick'))), false);
});

test('Let takes an object of bindings; a quoted lambda renders its Let as one object, api_version first', () => {
  const h = new Harness();
  assert.deepEqual(h.ok(q.Let({ x: 1, y: q.Var('x') }, [q.Var('x'), q.Var('y')])), [1, 1]);
  assert.equal(
    h.run(q.Query(q.Lambda('_', q.Let([{ x: 1 }, { y: 2 }], q.Var('y'))))).body,
    '{"resource":{"@query":{"api_version":"4","lambda":"_","expr":{"let":{"x":1,"y":2},"in":{"var":"y"}}}}}',
  );
  // A lambda sent without an API version is a legacy one, of API 2.12.
  assert.equal(
    h.run('{"@query":{"lambda":"X","expr":{"var":"X"}}}').body,
    '{"resource":{"@query":{"api_version":"2.12","lambda":"X","expr":{"var":"X"}}}}',
  );
});
