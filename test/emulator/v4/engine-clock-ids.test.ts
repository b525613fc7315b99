// The one transaction clock and the document ids derived from it (issue 2: ids of 18-19 digits
// that grow with time, as strings; one monotonic microsecond clock).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Harness, q } from './engine-harness.js';

const increasing = (ids: string[]): boolean => ids.every((id, i) => i === 0 || BigInt(ids[i - 1]!) < BigInt(id));

test('generated ids are 19-digit strings that grow across and within transactions, past 1000 in one', () => {
  const h = new Harness();
  h.ok(q.CreateCollection({ name: 'c' }));
  const created: string[] = [];
  for (let i = 0; i < 3; i++) created.push(h.ok(q.Create(q.Collection('c'), {})).ref.id);
  // 1,200 creates in one transaction: more than the 1,000 ids one microsecond holds.
  const many = h.ok(
    q.Map(
      Array.from({ length: 1200 }, (_, i) => i),
      q.Lambda('i', q.Select(['ref', 'id'], q.Create(q.Collection('c'), {}))),
    ),
  );
  const after = h.ok(q.Create(q.Collection('c'), {})).ref.id;
  const all = [...created, ...many, after];
  for (const id of all) assert.match(id, /^\d{18,19}$/);
  assert.ok(increasing(all), 'ids grow in creation order');
  assert.equal(new Set(all).size, all.length);
  // The leading digits are the transaction time in microseconds.
  const txn = h.run(q.Create(q.Collection('c'), {}));
  assert.equal(txn.json.resource.ref.id.slice(0, 16), String(txn.txnTime));
  assert.equal(typeof h.ok(q.NewId()), 'string');
});

test('the clock never goes back nor repeats, whatever the wall clock does', () => {
  let wall = 1_700_000_000_000_000;
  const h = new Harness({ clock: () => wall });
  h.ok(q.CreateCollection({ name: 'c' }));
  const times: number[] = [];
  for (const step of [0, 0, -5_000_000, 0, 10_000_000]) {
    wall += step;
    const a = h.run(
      q.Let({ doc: q.Create(q.Collection('c'), {}) }, [q.ToMicros(q.Now()), q.Select('ts', q.Var('doc'))]),
    );
    // Now(), the document's ts and x-txn-time are the same instant.
    assert.deepEqual(a.json.resource, [a.txnTime, a.txnTime]);
    times.push(a.txnTime);
  }
  assert.ok(
    times.every((t, i) => i === 0 || times[i - 1]! < t),
    times.join(' '),
  );
  assert.equal(times[4], wall, 'the wall clock is followed again once it is ahead');
});
