// Insert and Remove rewrite a document's past, and indexes follow, as the core's
// `InsertVersionFunction` and `RemoveVersionFunction` do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Harness, q } from './engine-harness.js';

test('Insert writes a version into the past; Remove erases one', () => {
  const h = new Harness();
  h.ok(q.CreateCollection({ name: 't' }));
  h.ok(q.CreateIndex({ name: 't_w', source: q.Collection('t'), values: [{ field: ['data', 'w'] }] }));
  const doc = h.ok(q.Create(q.Collection('t'), { data: { w: 1 } }));
  const before = doc.ts - 1;
  const inserted = h.ok(q.Insert(doc.ref, before, 'create', { data: { w: 0 } }));
  assert.deepEqual([inserted.ts, inserted.action, inserted.data], [before, 'create', { w: 0 }]);
  assert.deepEqual(h.ok(q.Get(doc.ref, before)).data, { w: 0 });
  assert.deepEqual(h.ok(q.At(before, q.Paginate(q.Match(q.Index('t_w'))))).data, [0]);
  assert.deepEqual(h.ok(q.Paginate(q.Match(q.Index('t_w')))).data, [1]);
  const replaced = h.ok(q.Replace(doc.ref, { data: { w: 2 } }));
  assert.equal(h.ok(q.Remove(doc.ref, replaced.ts, 'create')), null);
  assert.deepEqual(h.ok(q.Get(doc.ref)), doc);
  assert.deepEqual(h.ok(q.Paginate(q.Match(q.Index('t_w')))).data, [1]);
  assert.equal(
    h.fail(q.Insert(doc.ref, q.TimeAdd(q.Now(), 1, 'day'), 'create', {})).description,
    'Cannot write outside of snapshot time.',
  );
});
