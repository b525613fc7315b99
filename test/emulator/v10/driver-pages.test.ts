// Set pages and cursors through the official v10 driver (docs/local-server-v10.md): first pages,
// `after` chains pinned to the first query's snapshot, page sizes carried, garbage and expired
// cursors; and the same documents read and written through FQL v4 and v10.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import faunadb from 'faunadb';
import { InvalidRequestError, NullDocument, Page, QueryRuntimeError, fql, type Client, type Document } from 'fauna';
import { withEmulator } from '../../helpers/emulator.js';
import { advanceClock, v10Clients } from './driver.js';

type Item = Document & { i: number };

/** Microseconds since the epoch of an ISO time with up to 6 fractional digits. */
const micros = (iso: string): number =>
  Date.parse(`${iso.slice(0, 19)}Z`) * 1000 + Number(`${iso.slice(20, -1)}000000`.slice(0, 6));

describe('v10 pages and cursors through the fauna driver', () => {
  const server = withEmulator();
  let clients: ReturnType<typeof v10Clients>;
  let client: Client;

  before(async () => {
    clients = v10Clients(server, 'http1');
    client = clients.client();
    await client.query(fql`Collection.create({ name: "Items" })`);
    await client.query(fql`Set.sequence(0, 25).forEach(i => Items.create({ i: i }))`);
  });
  after(() => clients.close());

  test('client.paginate walks every page in id order; the last page has no after', async () => {
    const pages: Item[][] = [];
    for await (const page of client.paginate<Item>(fql`Items.all().pageSize(10)`)) pages.push(page);
    assert.deepEqual(
      pages.map((p) => p.length),
      [10, 10, 5],
    );
    const ids = pages.flat().map((d) => BigInt(d.id));
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => (a < b ? -1 : 1)),
    );
    assert.deepEqual(
      pages
        .flat()
        .map((d) => d.i)
        .sort((a, b) => a - b),
      [...Array(25).keys()],
    );
  });

  test('a cursor reads the snapshot of the query that made it, with its page size', async () => {
    const first = await client.query<Page<Item>>(fql`Items.all().pageSize(10)`);
    await client.query(fql`Items.create({ i: 100 }); Items.all().first()!.delete()`);
    let after = first.data.after;
    const rest: Item[] = [];
    while (after !== undefined) {
      const next = await client.query<{ data: Item[]; after?: string }>(fql`Set.paginate(${after})`);
      assert.ok(next.data.data.length <= 10);
      rest.push(...next.data.data);
      after = next.data.after;
    }
    assert.equal(first.data.data.length + rest.length, 25, 'neither the new nor the deleted document moves the chain');
    assert.ok(!rest.some((d) => d.i === 100));
    const resized = await client.query<{ data: Item[] }>(fql`Set.paginate(${first.data.after!}, 3)`);
    assert.equal(resized.data.data.length, 3);
  });

  test('Set.paginate renders each document as it is now; inside at (T), as of T', async () => {
    await client.query(fql`Collection.create({ name: "Pinned" })`);
    await client.query(fql`Set.sequence(0, 4).forEach(i => Pinned.create({ i: i }))`);
    const first = await client.query<Page<Item>>(fql`Pinned.all().pageSize(2)`);
    const snapshot = first.txn_ts!;
    const cursor = first.data.after!;
    const [updated, deleted] = (await client.query<string[]>(fql`Pinned.all().drop(2).toArray().map(.id)`)).data;
    await client.query(fql`Pinned.byId(${updated!})!.update({ i: 20 }); Pinned.byId(${deleted!})!.delete()`);
    await client.query(fql`Pinned.create({ i: 4 })`);

    const now = (await client.query<{ data: (Item | NullDocument)[] }>(fql`Set.paginate(${cursor})`)).data.data;
    assert.equal(now.length, 2, 'the membership of the snapshot: the document created since is not in it');
    const [current, gone] = now as [Item, NullDocument];
    assert.equal(current.i, 20);
    assert.ok(micros(current.ts.isoString) > snapshot, 'the version written after the snapshot');
    assert.ok(gone instanceof NullDocument, 'a document deleted since is a null document');
    assert.equal(gone.cause, 'not found');
    assert.equal((gone.ref as { id: string }).id, deleted);

    const pinned = await client.query<{ data: Item[] }>(
      fql`at (Time.epoch(${snapshot}, "microseconds")) { Set.paginate(${cursor}) }`,
    );
    assert.deepEqual(
      pinned.data.data.map((d) => [d.id, d.i]),
      [
        [updated, 2],
        [deleted, 3],
      ],
    );
    assert.ok(pinned.data.data.every((d) => micros(d.ts.isoString) <= snapshot));
  });

  test('a garbage cursor is invalid_cursor; one below retention is invalid_request', async () => {
    const garbage = await client.query(fql`Set.paginate("bm90IGEgY3Vyc29y")`).then(
      () => assert.fail('paged'),
      (e: unknown) => e,
    );
    assert.ok(garbage instanceof QueryRuntimeError && garbage.code === 'invalid_cursor', String(garbage));
    const first = await client.query<Page<Item>>(fql`Items.all().pageSize(5)`);
    advanceClock(server, 16 * 60 * 1_000_000);
    const expired = await client.query(fql`Set.paginate(${first.data.after!})`).then(
      () => assert.fail('paged'),
      (e: unknown) => e,
    );
    assert.ok(expired instanceof InvalidRequestError, String(expired));
    assert.match(expired.message, /^Requested timestamp .+ less than minimum allowed timestamp .+\.$/);
  });
});

describe('FQL v4 and v10 over the same documents', () => {
  const server = withEmulator();
  const q = faunadb.query;
  let clients: ReturnType<typeof v10Clients>;
  let client: Client;
  let v4: faunadb.Client;

  before(async () => {
    clients = v10Clients(server, 'http2');
    client = clients.client();
    v4 = server.client('secret');
    await v4.query(q.CreateCollection({ name: 'shared' }));
  });
  after(() => clients.close());

  test('a v4 document reads in v10 with its data at the top, special names kept under data', async () => {
    const made = await v4.query<{ ref: faunadb.values.Ref; ts: number }>(
      q.Create(q.Collection('shared'), { data: { total: 5, ts: 'mine' } }),
    );
    const read = await client.query<Document & { total: number; data: unknown }>(
      fql`Collection("shared").byId(${made.ref.id})`,
    );
    assert.equal(read.data.id, made.ref.id);
    assert.equal(read.data.coll.name, 'shared');
    assert.equal(read.data.total, 5);
    assert.deepEqual(read.data.data, { ts: 'mine' });
    const micros = await client.query<number>(fql`Collection("shared").byId(${made.ref.id})!.ts.toMicros()`);
    assert.equal(micros.data, made.ts, 'the same instant');
  });

  test('a v10 write reads in v4 under data', async () => {
    const made = await client.query<Document>(fql`Collection("shared").create({ name: "ada", tags: ["x"] })`);
    const read = await v4.query<{ data: unknown }>(q.Get(q.Ref(q.Collection('shared'), made.data.id)));
    assert.deepEqual(read.data, { name: 'ada', tags: ['x'] });
  });
});
