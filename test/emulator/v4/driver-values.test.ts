import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import faunadb from 'faunadb';
import { TRANSPORTS, withEmulator } from '../../helpers/emulator.js';
import { q, sameRef } from '../../helpers/driver.js';
import { bearer, rawRequest } from '../../helpers/raw-http.js';

const { values } = faunadb;
type Ref = faunadb.values.Ref;

for (const transport of TRANSPORTS) {
  describe(`values, metrics and ping through the driver over ${transport}`, () => {
    const emulator = withEmulator();
    let client: faunadb.Client;
    let other: Ref;

    before(async () => {
      client = emulator.client('secret', transport);
      await client.query(q.CreateCollection({ name: 'v' }));
      other = ((await client.query(q.Create(q.Collection('v'), { data: {} }))) as { ref: Ref }).ref;
    });

    test('every value type survives a write and a read', async () => {
      const data = {
        text: 'héllo ✓ "quoted"',
        long: 42,
        negative: -7,
        double: 1.5,
        yes: true,
        no: false,
        nothing: null,
        list: [1, 'two', [3], { four: 4 }],
        nested: { deeper: { deepest: 'x' } },
        '@weird': 'a key starting with @ is escaped with @obj',
        when: new values.FaunaTime('2024-01-02T03:04:05.123456Z'),
        day: new values.FaunaDate('2024-02-29'),
        bytes: new values.Bytes(new Uint8Array([0, 1, 254, 255])),
        link: other,
      };
      const created: { ref: Ref; data: typeof data } = await client.query(q.Create(q.Collection('v'), { data }));
      const read: { data: Record<string, unknown> } = await client.query(q.Get(created.ref));
      // Compared in wire form: the driver's value classes serialise back to Fauna's JSON. The null
      // field is not stored, as the core answers (v4 keeps no null inside data).
      const { nothing, ...stored } = data;
      assert.equal(nothing, null);
      assert.deepEqual(JSON.parse(JSON.stringify(read.data)), JSON.parse(JSON.stringify(stored)));
      assert.ok(read.data.when instanceof values.FaunaTime);
      assert.ok(read.data.day instanceof values.FaunaDate);
      assert.ok(read.data.bytes instanceof values.Bytes);
      assert.ok(read.data.link instanceof values.Ref && sameRef(read.data.link, other));
    });

    test('integers beyond 2^53 keep every digit, bytes are standard base64', async () => {
      const body =
        '{"create":{"collection":"v"},"params":{"object":{"data":{"object":{"big":9007199254740993,"max":9223372036854775807,"min":-9223372036854775808,"bin":{"@bytes":"AP8Q"}}}}}}';
      const created = await rawRequest(emulator.url(), transport, { headers: bearer('secret'), body });
      assert.equal(created.status, 201);
      assert.match(created.text, /"big":9007199254740993[,}]/);
      const ref = faunadb.parseJSON(created.text).resource.ref as Ref;

      let raw = '';
      await client.query(q.Get(ref), { observer: (result) => (raw = result.responseRaw) });
      assert.match(raw, /"big":9007199254740993[,}]/);
      assert.match(raw, /"max":9223372036854775807[,}]/);
      assert.match(raw, /"min":-9223372036854775808[,}]/);
      assert.match(raw, /"bin":\{"@bytes":"AP8Q"\}/);
    });

    test('doubles are printed as Java prints them, as the core answers', async () => {
      const body =
        '{"create":{"collection":"v"},"params":{"object":{"data":{"object":{"huge":1e300,"negzero":-0.0,"tiny":0.00001,"ten":1e7,"half":2.5}}}}}';
      const created = await rawRequest(emulator.url(), transport, { headers: bearer('secret'), body });
      assert.equal(created.status, 201);
      assert.match(created.text, /"huge":1\.0E300,"negzero":-0\.0,"tiny":1\.0E-5,"ten":1\.0E7,"half":2\.5\}/);
      const text = await client.query(q.ToString(1e300));
      assert.equal(text, '1.0E300');
    });

    test('refs, times and pages render as Fauna renders them', async () => {
      let raw = '';
      await client.query(q.Get(other), { observer: (result) => (raw = result.responseRaw) });
      assert.ok(
        raw.includes(
          `{"ref":{"@ref":{"id":"${other.id}","collection":{"@ref":{"id":"v","collection":{"@ref":{"id":"collections"}}}}}},"ts":`,
        ),
        raw,
      );
      assert.match(other.id, /^\d{18}$/);
      await client.query(q.Time('2024-01-02T03:04:05Z'), { observer: (result) => (raw = result.responseRaw) });
      assert.equal(raw, '{"resource":{"@ts":"2024-01-02T03:04:05Z"}}');
      await client.query(q.Paginate(q.Documents(q.Collection('v')), { size: 1 }), {
        observer: (result) => (raw = result.responseRaw),
      });
      assert.match(raw, /^\{"resource":\{"after":\[\{"@ref":/, 'no before key on a first page, never null cursors');
    });

    test('creates answer 201, reads 200, and the txn time moves forward', async () => {
      const statuses: number[] = [];
      const observer = (result: faunadb.RequestResult) => statuses.push(result.statusCode);
      const before = await client.query<number>(q.ToMicros(q.Now()));
      await client.query(q.Create(q.Collection('v'), { data: {} }), { observer });
      await client.query(q.Now(), { observer });
      assert.deepEqual(statuses, [201, 200]);
      const after = await client.query<number>(q.ToMicros(q.Now()));
      assert.ok(after > before);
    });

    test('queryWithMetrics and the observer expose the metric headers', async () => {
      const { value, metrics } = await client.queryWithMetrics<string>('x');
      assert.equal(value, 'x');
      for (const name of [
        'x-compute-ops',
        'x-byte-read-ops',
        'x-byte-write-ops',
        'x-query-time',
        'x-txn-retries',
      ] as const) {
        assert.ok(Number.isInteger(metrics[name]) && metrics[name] >= 0, name);
      }
      let headers: Record<string, string> = {};
      await client.query('x', { observer: (result) => (headers = result.responseHeaders as Record<string, string>) });
      for (const name of [
        'x-storage-bytes-read',
        'x-storage-bytes-write',
        'x-query-bytes-in',
        'x-query-bytes-out',
        'x-txn-time',
      ]) {
        assert.match(String(headers[name]), /^\d+$/, name);
      }
    });

    test('ping answers with and without a scope', async () => {
      assert.equal(await client.ping(), 'Scope write is OK');
      assert.equal(await client.ping('node'), 'Scope node is OK');
    });
  });
}
