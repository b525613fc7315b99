import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Harness, ids, q } from './engine-harness.js';

function seeded(): { h: Harness; ref: any } {
  const h = new Harness();
  h.ok(q.CreateCollection({ name: 'users', history_days: 7 }));
  h.ok(q.CreateCollection({ name: 'secrets' }));
  h.ok(
    q.CreateIndex({
      name: 'users_ts',
      source: q.Collection('users'),
      terms: [],
      values: [{ field: 'ts' }, { field: 'ref' }],
    }),
  );
  h.ok(
    q.CreateIndex({ name: 'secrets_ts', source: q.Collection('secrets'), values: [{ field: 'ts' }, { field: 'ref' }] }),
  );
  const ref = h.ok(q.Create(q.Collection('users'), { data: { name: 'ann' } })).ref;
  h.ok(q.Create(q.Collection('secrets'), { data: { pin: 1 } }));
  return { h, ref };
}

test('missing, unknown and malformed secrets are 401 unauthorized without a position', () => {
  const h = new Harness();
  for (const secret of [undefined, 'nope', '[object Object]', 'fnAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA']) {
    const a = h.run(q.Now(), secret);
    assert.equal(a.status, 401);
    assert.equal(a.body, '{"errors":[{"code":"unauthorized","description":"Unauthorized"}]}');
  }
});

test('a key made exactly as docs/setup-fauna.md says runs every read a connector needs and nothing more', () => {
  const { h, ref } = seeded();
  h.ok(
    q.CreateRole({
      name: 'airbyte-readonly',
      // The same JSON as the guide's literal list of four { resource, actions: { read: true } }.
      privileges: [q.Collections(), q.Indexes(), q.Collection('users'), q.Index('users_ts')].map((resource) => ({
        resource,
        actions: { read: true },
      })),
    }),
  );
  const key = h.run(q.CreateKey({ name: 'airbyte-readonly', role: q.Role('airbyte-readonly') }));
  assert.equal(key.status, 201);
  const secret: string = key.json.resource.secret;
  assert.match(secret, /^fnA[A-Za-z0-9_-]{37}$/);
  assert.equal(key.json.resource.ref.collection.id, 'keys');

  // Schema documents list in creation order, as the core answers.
  assert.deepEqual(ids(h.ok(q.Paginate(q.Collections()), secret)), ['users', 'secrets']);
  const defs = h.ok(q.Map(q.Paginate(q.Indexes(), { size: 1 }), q.Lambda('i', q.Get(q.Var('i')))), secret);
  assert.equal(defs.data[0].name, 'users_ts');
  assert.equal(
    h.ok(q.Map(q.Paginate(q.Indexes(), { size: 1, after: defs.after }), q.Lambda('i', q.Get(q.Var('i')))), secret)
      .data[0].name,
    'secrets_ts',
  );
  // The core stores every field as a path array.
  // The definition keeps `field` as docs/setup-fauna.md writes it, so its literal check holds.
  assert.deepEqual(h.ok(q.Get(q.Index('users_ts')), secret).values, [{ field: 'ts' }, { field: 'ref' }]);
  const now = h.ok(q.ToMicros(q.Now()), secret);
  assert.deepEqual(ids(h.ok(q.At(now, q.Paginate(q.Documents(q.Collection('users')))), secret)), [ref.id]);
  const byTs = h.ok(q.Paginate(q.Range(q.Match(q.Index('users_ts')), [0], [])), secret);
  assert.equal(byTs.data[0][1].id, ref.id);
  const events = h.ok(q.Paginate(q.Documents(q.Collection('users')), { events: true, after: 0 }), secret);
  assert.deepEqual(
    events.data.map((e: any) => e.action),
    ['add'],
  );
  assert.equal(h.ok(q.Select(['data', 'name'], q.Get(ref)), secret), 'ann');
  assert.equal(h.ok(q.Exists(q.Index('users_ts')), secret), true);

  const denied = h.fail(q.Create(q.Collection('users'), { data: {} }), secret);
  assert.deepEqual(
    [denied.status, denied.code, denied.description],
    [403, 'permission denied', 'Insufficient privileges to perform the action.'],
  );
  assert.equal(h.fail(q.Delete(ref), secret).status, 403);
  assert.equal(h.fail(q.CreateCollection({ name: 'x' }), secret).status, 403);
  assert.deepEqual(h.ok(q.Paginate(q.Documents(q.Collection('secrets'))), secret), { data: [] });
  assert.equal(h.fail(q.Paginate(q.Match(q.Index('secrets_ts'))), secret).status, 403);
  assert.equal(h.ok(q.Count(q.Documents(q.Collection('users'))), 'secret'), 1);
  assert.deepEqual(h.ok(q.Paginate(q.Keys()), secret), { data: [] });
});

test('without Indexes() read, Exists(Index) is false and Get(Index) is 403; a missing index is 400 invalid ref', () => {
  const { h, ref } = seeded();
  h.ok(q.CreateRole({ name: 'docs-only', privileges: [{ resource: q.Collection('users'), actions: { read: true } }] }));
  const secret = h.ok(q.CreateKey({ role: q.Role('docs-only') })).secret;
  assert.equal(h.ok(q.Exists(q.Index('users_ts')), secret), false);
  assert.equal(h.ok(q.Exists(q.Collection('users')), secret), false);
  assert.equal(h.fail(q.Get(q.Index('users_ts')), secret).status, 403);
  const missing = h.fail(q.Get(q.Index('nope')), secret);
  assert.deepEqual(
    [missing.status, missing.code, missing.description],
    [400, 'invalid ref', "Ref refers to undefined index 'nope'"],
  );
  assert.equal(h.ok(q.Exists(ref), secret), true);
  assert.equal(h.fail(q.Get(q.Ref(q.Collection('secrets'), '1')), secret).status, 403);
});

test('built-in roles: server-readonly reads and is refused writes; server cannot make keys; client reads nothing', () => {
  const { h, ref } = seeded();
  const secretFor = (role: string) => h.ok(q.CreateKey({ role })).secret as string;
  const ro = secretFor('server-readonly');
  assert.equal(h.ok(q.Select(['data', 'name'], q.Get(ref)), ro), 'ann');
  assert.equal(h.fail(q.Update(ref, { data: { name: 'bob' } }), ro).status, 403);
  assert.equal(h.ok(q.Select(['data', 'name'], q.Get(ref))), 'ann');
  const server = secretFor('server');
  assert.equal(h.run(q.Create(q.Collection('users'), { data: {} }), server).status, 201);
  assert.equal(h.fail(q.CreateKey({ role: 'admin' }), server).status, 403);
  assert.deepEqual(h.ok(q.Paginate(q.Keys()), server), { data: [] });
  const client = secretFor('client');
  assert.equal(h.fail(q.Get(ref), client).status, 403);
  assert.deepEqual(h.ok(q.Paginate(q.Documents(q.Collection('users'))), client), { data: [] });
  const kfs = h.fail(q.KeyFromSecret('secret'));
  assert.equal(kfs.status, 400);
  assert.equal(h.ok(q.KeyFromSecret(ro)).role, 'server-readonly');
});

test('child databases: keys with database, scoped root secrets, isolation from the parent', () => {
  const h = new Harness();
  assert.equal(h.run(q.CreateDatabase({ name: 'child' })).status, 201);
  assert.equal(h.ok(q.Database('child')).id, 'child');
  const admin = h.ok(q.CreateKey({ database: q.Database('child'), role: 'admin' })).secret;
  h.ok(q.CreateCollection({ name: 'inner' }), admin);
  h.ok(q.Create(q.Collection('inner'), { data: { x: 1 } }), admin);
  assert.deepEqual(ids(h.ok(q.Paginate(q.Collections()), admin)), ['inner']);
  assert.deepEqual(ids(h.ok(q.Paginate(q.Collections()))), []);
  const scoped = h.ok(q.Paginate(q.Collections(q.Database('child'))));
  assert.deepEqual(ids(scoped), ['inner']);
  assert.equal(scoped.data[0].database.id, 'child');
  const [docRef] = h.ok(q.Paginate(q.Documents(q.Collection('inner', q.Database('child'))))).data;
  assert.equal(docRef.collection.database.id, 'child');
  assert.equal(h.ok(q.Select(['data', 'x'], q.Get(docRef))), 1);
  assert.match(
    h.run(q.Get(docRef)).body,
    /"collection":\{"@ref":\{"id":"inner","collection":\{"@ref":\{"id":"collections"\}\},"database":\{"@ref":\{"id":"child","collection":\{"@ref":\{"id":"databases"\}\}\}\}\}\}/,
  );
  assert.equal(h.ok(q.Count(q.Documents(q.Collection('inner'))), 'secret:child:admin'), 1);
  assert.equal(h.fail(q.CreateCollection({ name: 'nope' }), 'secret:child:server-readonly').status, 403);
  assert.equal(h.ok(q.Count(q.Documents(q.Collection('inner'))), 'secret:child:server'), 1);
  assert.equal(h.run(q.Now(), 'secret:missing:admin').status, 401);
  h.ok(
    q.CreateRole({ name: 'reader', privileges: [{ resource: q.Collection('inner'), actions: { read: true } }] }),
    admin,
  );
  assert.equal(h.ok(q.Count(q.Documents(q.Collection('inner'))), 'secret:child:@role/reader'), 1);
  assert.equal(h.fail(q.Create(q.Collection('inner'), {}), 'secret:child:@role/reader').status, 403);
  assert.equal(h.run(q.Now(), 'secret:child:@role/nope').status, 401);
  assert.equal(h.run(q.Now(), `${h.ok(q.CreateKey({ role: 'server' })).secret}:`).status, 200);
  const serverKey = h.ok(q.CreateKey({ role: 'server' })).secret;
  assert.equal(h.run(q.Now(), `${serverKey}:child:admin`).status, 401);
  const dup = h.fail(q.CreateDatabase({ name: 'child' }));
  assert.deepEqual([dup.code, dup.description], ['instance already exists', 'Database already exists.']);
});
