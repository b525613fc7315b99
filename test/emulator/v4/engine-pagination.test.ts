import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Harness, ids, q, values } from './engine-harness.js';

function setup(): Harness {
  const h = new Harness();
  h.ok(q.CreateCollection({ name: 'things', history_days: null }));
  h.ok(
    q.CreateIndex({
      name: 'by_i',
      source: q.Collection('things'),
      values: [{ field: ['data', 'i'] }, { field: ['ref'] }],
    }),
  );
  h.ok(q.CreateIndex({ name: 'by_tag', source: q.Collection('things'), terms: [{ field: ['data', 'tag'] }] }));
  return h;
}

test('Documents are ordered by numeric id and cursors walk both ways without repeats', () => {
  const h = setup();
  for (const id of ['100', '9', '10', '2', '1000'])
    h.ok(q.Create(q.Ref(q.Collection('things'), id), { data: { i: Number(id) } }));
  const set = q.Documents(q.Collection('things'));
  const first = h.ok(q.Paginate(set, { size: 2 }));
  assert.deepEqual(ids(first), ['2', '9']);
  assert.equal(first.before, undefined);
  assert.deepEqual(
    first.after.map((r: any) => r.id),
    ['10'],
  );
  const second = h.ok(q.Paginate(set, { size: 2, after: first.after }));
  assert.deepEqual(ids(second), ['10', '100']);
  assert.deepEqual(
    second.before.map((r: any) => r.id),
    ['10'],
  );
  const last = h.ok(q.Paginate(set, { size: 2, after: second.after }));
  assert.deepEqual(ids(last), ['1000']);
  assert.equal(last.after, undefined);
  const back = h.ok(q.Paginate(set, { size: 2, before: second.after }));
  assert.deepEqual(ids(back), ['10', '100']);
  assert.deepEqual(
    back.before.map((r: any) => r.id),
    ['10'],
  );
  assert.deepEqual(
    back.after.map((r: any) => r.id),
    ['1000'],
  );
  const front = h.ok(q.Paginate(set, { size: 2, before: back.before }));
  assert.deepEqual(ids(front), ['2', '9']);
  assert.equal(front.before, undefined);
  assert.deepEqual(ids(h.ok(q.Paginate(set, { size: 3, before: null }))), ['10', '100', '1000']);
});

test('index pages carry [values..., ref] cursors, prefix cursors and exact page JSON', () => {
  const h = setup();
  h.ok(q.Map([3, 1, 2, 5, 4], q.Lambda('i', q.Create(q.Collection('things'), { data: { i: q.Var('i') } }))));
  const m = q.Match(q.Index('by_i'));
  const page = h.ok(q.Paginate(m, { size: 2 }));
  assert.deepEqual(
    page.data.map((d: any) => d[0]),
    [1, 2],
  );
  assert.equal(page.after.length, 3);
  assert.equal(page.after[0], 3);
  assert.ok(page.after[1].equals(page.after[2]));
  assert.deepEqual(
    h.ok(q.Paginate(m, { after: 4 })).data.map((d: any) => d[0]),
    [4, 5],
  );
  assert.deepEqual(
    h.ok(q.Paginate(m, { before: 3 })).data.map((d: any) => d[0]),
    [1, 2],
  );
  const raw = h.run(q.Paginate(m, { after: 5 })).body;
  assert.match(
    raw,
    /^\{"resource":\{"before":\[5\],"data":\[\[5,\{"@ref":\{"id":"\d{18}","collection":\{"@ref":\{"id":"things","collection":\{"@ref":\{"id":"collections"\}\}\}\}\}\}\]\]\}\}$/,
  );
});

test('Range bounds are inclusive and prefix-matched; Match finds terms', () => {
  const h = setup();
  h.ok(
    q.Map(
      [1, 2, 3, 4, 5, 6, 7, 8],
      q.Lambda(
        'i',
        q.Create(q.Collection('things'), {
          data: { i: q.Var('i'), tag: q.If(q.Equals(q.Modulo(q.Var('i'), 2), 0), 'even', 'odd') },
        }),
      ),
    ),
  );
  const r = h.ok(q.Paginate(q.Range(q.Match(q.Index('by_i')), 3, 6)));
  assert.deepEqual(
    r.data.map((d: any) => d[0]),
    [3, 4, 5, 6],
  );
  const rb = h.ok(q.Paginate(q.Range(q.Match(q.Index('by_i')), [3], [6]), { before: null, size: 2 }));
  assert.deepEqual(
    rb.data.map((d: any) => d[0]),
    [5, 6],
  );
  const even = h.ok(
    q.Map(q.Paginate(q.Match(q.Index('by_tag'), 'even')), q.Lambda('r', q.Select(['data', 'i'], q.Get(q.Var('r'))))),
  );
  assert.deepEqual(even.data, [2, 4, 6, 8]);
  assert.equal(h.ok(q.Count(q.Match(q.Index('by_tag'), 'odd'))), 4);
  const tagged = h.ok(q.Create(q.Collection('things'), { data: { tag: ['x', ['y', 'z']], i: [] } }));
  for (const tag of ['x', 'y', 'z'])
    assert.deepEqual(ids(h.ok(q.Paginate(q.Match(q.Index('by_tag'), tag)))), [tagged.ref.id]);
  assert.equal(h.ok(q.Count(q.Range(q.Match(q.Index('by_i')), [], []))), 8);
});

test('At and Paginate ts read the snapshot; events show adds, removes and document diffs', () => {
  const h = setup();
  const a = h.ok(q.Create(q.Collection('things'), { data: { i: 1 } }));
  const b = h.ok(q.Create(q.Collection('things'), { data: { i: 2 } }));
  h.ok(q.Update(a.ref, { data: { i: 10, extra: 'x' } }));
  h.ok(q.Delete(b.ref));
  const set = q.Documents(q.Collection('things'));
  assert.deepEqual(ids(h.ok(q.At(a.ts, q.Paginate(set)))), [a.ref.id]);
  assert.deepEqual(ids(h.ok(q.Paginate(set, { ts: b.ts }))), [a.ref.id, b.ref.id]);
  assert.deepEqual(h.ok(q.At(a.ts, q.Select(['data', 'i'], q.Get(a.ref)))), 1);
  assert.deepEqual(
    h.ok(q.At(b.ts, q.Paginate(q.Match(q.Index('by_i'))))).data.map((d: any) => d[0]),
    [1, 2],
  );
  const ev = h.ok(q.Paginate(set, { events: true }));
  assert.deepEqual(
    ev.data.map((e: any) => [e.action, e.document.id]),
    [
      ['add', a.ref.id],
      ['add', b.ref.id],
      ['remove', b.ref.id],
    ],
  );
  assert.equal('data' in ev.data[0], false);
  const idx = h.ok(q.Paginate(q.Match(q.Index('by_i')), { events: true }));
  assert.deepEqual(
    idx.data.map((e: any) => [e.action, e.data[0]]),
    [
      ['add', 1],
      ['add', 2],
      ['remove', 1],
      ['add', 10],
      ['remove', 2],
    ],
  );
  const docEvents = h.ok(q.Paginate(q.Events(a.ref)));
  assert.deepEqual(
    docEvents.data.map((e: any) => [e.action, e.data]),
    [
      ['create', { i: 1 }],
      ['update', { i: 10, extra: 'x' }],
    ],
  );
  const fromTs = h.ok(q.Paginate(set, { events: true, after: b.ts + 1 }));
  assert.deepEqual(
    fromTs.data.map((e: any) => e.action),
    ['remove'],
  );
  assert.deepEqual(fromTs.before, { ts: b.ts + 1 });
  const paged = h.ok(q.Paginate(set, { events: true, size: 1 }));
  const next = h.ok(q.Paginate(set, { events: true, size: 2, after: paged.after }));
  assert.deepEqual(
    next.data.map((e: any) => e.action),
    ['add', 'remove'],
  );
  const single = h.ok(q.Paginate(q.Singleton(b.ref), { events: true }));
  assert.deepEqual(
    single.data.map((e: any) => e.action),
    ['add', 'remove'],
  );
});

test('a bare ts after is {ts, action: "add"}: it skips the removes at exactly that ts, as the core answers', () => {
  const h = setup();
  const one = h.ok(q.Create(q.Collection('things'), { data: { i: 1 } }));
  h.ok(q.Create(q.Collection('things'), { data: { i: 2 } }));
  h.ok(q.Delete(one.ref));
  h.ok(q.Create(q.Collection('things'), { data: { i: 3 } }));
  const set = q.Documents(q.Collection('things'));
  const events = (after: number): any[] => h.ok(q.Paginate(set, { events: true, after })).data;
  const removedAt = events(0).find((e) => e.action === 'remove').ts;
  const actions = (after: number): string[] => events(after).map((e) => e.action);
  // The core's answers to events add:1, add:2, remove:1@T, add:3.
  assert.deepEqual(actions(removedAt), ['add']);
  assert.deepEqual(actions(removedAt - 1), ['remove', 'add']);
  // Two documents removed by one transaction: the removes come before any add of that ts.
  const [x, y] = [h.ok(q.Create(q.Collection('things'), {})), h.ok(q.Create(q.Collection('things'), {}))];
  const created = h.ok(q.Do(q.Delete(y.ref), q.Delete(x.ref), q.Create(q.Collection('things'), {})));
  const atBoth = events(created.ts - 1);
  assert.deepEqual(
    atBoth.map((e: any) => [e.action, e.document.id]),
    [
      ['remove', x.ref.id],
      ['remove', y.ref.id],
      ['add', atBoth[2].document.id],
    ],
  );
});

test('64-bit integers, doubles, bytes, times and escaped keys round-trip exactly', () => {
  const h = setup();
  const body =
    '{"create":{"collection":"things"},"params":{"object":{"data":{"object":{"big":9007199254740993,"neg":-9223372036854775808,"d":1.0,"f":2.5,"b":{"@bytes":"AQID/w=="},"t":{"@ts":"2020-01-02T03:04:05.123456Z"},"day":{"@date":"2020-01-02"},"o":{"@obj":{"@weird":1}}}}}}}';
  const created = h.run(body);
  assert.equal(created.status, 201);
  const id = created.json.resource.ref.id;
  const text = h.run(q.Select('data', q.Get(q.Ref(q.Collection('things'), id)))).body;
  assert.equal(
    text,
    '{"resource":{"big":9007199254740993,"neg":-9223372036854775808,"d":1.0,"f":2.5,"b":{"@bytes":"AQID/w=="},"t":{"@ts":"2020-01-02T03:04:05.123456Z"},"day":{"@date":"2020-01-02"},"o":{"@obj":{"@weird":1}}}}',
  );
  assert.ok(
    h.ok(q.Equals(q.Select(['data', 'b'], q.Get(q.Ref(q.Collection('things'), id))), new values.Bytes('AQID/w=='))),
  );
});

test('large out-of-order index builds stay sorted across chunk splits, both directions', () => {
  const h = setup();
  const n = 1500;
  const order = Array.from({ length: n }, (_, k) => (k * 7919) % n);
  h.ok(q.Foreach(order, q.Lambda('i', q.Create(q.Collection('things'), { data: { i: q.Var('i') } }))));
  h.ok(
    q.Foreach(
      order.filter((i) => i % 3 === 0),
      q.Lambda(
        'i',
        q.Delete(
          q.Select(1, q.Select(['data', 0], q.Paginate(q.Range(q.Match(q.Index('by_i')), q.Var('i'), q.Var('i'))))),
        ),
      ),
    ),
  );
  const expected = order.filter((i) => i % 3 !== 0).sort((a, b) => a - b);
  const forward: number[] = [];
  let after: unknown;
  do {
    const page = h.ok(q.Paginate(q.Match(q.Index('by_i')), after ? { size: 97, after } : { size: 97 }));
    forward.push(...page.data.map((d: any) => d[0]));
    after = page.after;
  } while (after);
  assert.deepEqual(forward, expected);
  const backward: number[] = [];
  let before: unknown = null;
  do {
    const page = h.ok(q.Paginate(q.Match(q.Index('by_i')), { size: 89, before }));
    backward.unshift(...page.data.map((d: any) => d[0]));
    before = page.before;
  } while (before);
  assert.deepEqual(backward, expected);
  assert.equal(h.ok(q.Count(q.Documents(q.Collection('things')))), expected.length);
});

test('the cursor option, before:null and backward event pages', () => {
  const h = setup();
  h.ok(q.Foreach([1, 2, 3, 4, 5, 6], q.Lambda('i', q.Create(q.Collection('things'), { data: { i: q.Var('i') } }))));
  const m = q.Match(q.Index('by_i'));
  const first = (p: any) => p.data.map((d: any) => d[0]);
  assert.deepEqual(first(h.ok(q.Paginate(m, { cursor: { after: 5 } }))), [5, 6]);
  assert.deepEqual(first(h.ok(q.Paginate(m, { cursor: { before: 3 } }))), [1, 2]);
  assert.deepEqual(first(h.ok(q.Paginate(m, { cursor: null, size: 2 }))), [1, 2]);
  const last = h.ok(q.Paginate(m, { before: null, size: 4 }));
  assert.deepEqual(first(last), [3, 4, 5, 6]);
  assert.deepEqual(last.after, [null]);
  assert.equal(last.before[0], 3);
  const set = q.Documents(q.Collection('things'));
  const newest = h.ok(q.Paginate(set, { events: true, before: null, size: 4 }));
  assert.equal(newest.data.length, 4);
  const older = h.ok(q.Paginate(set, { events: true, before: newest.before, size: 4 }));
  assert.equal(older.data.length, 2);
  assert.equal(older.before, undefined);
  assert.deepEqual(older.after, newest.before);
});

test('an index definition keeps each field path in the form it was created with', () => {
  const h = setup();
  assert.deepEqual(h.ok(q.Get(q.Index('by_i'))).values, [{ field: ['data', 'i'] }, { field: ['ref'] }]);
  assert.deepEqual(h.ok(q.Get(q.Index('by_tag'))).terms, [{ field: ['data', 'tag'] }]);
});

test('an index value with reverse: true orders that value descending, then by ref', () => {
  const h = setup();
  h.ok(
    q.CreateIndex({
      name: 'by_i_desc',
      source: q.Collection('things'),
      values: [{ field: ['data', 'i'], reverse: true }, { field: ['ref'] }],
    }),
  );
  for (const i of [2, 5, 1]) h.ok(q.Create(q.Ref(q.Collection('things'), String(i)), { data: { i } }));
  const page = h.ok(q.Paginate(q.Match(q.Index('by_i_desc')), { size: 2 }));
  assert.deepEqual(
    page.data.map(([i]: [number]) => i),
    [5, 2],
  );
  assert.deepEqual(page.after.slice(0, 1), [1]);
  assert.deepEqual(
    h.ok(q.Paginate(q.Match(q.Index('by_i_desc')), { after: page.after })).data.map(([i]: [number]) => i),
    [1],
  );
  assert.deepEqual(h.ok(q.Select('values', q.Get(q.Index('by_i_desc')))), [
    { field: ['data', 'i'], reverse: true },
    { field: ['ref'] },
  ]);
});

test('wire values come back as they went in: nested and native @ref, legacy @ref, @set, @query, @obj', () => {
  const h = setup();
  h.ok(q.CreateDatabase({ name: 'child' }));
  h.ok(q.CreateCollection({ name: 'inner' }), 'secret:child:admin');
  const nested =
    '{"@ref":{"id":"inner","collection":{"@ref":{"id":"collections"}},"database":{"@ref":{"id":"child","collection":{"@ref":{"id":"databases"}}}}}}';
  assert.equal(h.run(nested).body, `{"resource":${nested}}`);
  assert.equal(h.ok(`{"exists":${nested}}`), true);
  assert.equal(h.run('{"@ref":{"id":"collections"}}').body, '{"resource":{"@ref":{"id":"collections"}}}');
  assert.deepEqual(ids(h.ok('{"paginate":{"@ref":{"id":"collections"}}}')), ['things']);
  assert.equal(
    h.run('{"@ref":"collections/things"}').body,
    '{"resource":{"@ref":{"id":"things","collection":{"@ref":{"id":"collections"}}}}}',
  );
  h.ok(q.Create(q.Ref(q.Collection('things'), '1'), { data: { i: 1 } }));
  const set = '{"@set":{"match":{"@ref":{"id":"by_tag","collection":{"@ref":{"id":"indexes"}}}},"terms":"x"}}';
  assert.equal(h.run(set).body, `{"resource":${set}}`);
  assert.deepEqual(
    h.ok(`{"paginate":{"@set":{"documents":{"@ref":{"id":"things","collection":{"@ref":{"id":"collections"}}}}}}}`).data
      .length,
    1,
  );
  const stored =
    '{"q":{"@query":{"lambda":"x","expr":{"var":"x"},"api_version":"4"}},"o":{"@obj":{"@ref":"not a ref"}}}';
  // Raw engine answers: the JS driver's own parser cannot read an @obj that hides an @ref.
  const raw = (body: string) => h.engine.query({ secret: 'secret', body });
  assert.equal(
    raw(
      `{"update":{"@ref":{"id":"1","collection":{"@ref":{"id":"things","collection":{"@ref":{"id":"collections"}}}}}},"params":{"object":{"data":{"object":${stored}}}}}`,
    ).status,
    200,
  );
  assert.equal(
    h.run(q.Select(['data', 'q'], q.Get(q.Ref(q.Collection('things'), '1')))).body,
    // api_version first, as the core answers.
    '{"resource":{"@query":{"api_version":"4","lambda":"x","expr":{"var":"x"}}}}',
  );
  assert.equal(
    raw(JSON.stringify(q.Select(['data', 'o'], q.Get(q.Ref(q.Collection('things'), '1'))))).body,
    '{"resource":{"@obj":{"@ref":"not a ref"}}}',
  );
});

test('a union of sets with history has their merged events; mixing history and snapshots is refused', () => {
  const h = setup();
  h.ok(q.CreateCollection({ name: 'more', history_days: null }));
  const a = h.ok(q.Create(q.Ref(q.Collection('things'), '1'), { data: {} }));
  const b = h.ok(q.Create(q.Ref(q.Collection('more'), '1'), { data: {} }));
  h.ok(q.Delete(a.ref));
  const both = q.Union(q.Documents(q.Collection('things')), q.Documents(q.Collection('more')));
  const seen = (page: any) => page.data.map((e: any) => [e.action, e.document.collection.id, e.ts]);
  const events = h.ok(q.Paginate(both, { events: true }));
  assert.deepEqual(
    seen(events).map((e: any[]) => e.slice(0, 2)),
    [
      ['add', 'things'],
      ['add', 'more'],
      ['remove', 'things'],
    ],
  );
  assert.deepEqual(
    seen(events)
      .map((e: any[]) => e[2])
      .slice(0, 2),
    [a.ts, b.ts],
  );
  const paged = h.ok(q.Paginate(both, { events: true, size: 2 }));
  assert.deepEqual(
    seen(h.ok(q.Paginate(both, { events: true, after: paged.after }))).map((e: any[]) => e[0]),
    ['remove'],
  );
  assert.deepEqual(
    seen(h.ok(q.Paginate(both, { events: true, before: null, size: 1 }))).map((e: any[]) => e[0]),
    ['remove'],
  );
  const ofEvents = h.ok(
    q.Paginate(q.Union(q.Events(q.Documents(q.Collection('things'))), q.Events(q.Documents(q.Collection('more'))))),
  );
  assert.deepEqual(seen(ofEvents), seen(events));
  const mixed = h.fail(
    q.Paginate(q.Union(q.Events(q.Documents(q.Collection('things'))), q.Documents(q.Collection('more')))),
  );
  assert.deepEqual([mixed.status, mixed.code], [400, 'invalid argument']);
  const intersection = q.Intersection(q.Documents(q.Collection('things')), q.Documents(q.Collection('more')));
  assert.equal(h.fail(q.Paginate(intersection, { events: true })).description, 'Set does not support events history.');
});
