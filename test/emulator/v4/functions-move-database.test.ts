// MoveDatabase moves a database, its contents and its keys under another one, as the core's
// `MoveDatabaseFunction` does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Harness, q } from './engine-harness.js';

test('MoveDatabase', () => {
  const h = new Harness();
  h.ok(q.Do(q.CreateDatabase({ name: 'a' }), q.CreateDatabase({ name: 'b' })));
  const key = h.ok(q.CreateKey({ database: q.Database('a'), role: 'server' })).secret;
  h.ok(q.CreateCollection({ name: 'c' }), key);
  const moved = h.ok(q.MoveDatabase(q.Database('a'), q.Database('b')));
  assert.equal(moved.name, 'a');
  assert.deepEqual(
    [
      q.Exists(q.Database('a')),
      q.Exists(q.Database('a', q.Database('b'))),
      q.Exists(q.Collection('c', q.Database('a', q.Database('b')))),
    ].map((e) => h.ok(e)),
    [false, true, true],
  );
  // Its key went with it.
  assert.equal(h.ok(q.Exists(q.Collection('c')), key), true);
  assert.equal(
    h.fail(q.MoveDatabase(q.Database('b'), q.Database('a', q.Database('b')))).description,
    "Cannot move database 'b' into parent 'a': Cannot move database from ancestor to descendant.",
  );
  assert.equal(h.fail(q.MoveDatabase(q.Database('b'), q.Database('b'))).code, 'move database error');
});
