import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Harness, ids, q } from './engine-harness.js';

function withThings(options = {}): Harness {
  const h = new Harness(options);
  h.ok(q.CreateCollection({ name: 'things' }));
  return h;
}

const shape = (e: { status: number; code: string; description: string; position?: unknown[] }) => [
  e.status,
  e.code,
  e.description,
  e.position,
];

test('each error class has Fauna code, description, status and position', () => {
  const h = withThings();
  const doc = h.ok(q.Create(q.Collection('things'), { data: { a: { b: 1 } } }));
  assert.deepEqual(shape(h.fail('{"foo":1,"bar":2}')), [
    400,
    'invalid expression',
    'No form/function found, or invalid argument keys: { foo, bar }.',
    [],
  ]);
  assert.deepEqual(shape(h.fail(q.Let({ x: 1 }, q.Var('y')))), [
    400,
    'invalid expression',
    "Variable 'y' is not defined.",
    ['in'],
  ]);
  const bad = h.run('{"now":');
  assert.equal(bad.body, '{"errors":[{"code":"invalid expression","description":"Request body is not valid JSON."}]}');
  assert.deepEqual(shape(h.fail(q.Divide(null as never, 2))), [
    400,
    'invalid argument',
    'Number expected, Null provided.',
    ['divide'],
  ]);
  assert.deepEqual(shape(h.fail(q.Paginate(q.Documents(q.Collection('nope'))))), [
    400,
    'invalid ref',
    "Ref refers to undefined collection 'nope'",
    ['paginate', 'documents'],
  ]);
  assert.deepEqual(shape(h.fail(q.Select(['data', 'x'], q.Get(doc.ref)))), [
    404,
    'value not found',
    'Value not found at path [data,x].',
    ['from'],
  ]);
  assert.deepEqual(shape(h.fail(q.Get(q.Ref(q.Collection('things'), '123')))), [
    404,
    'instance not found',
    'Document not found.',
    [],
  ]);
  assert.deepEqual(shape(h.fail(q.Create(doc.ref, {}))), [
    400,
    'instance already exists',
    'Document already exists.',
    [],
  ]);
  assert.deepEqual(shape(h.fail(q.CreateCollection({ name: 'things' }))), [
    400,
    'instance already exists',
    'Collection already exists.',
    [],
  ]);
  assert.deepEqual(shape(h.fail(q.Select('x', {}, q.Abort('stop')))), [
    400,
    'transaction aborted',
    'stop',
    ['default'],
  ]);
  assert.deepEqual(shape(h.fail(q.Ref(q.Collection('things'), 'abc'))), [
    400,
    'invalid argument',
    "Number or numeric String expected, non-numeric 'abc' provided.",
    ['id'],
  ]);
  assert.deepEqual(shape(h.fail(q.Map(q.Documents(q.Collection('things')), q.Lambda('x', q.Var('x'))))), [
    400,
    'invalid argument',
    'Array or Page expected, Set provided.',
    ['collection'],
  ]);
  assert.deepEqual(shape(h.fail(q.Paginate(q.Range(q.Documents(q.Collection('things')), [], []), { events: true }))), [
    400,
    'invalid argument',
    'Set does not support events history.',
    ['paginate'],
  ]);
  assert.equal(
    h.fail(q.Paginate(q.Documents(q.Collection('things')), { cursor: { foo: 1 } })).description,
    "Invalid cursor object. Expected an object with either 'before' or 'after' key in it.",
  );
  assert.deepEqual(shape(h.fail(q.At(doc.ts, q.Create(q.Collection('things'), {})))), [
    400,
    'invalid write time',
    'Cannot write outside of snapshot time.',
    ['expr'],
  ]);
  assert.equal(h.ok(q.Select('x', { x: true }, q.Abort('lazy'))), true);
  const deep = h.run('['.repeat(50_000) + ']'.repeat(50_000));
  assert.deepEqual([deep.status, deep.json.errors[0].code], [400, 'stack overflow']);
  assert.equal(h.fail(q.Epoch(9_000_000_000_000_000, 'second')).description, 'Time out of range.');
});

test('a write refuses refs to schema that does not exist, and a ref string that parses to nothing, as the core answers', () => {
  const h = withThings();
  const missing = { field: ['data', 'r'], code: 'invalid reference', description: 'Cannot read reference.' };
  const refused = h.run(
    q.Create(q.Collection('things'), {
      data: { r: q.Collection('nope'), list: [q.Index('nope')], doc: q.Ref(q.Collection('things'), '123') },
    }),
  );
  assert.equal(refused.status, 400);
  assert.deepEqual(refused.json.errors, [
    {
      position: [],
      code: 'validation failed',
      description: 'document data is not valid.',
      failures: [missing, { ...missing, field: ['data', 'list', '0'] }],
    },
  ]);
  const doc = h.ok(q.Create(q.Collection('things'), { data: { r: q.Collection('things') } }));
  assert.deepEqual(h.fail(q.Update(doc.ref, { data: { r: q.Database('nope') } })).failures, [missing]);
  assert.deepEqual(h.fail(q.Replace(doc.ref, { data: { r: q.Ref(q.Collection('nope'), '1') } })).failures, [missing]);
  assert.equal(h.ok(q.Count(q.Documents(q.Collection('things')))), 1);
  const text = h.fail('{"create":{"collection":"things"},"params":{"object":{"data":{"object":{"r":{"@ref":"x"}}}}}}');
  assert.deepEqual([text.status, text.code, text.description], [400, 'invalid expression', 'Invalid ref.']);
});

test('an aborted or failed transaction changes nothing', () => {
  const h = withThings();
  const before = h.ok(q.Count(q.Documents(q.Collection('things'))));
  h.fail(q.Do(q.Create(q.Collection('things'), {}), q.CreateCollection({ name: 'other' }), q.Abort('no')));
  h.fail(q.Map([1, 2, 'x'], q.Lambda('i', q.Create(q.Ref(q.Collection('things'), q.Var('i')), {}))));
  assert.equal(h.ok(q.Count(q.Documents(q.Collection('things')))), before);
  assert.equal(h.ok(q.Exists(q.Collection('other'))), false);
  assert.deepEqual(h.ok(q.Paginate(q.Documents(q.Collection('things')), { events: true })).data, []);
});

test('history_days bounds At reads with a 15 minute grace and drops old events', () => {
  let now = 1_700_000_000_000_000;
  const h = new Harness({ clock: () => now });
  const day = 86_400_000_000;
  h.ok(q.CreateCollection({ name: 'short', history_days: 1 }));
  h.ok(q.CreateCollection({ name: 'forever', history_days: null }));
  const old = h.ok(q.Create(q.Collection('short'), { data: {} }));
  h.ok(q.Create(q.Collection('forever'), { data: {} }));
  now += 2 * day;
  h.ok(q.Delete(old.ref));
  const fresh = h.ok(q.Create(q.Collection('short'), { data: {} }));
  const min = now - day - 15 * 60_000_000;
  const iso = (micros: number) => new Date(micros / 1000).toISOString().replace('.000Z', 'Z');
  const err = h.run(q.At(old.ts, q.Paginate(q.Documents(q.Collection('short')))));
  assert.equal(err.status, 400);
  assert.equal(
    err.body,
    // Write times are whole milliseconds, as the core's.
    `{"errors":[{"code":"bad request","description":"Requested timestamp ${iso(old.ts)} less than minimum allowed timestamp ${iso(min)}."}]}`,
  );
  assert.equal(h.ok(q.At(min, q.Count(q.Documents(q.Collection('short'))))), 1);
  // The next transaction, one millisecond later: write times are whole milliseconds.
  assert.equal(h.ok(q.At(old.ts + 1000, q.Count(q.Documents(q.Collection('forever'))))), 1);
  const events = h.ok(q.Paginate(q.Documents(q.Collection('short')), { events: true }));
  assert.deepEqual(
    events.data.map((e: any) => e.action),
    ['remove', 'add'],
  );
  assert.deepEqual(ids(h.ok(q.Paginate(q.Documents(q.Collection('short'))))), [fresh.ref.id]);
});

test('writes to one document in one transaction fold into one version', () => {
  const h = withThings();
  const ref = q.Ref(q.Collection('things'), '7');
  h.ok(q.Do(q.Create(ref, { data: { a: 1 } }), q.Delete(ref)));
  assert.equal(h.ok(q.Exists(ref)), false);
  assert.deepEqual(h.ok(q.Paginate(q.Events(ref))).data, []);
  assert.deepEqual(h.ok(q.Paginate(q.Documents(q.Collection('things')), { events: true })).data, []);
  h.ok(q.Do(q.Create(ref, { data: { a: 1 } }), q.Update(ref, { data: { b: 2 } })));
  const events = h.ok(q.Paginate(q.Events(ref))).data;
  assert.deepEqual(
    events.map((e: any) => [e.action, e.data]),
    [['create', { a: 1, b: 2 }]],
  );
});

test('history_days defaults to 0: 15 minutes of grace, then the retained-minimum error', () => {
  let now = 1_700_000_000_000_000;
  const minute = 60_000_000;
  const h = new Harness({ clock: () => now });
  h.ok(q.CreateCollection({ name: 'plain' }));
  assert.equal(h.ok(q.Get(q.Collection('plain'))).history_days, 0);
  const doc = h.ok(q.Create(q.Collection('plain'), { data: {} }));
  now += 14 * minute;
  assert.equal(h.ok(q.At(doc.ts, q.Count(q.Documents(q.Collection('plain'))))), 1);
  assert.equal(h.ok(q.Paginate(q.Documents(q.Collection('plain')), { events: true })).data.length, 1);
  now += 2 * minute;
  const err = h.run(q.At(doc.ts, q.Get(doc.ref)));
  assert.equal(err.status, 400);
  assert.equal(
    err.body,
    '{"errors":[{"code":"bad request","description":"Requested timestamp 2023-11-14T22:13:20.002Z less than minimum allowed timestamp 2023-11-14T22:14:20Z."}]}',
  );
  // The create event fell out of the window; the document itself stays.
  assert.deepEqual(h.ok(q.Paginate(q.Documents(q.Collection('plain')), { events: true })).data, []);
  assert.deepEqual(ids(h.ok(q.Paginate(q.Documents(q.Collection('plain'))))), [doc.ref.id]);
});
