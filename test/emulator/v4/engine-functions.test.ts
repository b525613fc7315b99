import { test } from 'node:test';
import assert from 'node:assert/strict';
import type faunadb from 'faunadb';
import { Harness, ids, q, values } from './engine-harness.js';

test('Format, Concat, time functions and arithmetic follow Fauna typing', () => {
  const h = new Harness();
  assert.equal(h.ok(q.Format('%s|%d|%.2f|%5s|%-3s|%%|%2$s', ['a', 7, 1.5, 'b', 'c'])), 'a|7|1.50|    b|c  |%|7');
  assert.equal(h.fail(q.Format('%d', 1.5)).description, 'Integer expected, Double provided.');
  assert.equal(h.fail(q.Format('%f', 3)).description, 'Double expected, Integer provided.');
  assert.equal(h.fail(q.Format('%s', q.Collection('c'))).description, 'Cannot cast Ref to String.');
  assert.equal(h.ok(q.Format('%@', q.Collection('c'))), '{"@ref":{"id":"c","class":{"@ref":{"id":"classes"}}}}');
  assert.equal(h.ok(q.Concat(['a', 'b'], '-')), 'a-b');
  assert.equal(
    h.run(q.Time('1970-01-01T00:00:00.123456789Z')).body,
    '{"resource":{"@ts":"1970-01-01T00:00:00.123456789Z"}}',
  );
  assert.equal(h.run(q.Epoch(1500, 'millisecond')).body, '{"resource":{"@ts":"1970-01-01T00:00:01.500Z"}}');
  assert.equal(h.ok(q.ToMicros(q.Epoch(2, 'second'))), 2_000_000);
  assert.equal(h.run(q.Date('2020-02-29')).body, '{"resource":{"@date":"2020-02-29"}}');
  assert.equal(
    h.run(q.TimeAdd(q.Time('2020-01-01T00:00:00Z'), 90, 'minutes')).body,
    '{"resource":{"@ts":"2020-01-01T01:30:00Z"}}',
  );
  assert.equal(h.run(q.TimeSubtract(q.Date('2020-03-01'), 1, 'day')).body, '{"resource":{"@date":"2020-02-29"}}');
  assert.equal(h.ok(q.TimeDiff(q.Epoch(0, 'second'), q.Epoch(3, 'second'), 'milliseconds')), 3000);
  const txn = h.run(q.ToMicros(q.Now()));
  assert.equal(txn.json.resource, txn.txnTime);
  assert.equal(h.ok(q.Equals(q.Now(), q.Time('now'))), true);
  assert.equal(h.run('{"add":[9007199254740993,1]}').body, '{"resource":9007199254740994}');
  assert.equal(h.run('{"add":[1,1.0]}').body, '{"resource":2.0}');
  assert.equal(h.ok(q.Modulo(7, 3)), 1);
  assert.equal(h.ok(q.Divide(7, 2)), 3);
  assert.equal(h.fail(q.Divide(1, 0)).description, 'Illegal division by zero.');
  assert.equal(h.ok('{"equals":[1,1.0]}'), false);
  assert.equal(h.ok(q.Equals([1, { a: 'x' }], [1, { a: 'x' }])), true);
});

test('collections, selection and control functions', () => {
  const h = new Harness();
  assert.deepEqual(
    h.ok(
      q.Map(
        [
          [1, 2],
          [3, 4],
        ],
        q.Lambda(['a', '_'], q.Var('a')),
      ),
    ),
    [1, 3],
  );
  assert.equal(
    h.fail(q.Map([[1]], q.Lambda(['a', 'b'], q.Var('a')))).description,
    'Lambda expects an array with 2 elements. Array contains 1.',
  );
  assert.deepEqual(h.ok(q.Filter([1, 2, 3, 4], q.Lambda('x', q.Equals(q.Modulo(q.Var('x'), 2), 0)))), [2, 4]);
  assert.deepEqual(h.ok(q.Foreach([1, 2], q.Lambda('x', q.Var('x')))), [1, 2]);
  assert.deepEqual(h.ok(q.Take(2, [1, 2, 3])), [1, 2]);
  assert.deepEqual(h.ok(q.Drop(2, [1, 2, 3])), [3]);
  assert.deepEqual([h.ok(q.IsEmpty([])), h.ok(q.IsNonEmpty([1]))], [true, true]);
  assert.equal(h.ok(q.Count([1, 2, 3])), 3);
  assert.equal(h.ok(q.ContainsPath(['a', 0, 'b'], { a: [{ b: null }] })), true);
  assert.equal(h.ok(q.ContainsPath(['a', 1], { a: [1] })), false);
  assert.equal(h.ok(q.Select(['a', 1], { a: [5, 6] })), 6);
  assert.equal(h.ok(q.Select('id', q.Ref(q.Collection('c'), '12'))), '12');
  assert.equal(h.ok(q.Let([{ a: 1 }, { b: q.Add(q.Var('a'), 1) }], q.Var('b'))), 2);
  assert.equal(h.ok(q.If(q.And(true, q.Or(false, true), q.Not(false)), 'yes', 'no')), 'yes');
  assert.equal(h.fail(q.If('x', 1, 2)).description, 'Boolean expected, String provided.');
  assert.equal(h.ok(q.Do(1, 2, 3)), 3);
  assert.match(h.ok(q.NewId()), /^\d{18}$/);
  assert.deepEqual(h.ok(q.Append([3], [1, 2])), [1, 2, 3]);
  assert.deepEqual(h.ok(q.Prepend([0], [1])), [0, 1]);
  assert.deepEqual(h.ok(q.Reverse([1, 2, 3])), [3, 2, 1]);
  assert.deepEqual(h.ok(q.Merge({ a: 1, b: { c: 1 } }, { b: { d: 2 }, a: null })), { b: { d: 2 } });
  assert.deepEqual(
    [h.ok(q.IsNull(null)), h.ok(q.IsString(1)), h.ok(q.IsRef(q.Collection('c'))), h.ok(q.IsTimestamp(q.Now()))],
    [true, false, true, true],
  );
  assert.equal(h.ok(q.ToString(12)), '12');
  const lambda = h.run(q.Lambda('x', q.Var('x'))).body;
  // api_version first, as the core answers.
  assert.equal(lambda, '{"resource":{"@query":{"api_version":"4","lambda":"x","expr":{"var":"x"}}}}');
});

test('set algebra, singleton and sources over real sets', () => {
  const h = new Harness();
  h.ok(q.CreateCollection({ name: 'n' }));
  h.ok(q.CreateIndex({ name: 'n_by_v', source: q.Collection('n'), terms: [{ field: ['data', 'v'] }] }));
  const docs = h.ok(
    q.Map(
      [1, 2, 3, 4],
      q.Lambda('i', q.Create(q.Ref(q.Collection('n'), q.Var('i')), { data: { v: q.Modulo(q.Var('i'), 2) } })),
    ),
  );
  assert.equal(docs.length, 4);
  const odd = q.Match(q.Index('n_by_v'), 1),
    all = q.Documents(q.Collection('n'));
  assert.deepEqual(ids(h.ok(q.Paginate(q.Union(odd, q.Match(q.Index('n_by_v'), 0))))), ['1', '2', '3', '4']);
  assert.deepEqual(ids(h.ok(q.Paginate(q.Intersection(all, odd)))), ['1', '3']);
  assert.deepEqual(ids(h.ok(q.Paginate(q.Difference(all, odd)))), ['2', '4']);
  assert.deepEqual(ids(h.ok(q.Paginate(q.Singleton(q.Ref(q.Collection('n'), '2'))))), ['2']);
  const src = h.run(q.Paginate(odd, { sources: true, size: 1 })).body;
  assert.match(
    src,
    /^\{"resource":\{"after":\[\{"@ref":\{"id":"3",.*\}\],"data":\[\{"value":\{"@ref":\{"id":"1",.*\},"sources":\[\{"@set":\{"match":\{"@ref":\{"id":"n_by_v","collection":\{"@ref":\{"id":"indexes"\}\}\}\},"terms":1\}\}\]\}\]\}\}$/,
  );
  assert.equal(
    h.run(all).body,
    '{"resource":{"@set":{"documents":{"@ref":{"id":"n","collection":{"@ref":{"id":"collections"}}}}}}}',
  );
  const setRef = h.ok(q.Range(q.Match(q.Index('n_by_v'), 1), [], []));
  assert.ok(setRef instanceof values.SetRef);
  assert.deepEqual(ids(h.ok(q.Paginate(setRef))), ['1', '3']);
  const quoted = h.ok(q.Lambda('x', q.Var('x')));
  assert.ok(quoted instanceof values.Query);
  // api_version first, as the core answers.
  assert.equal(h.run(quoted).body, '{"resource":{"@query":{"api_version":"4","lambda":"x","expr":{"var":"x"}}}}');
  assert.equal(h.ok(q.Select(['data', 'v'], q.Get(odd))), 1);
  assert.equal(h.ok(q.Exists(q.Match(q.Index('n_by_v'), 7))), false);
});

test('unique indexes, collection updates and deletes, keys of deleted databases', () => {
  const h = new Harness();
  h.ok(q.CreateCollection({ name: 'u' }));
  h.ok(
    q.CreateIndex({ name: 'u_email', source: q.Collection('u'), terms: [{ field: ['data', 'email'] }], unique: true }),
  );
  h.ok(q.Create(q.Collection('u'), { data: { email: 'a@x' } }));
  const dup = h.fail(q.Create(q.Collection('u'), { data: { email: 'a@x' } }));
  assert.deepEqual([dup.status, dup.code, dup.description], [400, 'instance not unique', 'document is not unique.']);
  assert.equal(h.ok(q.Count(q.Documents(q.Collection('u')))), 1);
  // A unique index built over stored duplicates (here, history) is made; later writes are bound.
  const old = h.ok(q.Create(q.Collection('u'), { data: { name: 'n' } }));
  h.ok(q.Create(q.Collection('u'), { data: { name: 'n' } }));
  h.ok(q.Delete(old.ref));
  h.ok(
    q.CreateIndex({ name: 'u_name', source: q.Collection('u'), terms: [{ field: ['data', 'name'] }], unique: true }),
  );
  assert.equal(h.fail(q.Create(q.Collection('u'), { data: { name: 'n' } })).code, 'instance not unique');
  assert.equal(h.ok(q.Update(q.Collection('u'), { history_days: 3 })).history_days, 3);
  h.ok(q.Delete(q.Collection('u')));
  assert.deepEqual([h.ok(q.Exists(q.Collection('u'))), h.ok(q.Exists(q.Index('u_email')))], [false, false]);
  h.ok(q.CreateDatabase({ name: 'gone' }));
  const secret = h.ok(q.CreateKey({ database: q.Database('gone'), role: 'server' })).secret;
  assert.equal(h.run(q.Now(), secret).status, 200);
  h.ok(q.Delete(q.Database('gone')));
  assert.equal(h.run(q.Now(), secret).status, 401);
  assert.equal(ids(h.ok(q.Paginate(q.Databases()))).length, 0);
  const bytes = h.ok(new values.Bytes('AAEC'));
  assert.deepEqual([...bytes.value], [0, 1, 2]);
});

test('Update merges deeply and null removes; Replace swaps data; Map, Filter and Foreach keep page cursors', () => {
  const h = new Harness();
  h.ok(q.CreateCollection({ name: 'w' }));
  const ref = q.Ref(q.Collection('w'), '1');
  h.ok(q.Create(ref, { data: { a: { b: 1, c: 2 }, keep: true } }));
  assert.deepEqual(h.ok(q.Update(ref, { data: { a: { c: null, d: 3 } } })).data, { a: { b: 1, d: 3 }, keep: true });
  assert.deepEqual(h.ok(q.Replace(ref, { data: { only: 1 } })).data, { only: 1 });
  assert.deepEqual(h.ok(q.Select(['data'], q.Get(ref))), { only: 1 });
  h.ok(q.Create(q.Ref(q.Collection('w'), '2'), { data: {} }));
  const page = (f: (p: faunadb.Expr) => unknown) => h.ok(f(q.Paginate(q.Documents(q.Collection('w')), { size: 1 })));
  const mapped = page((p) => q.Map(p, q.Lambda('r', q.Select('id', q.Var('r')))));
  assert.deepEqual([mapped.data, mapped.after[0].id], [['1'], '2']);
  const filtered = page((p) => q.Filter(p, q.Lambda('r', false)));
  assert.deepEqual([filtered.data, filtered.after[0].id], [[], '2']);
  assert.equal(page((p) => q.Foreach(p, q.Lambda('r', true))).after[0].id, '2');
  // The default is only evaluated when the path is missing.
  assert.equal(h.ok(q.Select('a', { a: 1 }, q.Abort('not evaluated'))), 1);
  assert.equal(h.ok(q.Select('z', { a: 1 }, 'fallback')), 'fallback');
  h.ok(q.CreateRole({ name: 'r1', privileges: [] }));
  assert.deepEqual(ids(h.ok(q.Paginate(q.Roles()))), ['r1']);
  assert.deepEqual(h.ok(q.Select('ref', q.Delete(ref))).id, '1');
  assert.equal(h.ok(q.Exists(ref)), false);
});
