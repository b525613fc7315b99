// Access providers as schema documents: created by an admin, unique by issuer, read by Get and
// AccessProviders(), answered as the core does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Harness, ids, q } from './engine-harness.js';

test('CreateAccessProvider, AccessProvider and AccessProviders', () => {
  const h = new Harness();
  h.ok(q.CreateRole({ name: 'reader', privileges: [{ resource: q.Databases(), actions: { read: true } }] }));
  const roles = [q.Role('reader'), { role: q.Role('reader'), predicate: q.Query(q.Lambda('x', true)) }];
  const made = h.ok(
    q.CreateAccessProvider({ name: 'auth0', issuer: 'https://issuer/', jwks_uri: 'https://x/jwks', roles }),
  );
  assert.deepEqual(
    [made.name, made.issuer, made.jwks_uri, made.roles.length],
    ['auth0', 'https://issuer/', 'https://x/jwks', 2],
  );
  assert.equal(h.ok(q.Select('issuer', q.Get(q.AccessProvider('auth0')))), 'https://issuer/');
  assert.deepEqual(ids(h.ok(q.Paginate(q.AccessProviders()))), ['auth0']);
  const dup = h.fail(q.CreateAccessProvider({ name: 'other', issuer: 'https://issuer/', jwks_uri: 'https://y' }));
  assert.deepEqual([dup.code, dup.description], ['instance not unique', 'document is not unique.']);
  assert.equal(h.fail(q.Get(q.AccessProvider('nope'))).description, "Ref refers to undefined access_provider 'nope'");
  assert.equal(
    h.fail(q.CreateAccessProvider({ name: 'r', issuer: 'i', jwks_uri: 'j', roles: [q.Role('nope')] })).description,
    "Ref refers to undefined role 'nope'",
  );
  const server = h.ok(q.CreateKey({ role: 'server' })).secret;
  assert.equal(h.fail(q.CreateAccessProvider({ name: 's', issuer: 's', jwks_uri: 's' }), server).status, 403);
});
