// The server options apply to v10 as to v4: the admission limit, the seeded fault plan and the
// added latency, answered in v10's error shapes; and the core's read permission, applied to each
// feed event at the time of the event.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import faunadb from 'faunadb';
import { ThrottlingError, fql, type Client, type EventSource, type QueryValue } from 'fauna';
import { TRANSPORTS, withEmulator, type EmulatorHandle, type Transport } from '../../helpers/emulator.js';
import { bearer, rawRequest } from '../../helpers/raw-http.js';
import { v10Clients } from './driver.js';

const query = (server: EmulatorHandle, transport: Transport, text: string) =>
  rawRequest(server.url(), transport, {
    path: '/query/1',
    headers: bearer('secret'),
    body: JSON.stringify({ query: text }),
  });

describe('a server limited to 1 v10 query in flight', () => {
  const server = withEmulator({ maxConcurrentQueries: 1, latencyMs: 800 });

  for (const transport of TRANSPORTS) {
    test(`over ${transport}: the queries above the limit get 429 limit_exceeded with Retry-After`, async () => {
      const answers = await Promise.all([1, 2, 3].map((n) => query(server, transport, String(n))));
      assert.deepEqual(answers.map((a) => a.status).sort(), [200, 429, 429]);
      for (const refused of answers.filter((a) => a.status === 429)) {
        assert.equal(refused.headers['retry-after'], '1');
        assert.deepEqual(JSON.parse(refused.text), {
          error: { code: 'limit_exceeded', message: 'Too many pending requests.' },
        });
      }
    });
  }

  test('the driver sees a ThrottlingError once its retries are spent', async () => {
    const clients = v10Clients(server, 'http2');
    const client = clients.client('secret', { max_attempts: 1 });
    try {
      const results = await Promise.allSettled([client.query(fql`1`), client.query(fql`2`)]);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      const refused = results.find((r) => r.status === 'rejected');
      assert.ok(refused?.status === 'rejected' && refused.reason instanceof ThrottlingError, String(refused));
    } finally {
      clients.close();
    }
  });
});

describe('the fault plan on v10', () => {
  const server = withEmulator({ faultRate: 1, faultSeed: 7 });

  test('every request gets its fault: 429 and 503 in v10 shapes, resets, and slow but right answers', async () => {
    const seen = new Map<string, number>();
    for (let i = 0; i < 24; i++) {
      const outcome = await query(server, 'http1', '"x"').then(
        (a) => a,
        () => 'reset' as const,
      );
      const key = outcome === 'reset' ? 'reset' : String(outcome.status);
      seen.set(key, (seen.get(key) ?? 0) + 1);
      if (outcome === 'reset') continue;
      const body = JSON.parse(outcome.text);
      if (outcome.status === 429)
        assert.deepEqual(body, { error: { code: 'limit_exceeded', message: 'Too many pending requests.' } });
      else if (outcome.status === 503)
        assert.deepEqual(body, { error: { code: 'time_out', message: 'Read timed out.' } });
      else assert.equal(body.data, 'x');
    }
    assert.deepEqual([...seen.keys()].sort(), ['200', '429', '503', 'reset']);
  });
});

describe('feeds apply read permission per event', () => {
  const server = withEmulator();
  let clients: ReturnType<typeof v10Clients>;
  let admin: Client;
  let reader: Client;

  before(async () => {
    clients = v10Clients(server, 'http2');
    admin = clients.client();
    await admin.query(fql`Collection.create({ name: "Notes" })`);
    // A role that reads only public notes: a v4 predicate, the shared permission model.
    const v4 = server.client('secret');
    const q = faunadb.query;
    await v4.query(
      q.CreateRole({
        name: 'public_reader',
        privileges: [
          {
            resource: q.Collection('Notes'),
            actions: { read: q.Query(q.Lambda('ref', q.Select(['data', 'public'], q.Get(q.Var('ref')), false))) },
          },
        ],
      }),
    );
    const key = await admin.query<string>(fql`Key.create({ role: "public_reader" }).secret`);
    reader = clients.client(key.data);
  });
  after(() => clients.close());

  test('a note that becomes private is a remove, one that becomes public an add', async () => {
    const token = (await reader.query<EventSource>(fql`Notes.all().eventSource()`)).data;
    const hidden = await admin.query<{ id: string }>(fql`Notes.create({ public: false, text: "draft" })`);
    await admin.query(fql`Notes.create({ public: true, text: "hello" })`);
    await admin.query(fql`Notes.byId(${hidden.data.id})!.update({ public: true })`);
    await admin.query(fql`Notes.byId(${hidden.data.id})!.update({ public: false, text: "retracted" })`);
    const events = [];
    for await (const event of reader.feed<QueryValue>(token).flatten())
      events.push(event as unknown as { type: string; data: { text: string } });
    assert.deepEqual(
      events.map((e) => [e.type, e.data.text]),
      [
        ['add', 'hello'],
        ['add', 'draft'],
        ['remove', 'draft'],
      ],
    );
  });
});
