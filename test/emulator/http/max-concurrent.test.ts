// `maxConcurrentQueries` (fauna-emulator --max-concurrent-queries N) plays a small core: above N
// queries in flight it answers 429 as Fauna does, and its counters tell a test what it saw.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import faunadb from 'faunadb';
import { TRANSPORTS, withEmulator } from '../../helpers/emulator.js';
import { bearer, rawRequest } from '../../helpers/raw-http.js';

// Long enough that every query of a burst arrives while the first ones are still held.
const LATENCY_MS = 800;
const MAX = 2;
const BURST = 5;

describe('a server limited to 2 queries in flight', () => {
  const server = withEmulator({ maxConcurrentQueries: MAX, latencyMs: LATENCY_MS });

  for (const transport of TRANSPORTS) {
    test(`over raw ${transport}: the queries above the limit get 429 with Retry-After and Fauna's body`, async () => {
      const { queries } = server.emulator();
      const throttledBefore = queries.throttled;
      const answers = await Promise.all(
        Array.from({ length: BURST }, (_, i) =>
          rawRequest(server.url(), transport, { headers: bearer('secret'), body: String(i) }),
        ),
      );
      const ok = answers.filter((a) => a.status === 200);
      const refused = answers.filter((a) => a.status === 429);
      assert.equal(ok.length, MAX);
      assert.equal(refused.length, BURST - MAX);
      for (const answer of refused) {
        assert.equal(answer.headers['retry-after'], '1');
        assert.match(answer.headers['content-type'] ?? '', /^application\/json/);
        assert.ok(answer.headers['x-txn-time'], 'x-txn-time on a 429 too');
        assert.deepEqual(JSON.parse(answer.text), {
          errors: [{ code: 'too many requests', description: 'Too many pending requests.' }],
        });
      }
      for (const answer of ok) assert.ok('resource' in JSON.parse(answer.text), answer.text);
      assert.equal(queries.throttled - throttledBefore, BURST - MAX);
      assert.equal(queries.peakInFlight, BURST, 'refused queries were in flight too, until answered');
      assert.equal(queries.inFlight, 0, 'every query has been answered');
    });

    test(`through the faunadb driver over ${transport}: TooManyRequests, and the server serves again after the burst`, async () => {
      const client = server.client('secret', transport);
      const results = await Promise.allSettled(
        Array.from({ length: BURST }, (_, i) => client.query(faunadb.query.Add(i, 1))),
      );
      const values = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      const errors = results.flatMap((r) =>
        r.status === 'rejected' ? [r.reason as faunadb.errors.FaunaHTTPError] : [],
      );
      assert.equal(values.length, MAX);
      assert.equal(errors.length, BURST - MAX);
      for (const error of errors) {
        assert.ok(error instanceof faunadb.errors.TooManyRequests, String(error));
        assert.equal(error.message, 'too many requests');
        assert.equal(error.description, 'Too many pending requests.');
        assert.equal(error.requestResult.statusCode, 429);
      }
      assert.equal(await client.query(faunadb.query.Add(41, 1)), 42);
    });
  }

  test('pings and other paths are not queries: never refused, never counted', async () => {
    const { queries } = server.emulator();
    const peak = queries.peakInFlight;
    const answers = await Promise.all(
      Array.from({ length: BURST }, () => rawRequest(server.url(), 'http1', { method: 'GET', path: '/ping' })),
    );
    assert.deepEqual(
      answers.map((a) => a.status),
      Array(BURST).fill(200),
    );
    assert.equal(queries.peakInFlight, peak);
  });
});

describe('an unlimited server', () => {
  const server = withEmulator({ latencyMs: 200 });

  test('serves every query of a burst and counts its peak in flight', async () => {
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => rawRequest(server.url(), 'http1', { headers: bearer('secret'), body: '1' })),
    );
    assert.deepEqual(
      answers.map((a) => a.status),
      Array(12).fill(200),
    );
    const { queries } = server.emulator();
    assert.equal(queries.throttled, 0);
    assert.ok(queries.peakInFlight > 1 && queries.peakInFlight <= 12, `peak ${queries.peakInFlight}`);
  });
});
