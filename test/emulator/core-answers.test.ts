// Where the local server once answered otherwise, it now answers as the real Fauna core does
// (a core built from fauna/faunadb, run with the same queries): each assertion is the core's answer.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import faunadb from 'faunadb';
import { NullDocument, fql, type Client } from 'fauna';
import { withEmulator } from '../helpers/emulator.js';
import { advanceClock, v10Clients } from './v10/driver.js';

const q = faunadb.query;

describe('the local server answers as the core', () => {
  const server = withEmulator();
  let clients: ReturnType<typeof v10Clients>;
  let v10: Client;

  before(() => {
    clients = v10Clients(server, 'http2');
    v10 = clients.client();
  });
  after(() => clients.close());

  test('v4 stores no null inside data, in objects or arrays, at any depth, as the core answers', async () => {
    const root = server.rootClient();
    await root.query(q.CreateCollection({ name: 'nulls4' }));
    const data = { a: [1, null, 2, [null, { z: null }]], o: { x: null, y: { w: null } }, nul: null, k: 1 };
    const stored = { a: [1, 2, [{}]], o: { y: {} }, k: 1 };
    const created = await root.query<{ ref: object; data: object }>(q.Create(q.Collection('nulls4'), { data }));
    assert.deepEqual(created.data, stored);
    assert.deepEqual((await root.query<{ data: object }>(q.Get(created.ref as never))).data, stored);
    const updated = await root.query<{ data: object }>(
      q.Update(created.ref as never, { data: { k: null, n: [null] } }),
    );
    assert.deepEqual(updated.data, { a: [1, 2, [{}]], o: { y: {} }, n: [] });
    const replaced = await root.query<{ data: object }>(q.Replace(created.ref as never, { data: { r: { s: null } } }));
    assert.deepEqual(replaced.data, { r: {} });
  });

  test('a stored v4 set comes back as the escaped object {"@obj":{"@set":...}}, as the core answers', async () => {
    const root = server.rootClient();
    await root.query(q.CreateCollection({ name: 'sets4' }));
    await root.query(
      q.CreateIndex({ name: 'sets4_by_name', source: q.Collection('sets4'), terms: [{ field: ['data', 'name'] }] }),
    );
    const created = await root.query<{ ref: { id: string } }>(
      q.Create(q.Collection('sets4'), { data: { s: q.Match(q.Index('sets4_by_name'), 'Alice') } }),
    );
    // Raw answers: the driver's parser would turn the inner @set back into a SetRef.
    const body = JSON.stringify(q.Select(['data', 's'], q.Get(q.Ref(q.Collection('sets4'), created.ref.id))));
    const answer = server.emulator().engine.query({ secret: 'secret', body });
    assert.equal(
      answer.body,
      '{"resource":{"@obj":{"@set":{"match":{"@ref":{"id":"sets4_by_name","collection":{"@ref":{"id":"indexes"}}}},"terms":"Alice"}}}}',
    );
  });

  test('v10 drops null object fields at every depth on write and keeps nulls inside arrays, as the core answers', async () => {
    await v10.query(fql`Collection.create({ name: "Nulls10" })`);
    const created = await v10.query<string>(
      fql`Nulls10.create({ a: [1, null, { z: null, y: 1 }], o: { x: null, w: { v: null } }, nul: null }).id`,
    );
    const read = (await v10.query(fql`Nulls10.byId(${created.data})`)) as unknown as { data: Record<string, unknown> };
    assert.deepEqual(read.data.a, [1, null, { y: 1 }]);
    assert.deepEqual(read.data.o, { w: {} });
    assert.equal('nul' in read.data, false);
    // A snowflake id, as the core makes them: 18 digits, the top 43 bits the millisecond since 1336258850000.
    assert.match(created.data, /^\d{18}$/);
    const ms = Number(BigInt(created.data) >> 20n) + 1_336_258_850_000;
    assert.ok(Math.abs(ms - Date.now()) < 60_000, `${created.data} was made at ${new Date(ms).toISOString()}`);
  });

  test('v10 accepts the literal -9223372036854775808, as the core answers; 2^63 alone stays too large', async () => {
    const min = await v10.query(fql`-9223372036854775808`, { long_type: 'bigint' });
    assert.equal(min.data, -9223372036854775808n);
    await assert.rejects(v10.query(fql`9223372036854775808`), /Integer literal is too large/);
  });

  test('a document whose ttl has passed is gone: v4 Get 404, absent from Documents and indexes; v10 byId not found', async () => {
    const root = server.rootClient();
    await root.query(q.CreateCollection({ name: 'Ephemeral' }));
    await root.query(
      q.CreateIndex({ name: 'ephemeral_by_k', source: q.Collection('Ephemeral'), values: [{ field: ['data', 'k'] }] }),
    );
    const ttl = q.Time(new Date(Date.now() + 60_000).toISOString());
    const brief = await root.query<{ ref: { id: string }; ts: number }>(
      q.Create(q.Collection('Ephemeral'), { data: { k: 'brief' }, ttl }),
    );
    const lasting = await root.query<{ ref: { id: string } }>(
      q.Create(q.Collection('Ephemeral'), { data: { k: 'lasting' } }),
    );
    const ids = async () =>
      (await root.query<{ data: { id: string }[] }>(q.Paginate(q.Documents(q.Collection('Ephemeral'))))).data.map(
        (r) => r.id,
      );
    const keys = async () =>
      (await root.query<{ data: string[] }>(q.Paginate(q.Match(q.Index('ephemeral_by_k'))))).data;
    assert.deepEqual(await ids(), [brief.ref.id, lasting.ref.id]);

    advanceClock(server, 120_000_000);
    await root.query(q.Create(q.Collection('Ephemeral'), { data: { k: 'later' } })); // a transaction past the ttl
    await assert.rejects(root.query(q.Get(brief.ref as never)), (e: { requestResult: { statusCode: number } }) => {
      assert.equal(e.requestResult.statusCode, 404);
      return true;
    });
    assert.equal(await root.query(q.Exists(brief.ref as never)), false);
    assert.equal((await ids()).includes(brief.ref.id), false);
    assert.deepEqual(await keys(), ['lasting', 'later']);
    // Before its ttl, history still has it.
    assert.deepEqual(await root.query(q.At(brief.ts, q.Select(['data', 'k'], q.Get(brief.ref as never)))), 'brief');

    const byId = await v10.query(fql`Ephemeral.byId(${brief.ref.id})`);
    assert.ok(byId.data instanceof NullDocument);
    assert.equal((byId.data as NullDocument).cause, 'not found');
    const all = await v10.query<{ data: { id: string }[] }>(fql`Ephemeral.all().map(.id)`);
    assert.equal((all.data.data as unknown as string[]).includes(brief.ref.id), false);
  });
});
