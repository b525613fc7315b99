// `POST /feed/1` through the official v10 driver (docs/local-server-v10.md): add/update/remove from
// the shared version history, one event per document and transaction, exclusive starts, pages and
// cursors, filters and projections per event, v4 writes, retention, and the request checks.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import faunadb from 'faunadb';
import {
  QueryRuntimeError,
  fql,
  type Client,
  type EventSource,
  type FeedClientConfiguration,
  type Query,
  type QueryValue,
} from 'fauna';
import { withEmulator } from '../../helpers/emulator.js';
import { advanceClock, post, v10Clients } from './driver.js';

interface Event {
  type: string;
  data: any;
  txn_ts?: number;
}

describe('v10 event feeds through the fauna driver', () => {
  const server = withEmulator();
  let clients: ReturnType<typeof v10Clients>;
  let client: Client;

  before(async () => {
    clients = v10Clients(server, 'http2');
    client = clients.client();
    await client.query(fql`Collection.create({ name: "Orders" }); Collection.create({ name: "Legacy" })`);
  });
  after(() => clients.close());

  /** Every page of a feed until `has_next` is false. */
  async function pages(
    source: EventSource,
    options: Partial<FeedClientConfiguration>,
  ): Promise<{ events: Event[]; cursor: string; hasNext: boolean }[]> {
    const out = [];
    for await (const page of client.feed<QueryValue>(source, options))
      out.push({ events: [...page.events] as Event[], cursor: page.cursor, hasNext: page.hasNext });
    return out;
  }

  const events = async (source: EventSource, options: Partial<FeedClientConfiguration>) =>
    (await pages(source, options)).flatMap((p) => p.events);
  const source = async (set: Query) => (await client.query<EventSource>(fql`${set}.eventSource()`)).data;

  test('adds, updates and removes; a remove carries the version before it; one event per document and transaction', async () => {
    const token = await source(fql`Orders.all()`);
    const start = (await client.query(fql`0`)).txn_ts!;
    const a = await client.query<{ id: string }>(fql`Orders.create({ n: 1 })`);
    await client.query(fql`Orders.byId(${a.data.id})!.update({ n: 2 })`);
    // Created and updated in one transaction: one add, with the final state.
    const b = await client.query<{ id: string }>(fql`let d = Orders.create({ n: 10 }); d.update({ n: 11 }); d`);
    // Updated then deleted in one transaction: one remove, with the state before the transaction.
    await client.query(fql`let d = Orders.byId(${a.data.id})!; d.update({ n: 3 }); d.delete()`);
    const seen = await events(token, { start_ts: start });
    assert.deepEqual(
      seen.map((e) => [e.type, e.data.id, e.data.n]),
      [
        ['add', a.data.id, 1],
        ['update', a.data.id, 2],
        ['add', b.data.id, 11],
        ['remove', a.data.id, 2],
      ],
    );
    assert.ok(
      seen.every((e, i) => i === 0 || e.txn_ts! > seen[i - 1]!.txn_ts!),
      'in transaction order',
    );
    assert.equal(seen[3]!.data.ts.isoString, seen[1]!.data.ts.isoString, 'the removed version keeps its own ts');
  });

  test('a start time is exclusive, and a source starts at the query that created it', async () => {
    const first = await client.query(fql`Orders.create({ k: "first" })`);
    await client.query(fql`Orders.create({ k: "second" })`);
    const token = await source(fql`Orders.all()`);
    const after = await events(token, { start_ts: first.txn_ts! });
    assert.deepEqual(
      after.map((e) => e.data.k),
      ['second'],
    );
    assert.deepEqual(await events(token, {}), [], 'nothing happened since the source was created');
    await client.query(fql`Orders.create({ k: "third" })`);
    assert.deepEqual(
      (await events(token, {})).map((e) => e.data.k),
      ['third'],
    );
  });

  test('pages of page_size with has_next, and a cursor that resumes exactly after its event', async () => {
    const token = await source(fql`Orders.where(.batch == 1)`);
    await client.query(fql`[1, 2, 3, 4, 5].forEach(i => Orders.create({ batch: 1, i: i }))`);
    const paged = await pages(token, { page_size: 2 });
    assert.deepEqual(
      paged.map((p) => [p.events.map((e) => e.data.i), p.hasNext]),
      [
        [[1, 2], true],
        [[3, 4], true],
        [[5], false],
      ],
    );
    const resumed = await events(token, { cursor: paged[0]!.cursor });
    assert.deepEqual(
      resumed.map((e) => e.data.i),
      [3, 4, 5],
    );
    // The last page's cursor is the read snapshot: resuming from it repeats nothing.
    const last = paged[2]!.cursor;
    assert.deepEqual(await events(token, { cursor: last }), []);
    await client.query(fql`Orders.create({ batch: 1, i: 6 })`);
    assert.deepEqual(
      (await events(token, { cursor: last })).map((e) => e.data.i),
      [6],
    );
  });

  test('a filter turns leaving into remove and entering into add; a projection maps each event', async () => {
    const open = await source(fql`Orders.where(.status == "open")`);
    const totals = await source(fql`Orders.where(.status != null).map(d => { status: d.status, total: d.total })`);
    const start = (await client.query(fql`0`)).txn_ts!;
    const d = await client.query<{ id: string }>(fql`Orders.create({ status: "open", total: 1 })`);
    await client.query(fql`Orders.byId(${d.data.id})!.update({ status: "closed" })`);
    await client.query(fql`Orders.byId(${d.data.id})!.update({ status: "open", total: 2 })`);
    await client.query(fql`Orders.byId(${d.data.id})!.update({ note: "x" })`);
    assert.deepEqual(
      (await events(open, { start_ts: start })).map((e) => [e.type, e.data.status]),
      [
        ['add', 'open'],
        ['remove', 'open'],
        ['add', 'open'],
        ['update', 'open'],
      ],
    );
    assert.deepEqual(
      (await events(totals, { start_ts: start })).map((e) => [e.type, e.data]),
      [
        ['add', { status: 'open', total: 1 }],
        ['update', { status: 'closed', total: 1 }],
        ['update', { status: 'open', total: 2 }],
        ['update', { status: 'open', total: 2 }],
      ],
    );
  });

  test('an id range is no event source, as on the core; the same ids by .where() are', async () => {
    const ranged = await client.query(fql`Orders.all({ from: "1", to: "9" }).eventSource()`).then(
      () => assert.fail('made a source'),
      (e: unknown) => e,
    );
    assert.ok(ranged instanceof QueryRuntimeError && ranged.code === 'invalid_receiver', String(ranged));
    assert.equal(
      ranged.message,
      "can't call `.eventSource()` because range queries are not supported yet, use `.where()` method instead.",
    );
    await source(fql`Orders.where(.id >= "1" && .id <= "9")`);
  });

  test('an id range compares ids as integers, and a cursor of the whole feed resumes a range in mid-transaction', async () => {
    await client.query(fql`Collection.create({ name: "Ranged" })`);
    const start = (await client.query(fql`1`)).txn_ts!;
    // One transaction writes ids 8 to 12: the ordinals of its events count them all.
    const docs = [8, 9, 10, 11, 12].map((i) => ({ id: String(i), i }));
    await client.query(fql`${docs}.forEach(doc => Ranged.create(doc))`);
    const ids = async (set: Query, options: Partial<FeedClientConfiguration>) =>
      (await events(await source(set), options)).map((e) => e.data.i);
    // As integers, 9 <= id < 11 holds 9 and 10 (as text, "10" < "9").
    assert.deepEqual(await ids(fql`Ranged.where(.id >= "9" && .id < "11")`, { start_ts: start }), [9, 10]);
    assert.deepEqual(await ids(fql`Ranged.where(.id > 10)`, { start_ts: start }), [11, 12]);
    assert.deepEqual(await ids(fql`Ranged.where(.id >= "x")`, { start_ts: start }), [], 'no id is related to "x"');
    // The whole feed's cursor after its second event (id 9) resumes the range [9, 11) after 9.
    const [first] = await pages(await source(fql`Ranged.all()`), { start_ts: start, page_size: 2 });
    assert.deepEqual(
      first!.events.map((e) => e.data.i),
      [8, 9],
    );
    assert.deepEqual(await ids(fql`Ranged.where(.id >= "9" && .id < "11")`, { cursor: first!.cursor }), [10]);
  });

  test('an id range gives the events of its ids in the whole feed, same cursors, across transactions', async () => {
    await client.query(fql`Collection.create({ name: "Spread" })`);
    const start = (await client.query(fql`1`)).txn_ts!;
    // Three transactions write ids 1 to 6 each: a range's events sit in the middle of every one.
    await client.query(
      fql`${[1, 2, 3, 4, 5, 6].map((id) => ({ id: String(id), n: 0 }))}.forEach(doc => Spread.create(doc))`,
    );
    for (const n of [1, 2]) await client.query(fql`Spread.all().forEach(doc => doc.update({ n: ${n} }))`);
    const seen = async (set: Query) =>
      (await events(await source(set), { start_ts: start, page_size: 2 })).map((e) => {
        const { data, txn_ts, cursor } = e as Event & { cursor: string };
        return { id: data.id as string, n: data.n as number, txn_ts, cursor };
      });
    const whole = await seen(fql`Spread.all()`);
    assert.equal(whole.length, 18);
    // Fewer ids than transactions (each of its documents read), and more (the log read).
    for (const [lo, hi] of [
      [3, 4],
      [2, 5],
    ] as const) {
      const wanted = whole.filter((e) => Number(e.id) >= lo && Number(e.id) <= hi);
      assert.deepEqual(await seen(fql`Spread.where(.id >= ${String(lo)} && .id <= ${String(hi)})`), wanted);
    }
  });

  test('writes made through FQL v4 show up in the v10 feed, with the v10 field layout', async () => {
    const token = await source(fql`Legacy.all()`);
    const v4 = server.client('secret');
    const q = faunadb.query;
    const created = await v4.query<{ ref: faunadb.values.Ref }>(
      q.Create(q.Collection('Legacy'), { data: { name: 'ada', ts: 'user ts' } }),
    );
    await v4.query(q.Update(created.ref, { data: { name: 'grace' } }));
    await v4.query(q.Delete(created.ref));
    const seen = await events(token, {});
    assert.deepEqual(
      seen.map((e) => [e.type, e.data.id, e.data.name, e.data.data]),
      [
        ['add', created.ref.id, 'ada', { ts: 'user ts' }],
        ['update', created.ref.id, 'grace', { ts: 'user ts' }],
        ['remove', created.ref.id, 'grace', { ts: 'user ts' }],
      ],
    );
  });

  test('a start below retention is an invalid_stream_start_time event inside a 200', async () => {
    const token = await source(fql`Orders.all()`);
    const start = (await client.query(fql`0`)).txn_ts!;
    advanceClock(server, 16 * 60 * 1_000_000);
    const feed = client.feed<QueryValue>(token, { start_ts: start });
    const page = await feed.nextPage();
    assert.equal(page.hasNext, false);
    assert.throws(
      () => [...page.events],
      (e: unknown) => e instanceof QueryRuntimeError && e.code === 'invalid_stream_start_time',
    );
    const raw = await post(server, '/feed/1', JSON.stringify({ token: token.token, start_ts: start }));
    assert.equal(raw.status, 200);
    assert.equal(raw.json.events[0].type, 'error');
    assert.match(
      raw.json.events[0].error.message,
      /^Stream start time \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z is too far in the past\. Recreate the stream and try again\.$/,
    );
    // The start as the core prints a Timestamp: an ISO instant.
    const [, iso] = /^Stream start time (\S+) /.exec(raw.json.events[0].error.message)!;
    assert.equal(Date.parse(iso!), Math.floor(start / 1000));
  });

  test("request checks answer 400 invalid_request with the core's messages", async () => {
    const source10 = await source(fql`Orders.all()`);
    const cursor = (await pages(source10, {}))[0]!.cursor;
    const token = source10.token;
    const cases: [unknown, string][] = [
      [undefined, 'No request body provided'],
      [{}, 'Invalid request body: Value for key token not found.'],
      [{ token: 'not a token' }, 'Invalid request body: invalid event source provided.'],
      [{ token, cursor: 'nope' }, 'Invalid request body: invalid event cursor provided.'],
      [{ token, cursor, start_ts: 1 }, 'Invalid request body: can not provide both `start_ts` and `cursor`.'],
      [{ token, start_ts: 'yesterday' }, "Invalid request body: Unexpected string value 'yesterday'."],
      [{ token, page_size: 0 }, 'Invalid request body: page size must be greater than zero.'],
      [{ token, page_size: 16001 }, 'Invalid request body: page size can not be greater than 16000.'],
    ];
    for (const [body, message] of cases) {
      const res = await post(server, '/feed/1', body === undefined ? '' : JSON.stringify(body));
      assert.equal(res.status, 400, message);
      assert.deepEqual(res.json, { error: { code: 'invalid_request', message } });
    }
    const anonymous = await post(server, '/feed/1', JSON.stringify({ token }), { authorization: '' });
    assert.equal(anonymous.status, 401);
  });
});
