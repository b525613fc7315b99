// The client's concurrency budget against a small server (3 queries at once, 429 above): 200
// concurrent queries all succeed, the server never sees more than the budget in flight, and the
// limit drops on the 429s and rises again on healthy answers.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FaunaClient } from '../../src/fauna/v4/client.js';
import type { ConcurrencyChange } from '../../src/fauna/limiter.js';
import type { RetryInfo } from '../../src/fauna/retry.js';
import { withEmulator } from '../helpers/emulator.js';

const BUDGET = 16;
const QUERIES = 200;

describe('FaunaClient at a server limited to 3 queries in flight', () => {
  // The latency holds each query long enough for the client's queries to overlap.
  const server = withEmulator({ maxConcurrentQueries: 3, latencyMs: 20 });

  test(`${QUERIES} concurrent queries with a budget of ${BUDGET}: all answered, the limit lowered then raised`, async () => {
    const { host, port, queries } = server.emulator();
    const changes: ConcurrencyChange[] = [];
    const retries: RetryInfo[] = [];
    const client = new FaunaClient({
      domain: host,
      port,
      scheme: 'http',
      secret: 'secret',
      maxConcurrency: BUDGET,
      onConcurrencyChange: (change) => changes.push(change),
      onRetry: (info) => retries.push(info),
    });
    try {
      const answers = await Promise.all(Array.from({ length: QUERIES }, (_, i) => client.query({ add: [i, 1] })));
      assert.deepEqual(
        answers,
        Array.from({ length: QUERIES }, (_, i) => i + 1),
      );
    } finally {
      await client.close();
    }
    assert.ok(queries.throttled > 0, 'the server refused some queries');
    assert.ok(
      queries.peakInFlight <= BUDGET,
      `the server saw ${queries.peakInFlight} queries in flight, budget ${BUDGET}`,
    );
    assert.equal(retries.length, queries.throttled, 'each 429 was retried');
    for (const retry of retries) assert.ok(retry.delayMs >= 1000, 'the retry honours Retry-After: 1');

    const firstDrop = changes.findIndex((c) => c.limit < c.previous);
    assert.ok(firstDrop >= 0, 'the 429s lowered the limit');
    assert.deepEqual(changes[firstDrop], {
      limit: BUDGET / 2,
      previous: BUDGET,
      max: BUDGET,
      reason: '429 too many requests',
    });
    assert.ok(Math.min(...changes.map((c) => c.limit)) <= 3, 'down to what the server takes');
    assert.ok(
      changes.slice(firstDrop).some((c) => c.limit > c.previous && c.reason === 'healthy answers'),
      'healthy answers raised it again',
    );
    for (const change of changes) assert.ok(change.limit >= 1 && change.limit <= BUDGET);
  });
});
