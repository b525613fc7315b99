// Custom roles whose read actions are predicates (the core's `auth/RoleEvalContext.scala`), through
// the official driver: a collection's read gets the document ref, Collections()/Indexes() the
// schema ref, an index the Match terms; unrestricted_read, which unfilters a whole index or
// Documents() set; and document create, write, delete and history_read predicates.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import faunadb from 'faunadb';
import { withEmulator } from '../../helpers/emulator.js';
import { q, rejectsWith } from '../../helpers/driver.js';

type Ref = faunadb.values.Ref;
interface Page<T> {
  data: T[];
}

const DENIED = { code: 'permission denied', description: 'Insufficient privileges to perform the action.' };
const predicate = (param: string, body: faunadb.ExprArg) => q.Query(q.Lambda(param, body));

describe('role predicates on read', () => {
  const emulator = withEmulator();
  let key: faunadb.Client;
  let root: faunadb.Client;
  let shown: Ref;
  let hidden: Ref;
  let ledger: Ref;

  before(async () => {
    root = emulator.rootClient();
    for (const name of ['users', 'vault', 'log', 'audit', 'ledger', 'notes'])
      await root.query(q.CreateCollection({ name }));
    const values = [{ field: ['ts'] }, { field: ['ref'] }];
    await root.query(q.CreateIndex({ name: 'users_by_ts', source: q.Collection('users'), terms: [], values }));
    await root.query(q.CreateIndex({ name: 'users_secret', source: q.Collection('users'), terms: [], values }));
    await root.query(
      q.CreateIndex({ name: 'users_by_tag', source: q.Collection('users'), terms: [{ field: ['data', 'tag'] }] }),
    );
    await root.query(
      q.CreateIndex({ name: 'users_by_public', source: q.Collection('users'), terms: [{ field: ['data', 'public'] }] }),
    );
    shown = (await root.query<{ ref: Ref }>(q.Create(q.Collection('users'), { data: { public: true, tag: 'a' } }))).ref;
    hidden = (await root.query<{ ref: Ref }>(q.Create(q.Collection('users'), { data: { public: false, tag: 'a' } })))
      .ref;
    await root.query(q.Create(q.Collection('audit'), { data: {} }));
    ledger = (await root.query<{ ref: Ref }>(q.Create(q.Collection('ledger'), { data: {} }))).ref;
    await root.query(
      q.CreateRole({
        name: 'partial',
        privileges: [
          {
            resource: q.Collections(),
            actions: {
              read: predicate('ref', q.Not(q.Equals(q.Var('ref'), q.Collection('vault')))),
              create: predicate('config', q.Equals(q.Select('name', q.Var('config')), 'allowed')),
            },
          },
          // The @query wire form, as a stored role definition comes back.
          {
            resource: q.Indexes(),
            actions: {
              read: new faunadb.values.Query(q.Lambda('ref', q.Not(q.Equals(q.Var('ref'), q.Index('users_secret'))))),
            },
          },
          // The predicate reads the document it guards, which the role alone could not.
          {
            resource: q.Collection('users'),
            actions: { read: predicate('ref', q.Select(['data', 'public'], q.Get(q.Var('ref')))) },
          },
          { resource: q.Index('users_by_ts'), actions: { read: true } },
          { resource: q.Index('users_by_tag'), actions: { read: predicate('terms', q.Equals(q.Var('terms'), ['a'])) } },
          {
            resource: q.Index('users_by_public'),
            actions: { unrestricted_read: predicate('terms', q.Equals(q.Var('terms'), [false])) },
          },
          { resource: q.Collection('ledger'), actions: { unrestricted_read: true } },
          {
            resource: q.Collection('notes'),
            actions: {
              read: true,
              create: predicate('params', q.Select(['data', 'ok'], q.Var('params'), false)),
              // Names two of the [old, new, ref] it is given.
              write: q.Query(
                q.Lambda(
                  ['old', 'new'],
                  q.And(q.Select(['data', 'ok'], q.Var('old')), q.Select(['data', 'ok'], q.Var('new'), false)),
                ),
              ),
              delete: predicate('ref', q.Select(['data', 'ok'], q.Get(q.Var('ref')))),
              history_read: predicate('ref', q.Select(['data', 'ok'], q.Get(q.Var('ref')))),
            },
          },
          // A predicate may not write: the write fails inside it, so it refuses.
          {
            resource: q.Collection('audit'),
            actions: { read: predicate('ref', q.Do(q.Create(q.Collection('log'), {}), true)) },
          },
        ],
      }),
    );
    const { secret } = await root.query<{ secret: string }>(q.CreateKey({ role: q.Role('partial') }));
    key = emulator.client(secret);
  });

  test('one index definition is forbidden among readable ones', async () => {
    await rejectsWith(key.query(q.Get(q.Index('users_secret'))), faunadb.errors.PermissionDenied, DENIED);
    assert.equal(await key.query(q.Exists(q.Index('users_secret'))), false);
    assert.equal((await key.query<{ name: string }>(q.Get(q.Index('users_by_ts')))).name, 'users_by_ts');
    assert.equal(await key.query(q.Exists(q.Index('users_by_tag'))), true);
    const listed = await key.query<Page<Ref>>(q.Paginate(q.Indexes()));
    // In creation order, as the core lists schema documents.
    assert.deepEqual(
      listed.data.map((r) => r.id),
      ['users_by_ts', 'users_by_tag', 'users_by_public'],
    );
    // Without the predicate the index is there: the filter is the role's, not the data's.
    assert.equal(await root.query(q.Exists(q.Index('users_secret'))), true);
  });

  test('Collections() read gets the collection ref', async () => {
    await rejectsWith(key.query(q.Get(q.Collection('vault'))), faunadb.errors.PermissionDenied, DENIED);
    assert.equal(await key.query(q.Exists(q.Collection('vault'))), false);
    assert.equal(await key.query(q.Exists(q.Collection('users'))), true);
    const listed = await key.query<Page<Ref>>(q.Paginate(q.Collections()));
    // In creation order, as the core lists schema documents.
    assert.deepEqual(
      listed.data.map((r) => r.id),
      ['users', 'log', 'audit', 'ledger', 'notes'],
    );
  });

  test('a collection read predicate filters documents one by one', async () => {
    assert.equal((await key.query<{ ref: Ref }>(q.Get(shown))).ref.id, shown.id);
    await rejectsWith(key.query(q.Get(hidden)), faunadb.errors.PermissionDenied, DENIED);
    assert.equal(await key.query(q.Exists(hidden)), false);
    const docs = await key.query<Page<Ref>>(q.Paginate(q.Documents(q.Collection('users'))));
    assert.deepEqual(
      docs.data.map((r) => r.id),
      [shown.id],
    );
    const byTs = await key.query<Page<[number, Ref]>>(q.Paginate(q.Match(q.Index('users_by_ts'))));
    assert.deepEqual(
      byTs.data.map(([, r]) => r.id),
      [shown.id],
    );
    const events = await key.query<Page<{ document: Ref }>>(
      q.Paginate(q.Documents(q.Collection('users')), { events: true }),
    );
    assert.deepEqual(
      events.data.map((e) => e.document.id),
      [shown.id],
    );
  });

  test('an index read predicate gets the Match terms', async () => {
    const a = await key.query<Page<Ref>>(q.Paginate(q.Match(q.Index('users_by_tag'), 'a')));
    assert.deepEqual(
      a.data.map((r) => r.id),
      [shown.id],
    );
    await rejectsWith(
      key.query(q.Paginate(q.Match(q.Index('users_by_tag'), 'b'))),
      faunadb.errors.PermissionDenied,
      DENIED,
    );
  });

  test("an unrestricted_read predicate on an index gets the terms and skips the documents' own check", async () => {
    const unrestricted = await key.query<Page<Ref>>(q.Paginate(q.Match(q.Index('users_by_public'), false)));
    assert.deepEqual(
      unrestricted.data.map((r) => r.id),
      [hidden.id],
    );
    await rejectsWith(
      key.query(q.Paginate(q.Match(q.Index('users_by_public'), true))),
      faunadb.errors.PermissionDenied,
      DENIED,
    );
  });

  test('unrestricted_read on a collection lists its documents but reads none of them', async () => {
    const listed = await key.query<Page<Ref>>(q.Paginate(q.Documents(q.Collection('ledger'))));
    assert.deepEqual(
      listed.data.map((r) => r.id),
      [ledger.id],
    );
    await rejectsWith(key.query(q.Get(ledger)), faunadb.errors.PermissionDenied, DENIED);
  });

  test('create, write, delete and history_read predicates get the params, [old, new, ref] and the ref', async () => {
    const notes = q.Collection('notes');
    const ok = (await key.query<{ ref: Ref }>(q.Create(notes, { data: { ok: true } }))).ref;
    await rejectsWith(key.query(q.Create(notes, { data: { ok: false } })), faunadb.errors.PermissionDenied, DENIED);
    await key.query(q.Update(ok, { data: { more: 1 } }));
    await rejectsWith(key.query(q.Update(ok, { data: { ok: false } })), faunadb.errors.PermissionDenied, DENIED);
    await rejectsWith(key.query(q.Replace(ok, { data: {} })), faunadb.errors.PermissionDenied, DENIED);
    const notOk = (await root.query<{ ref: Ref }>(q.Create(notes, { data: { ok: false } }))).ref;
    await rejectsWith(key.query(q.Update(notOk, { data: { ok: true } })), faunadb.errors.PermissionDenied, DENIED);
    await rejectsWith(key.query(q.Delete(notOk)), faunadb.errors.PermissionDenied, DENIED);
    // Document events need history_read: read alone does not give them.
    const events = await key.query<Page<{ action: string }>>(q.Paginate(q.Events(ok)));
    assert.deepEqual(
      events.data.map((e) => e.action),
      ['create', 'update'],
    );
    await rejectsWith(key.query(q.Paginate(q.Events(notOk))), faunadb.errors.PermissionDenied, DENIED);
    await rejectsWith(key.query(q.Paginate(shown, { events: true })), faunadb.errors.PermissionDenied, DENIED);
    await key.query(q.Delete(ok));
    assert.equal(await root.query(q.Exists(ok)), false);
    assert.deepEqual(await root.query(q.Select(['data'], q.Get(notOk))), { ok: false });
  });

  test('a predicate that writes refuses, and its write is not kept', async () => {
    const audit = await root.query<Page<Ref>>(q.Paginate(q.Documents(q.Collection('audit'))));
    await rejectsWith(key.query(q.Get(audit.data[0]!)), faunadb.errors.PermissionDenied, DENIED);
    assert.deepEqual((await root.query<Page<Ref>>(q.Paginate(q.Documents(q.Collection('log'))))).data, []);
  });

  test('a schema create predicate gets the new definition', async () => {
    await key.query(q.CreateCollection({ name: 'allowed' }));
    await rejectsWith(key.query(q.CreateCollection({ name: 'other' })), faunadb.errors.PermissionDenied, DENIED);
    assert.equal(await root.query(q.Exists(q.Collection('other'))), false);
  });
});
