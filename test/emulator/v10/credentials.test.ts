// The native Credential collection in FQL v10, as the core's stdlib/Credential.scala
// (fauna/faunadb) answers: a credential reads as {id, coll, ts, document}, never with its
// password's hash; verify and login check the password; a document without one has a null
// credential. The password is kept where v4's `credentials` keep it, in the core's BCrypt form.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Ref } from '../../../emulator/core/values.js';
import { V10Error } from '../../../emulator/v10/fql/errors.js';
import { DocView, Module, NullDoc, Time } from '../../../emulator/v10/fql/values.js';
import { Runtime } from './runtime-harness.js';

it('create, byDocument, byId, verify and login', () => {
  const r = new Runtime();
  r.q('Collection.create({ name: "User" })');
  r.q('User.create({ id: "1", name: "a" }); User.create({ id: "2", name: "b" })');
  const created = r.q('Credential.create({ document: User.byId("1"), password: "pw" })');
  assert.ok(created instanceof DocView);
  assert.deepEqual(Object.keys(created.fields), ['id', 'coll', 'ts', 'document']);
  assert.deepEqual(created.fields.coll, new Module('Credential'));
  assert.ok(created.fields.ts instanceof Time);
  const id = created.fields.id as string;
  for (const read of ['Credential.byDocument(User.byId("1"))!', `Credential.byId("${id}")!`]) {
    const doc = r.q(`let c = ${read}\n{ id: c.id, document: c.document.id, hashed: c.hashed_password }`);
    assert.deepEqual(doc, { id, document: '1', hashed: null }, read);
  }
  assert.equal(r.q('Credential.byDocument(User.byId("1"))!.verify("pw")'), true);
  assert.equal(r.q('Credential.byDocument(User.byId("1"))!.verify("nope")'), false);
  assert.ok(r.q('Credential.byDocument(User.byId("2"))') instanceof NullDoc);
  assert.throws(
    () => r.q('Credential.byDocument(User.byId("1"))!.login("nope")'),
    (e: unknown) =>
      e instanceof V10Error && e.code === 'invalid_secret' && e.message === 'Provided secret did not match.',
  );
  const token = r.q('Credential.byDocument(User.byId("1"))!.login("pw")');
  assert.ok(token instanceof DocView);
  assert.deepEqual(token.fields.coll, new Module('Token'));
  assert.match(token.fields.secret as string, /^[\w-]{40}$/);
  // The same password for v4, kept with the document.
  const user = new Ref('1', new Ref('User', new Ref('collections')));
  const stored = r.state.root.credentials.of(user)!;
  assert.deepEqual(stored.definition.instance, user);
  assert.equal(r.state.root.credentials.withId(id), stored);
  assert.match(stored.definition.hashed_password as string, /^\$2a\$05\$[./A-Za-z0-9]{53}$/);
});

it('no credential is created where writes are refused, as no document is', () => {
  const r = new Runtime();
  r.q('Collection.create({ name: "User" })');
  r.q('User.create({ id: "1", name: "a" })');
  const t = r.q('Time.now()');
  for (const write of ['User.create({ id: "2" })', 'Credential.create({ document: User.byId("1"), password: "pw" })'])
    assert.throws(
      () => r.q(`at (t) { ${write} }`, { args: { t } }),
      (e: unknown) =>
        e instanceof V10Error && e.code === 'invalid_effect' && e.message === 'Cannot write inside an `at` expression.',
      write,
    );
});
