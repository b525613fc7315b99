// The one transaction clock and the document ids: snowflake ids as the core makes them (the
// millisecond since 1336258850000 in the top 43 bits, a 10-bit sequence, a 10-bit worker), strings
// that grow with time; one monotonic clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Harness, q } from './engine-harness.js';

const increasing = (ids: string[]): boolean => ids.every((id, i) => i === 0 || BigInt(ids[i - 1]!) < BigInt(id));

test('generated ids are snowflake ids that grow across and within transactions, past 1,024 in one millisecond', () => {
  const h = new Harness();
  h.ok(q.CreateCollection({ name: 'c' }));
  const created: string[] = [];
  for (let i = 0; i < 3; i++) created.push(h.ok(q.Create(q.Collection('c'), {})).ref.id);
  // 1,200 creates in one transaction: more than the 1,024 ids one millisecond holds.
  const many = h.ok(
    q.Map(
      Array.from({ length: 1200 }, (_, i) => i),
      q.Lambda('i', q.Select(['ref', 'id'], q.Create(q.Collection('c'), {}))),
    ),
  );
  const after = h.ok(q.Create(q.Collection('c'), {})).ref.id;
  const all = [...created, ...many, after];
  // 18 digits today, as the core's (412653216549789952 was made in October 2024).
  for (const id of all) assert.match(id, /^\d{18}$/);
  assert.ok(increasing(all), 'ids grow in creation order');
  assert.equal(new Set(all).size, all.length);
  // The top bits are the transaction's millisecond since the snowflake epoch.
  const txn = h.run(q.Create(q.Collection('c'), {}));
  const id = BigInt(txn.json.resource.ref.id);
  assert.equal(Number(id >> 20n) + 1_336_258_850_000, Math.floor(txn.txnTime / 1000));
  assert.equal(id & 0x3ffn, 0n, 'worker 0');
  assert.equal(typeof h.ok(q.NewId()), 'string');
});

test('the clock never goes back nor repeats, whatever the wall clock does, in whole milliseconds', () => {
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
  // Whole milliseconds, as the core's write times: never a fraction of one.
  assert.ok(
    times.every((t) => t % 1000 === 0),
    times.join(' '),
  );
});

test('an idle server commits on a 10 ms grid, as the core commits in 10 ms epochs; a busy one takes the next millisecond', () => {
  let wall = 1_700_000_000_003_217;
  const h = new Harness({ clock: () => wall });
  h.ok(q.CreateCollection({ name: 'c' }));
  for (let i = 0; i < 4; i++) {
    wall += 37_513;
    const t = h.run(q.Create(q.Collection('c'), {})).txnTime;
    assert.equal(t, wall - (wall % 10_000), `${t} at wall ${wall}`);
  }
  // Three transactions within one epoch: the epoch's start, then one millisecond apart.
  wall += 40_000;
  const busy = [0, 1, 2].map(() => h.run(q.Create(q.Collection('c'), {})).txnTime);
  assert.deepEqual(
    busy.map((t) => t - busy[0]!),
    [0, 1000, 2000],
  );
  assert.equal(busy[0]! % 10_000, 0);
});
