// Credentials, Login/Logout and the identity functions answer as the core's
// `AuthFunctions.scala` (fauna/faunadb) does; a token acts with the roles its collection is a
// member of, and no others.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Harness, q, values } from './engine-harness.js';

test('Login issues a token that is its document; Logout ends it', () => {
  const h = new Harness();
  h.ok(q.CreateCollection({ name: 'users' }));
  const user = h.ok(q.Create(q.Collection('users'), { credentials: { password: 'sekrit' }, data: { n: 1 } })).ref;
  assert.deepEqual([h.ok(q.Identify(user, 'sekrit')), h.ok(q.Identify(user, 'nope'))], [true, false]);
  const failed = h.fail(q.Login(user, { password: 'nope' }));
  assert.deepEqual(
    [failed.code, failed.description],
    ['authentication failed', 'The document was not found or provided password was incorrect.'],
  );
  const login = h.ok(q.Login(user, { password: 'sekrit' }));
  assert.ok(login.ref instanceof values.Ref);
  assert.deepEqual(login.instance, user);
  const token = login.secret as string;
  assert.deepEqual(h.ok(q.CurrentIdentity(), token), user);
  assert.deepEqual([h.ok(q.HasCurrentIdentity(), token), h.ok(q.HasIdentity())], [true, false]);
  assert.deepEqual(h.ok(q.CurrentToken(), token), login.ref);
  assert.equal(h.fail(q.CurrentIdentity()).description, 'Authentication does not contain an identity');
  // Without a role whose membership holds its collection, a token may not read its document.
  assert.equal(h.fail(q.Get(user), token).status, 403);
  // ...but it may read its own credential and token, whatever its roles.
  const cred = h.ok(q.Get(q.Ref('credentials/self')), token);
  assert.deepEqual(cred.instance, user);
  assert.match(cred.hashed_password, /^\$/);
  assert.equal(cred.password, undefined);
  assert.deepEqual(h.ok(q.Get(cred.ref)).instance, user);
  assert.deepEqual([h.ok(q.IsCredentials(cred.ref)), h.ok(q.IsToken(q.Get(login.ref)))], [true, true]);
  assert.deepEqual(h.ok(q.Select('ref', q.Get(q.Ref('tokens/self'))), token), login.ref);
  h.ok(
    q.CreateRole({
      name: 'users',
      membership: [{ resource: q.Collection('users') }],
      privileges: [{ resource: q.Collection('users'), actions: { read: true } }],
    }),
  );
  assert.deepEqual(h.ok(q.Select(['data', 'n'], q.Get(user)), token), 1);
  assert.equal(h.ok(q.Logout(true), token), true);
  assert.equal(h.run(q.Now(), token).status, 401);
  assert.equal(h.ok(q.Logout(false)), false);
});

test('CurrentToken is the key when the key lives in the database it opens', () => {
  const h = new Harness();
  const key = h.ok(q.CreateKey({ role: 'server' }));
  assert.deepEqual(h.ok(q.CurrentToken(), key.secret), key.ref);
  assert.equal(h.ok(q.HasCurrentToken()), false);
  assert.equal(h.fail(q.CurrentToken()).description, 'Token metadata is not accessible.');
  h.ok(q.CreateDatabase({ name: 'child' }));
  const childKey = h.ok(q.CreateKey({ role: 'server', database: q.Database('child') }));
  assert.equal(h.ok(q.HasCurrentToken(), childKey.secret), false);
});
