// The retry policy on its own: backoff bounds, Retry-After, retry and time budgets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RetriesExhaustedError } from '../../src/fauna/errors.js';
import { withRetry, type RetryInfo, type RetryPolicy } from '../../src/fauna/retry.js';

class Flaky extends Error {
  constructor(readonly retryAfterMs?: number) {
    super('flaky');
  }
}

const classify = (error: unknown) =>
  error instanceof Flaky
    ? { reason: 'flaky', ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }) }
    : undefined;

function failing(times: number, error: () => Error = () => new Flaky()): () => Promise<string> {
  let calls = 0;
  return async () => {
    if (calls++ < times) throw error();
    return 'ok';
  };
}

function policy(overrides: Partial<RetryPolicy> = {}): RetryPolicy & { seen: RetryInfo[] } {
  const seen: RetryInfo[] = [];
  return {
    maxRetries: 5,
    baseDelayMs: 4,
    maxDelayMs: 10,
    totalTimeMs: 10_000,
    random: () => 1,
    onRetry: (info) => seen.push(info),
    seen,
    ...overrides,
  };
}

test('delays grow exponentially up to the cap, with full jitter', async () => {
  const p = policy();
  assert.equal(await withRetry(failing(4), classify, p), 'ok');
  assert.deepEqual(
    p.seen.map((info) => [info.attempt, info.delayMs, info.reason]),
    [
      [1, 4, 'flaky'],
      [2, 8, 'flaky'],
      [3, 10, 'flaky'],
      [4, 10, 'flaky'],
    ],
  );
  const jittered = policy({ random: () => 0.5 });
  await withRetry(failing(2), classify, jittered);
  assert.deepEqual(
    jittered.seen.map((info) => info.delayMs),
    [2, 4],
  );
});

test('Retry-After is a lower bound of the delay', async () => {
  const p = policy();
  await withRetry(
    failing(1, () => new Flaky(30)),
    classify,
    p,
  );
  assert.equal(p.seen[0]!.delayMs, 30);
});

test('errors that must not be retried are thrown at once', async () => {
  const p = policy();
  const boom = new Error('401');
  await assert.rejects(
    withRetry(
      failing(1, () => boom),
      classify,
      p,
    ),
    (error) => error === boom,
  );
  assert.deepEqual(p.seen, []);
});

test('after maxRetries the last error is wrapped in RetriesExhaustedError', async () => {
  const p = policy({ maxRetries: 2 });
  await assert.rejects(withRetry(failing(10), classify, p), (error: unknown) => {
    assert.ok(error instanceof RetriesExhaustedError);
    assert.equal(error.attempts, 3);
    assert.ok(error.lastError instanceof Flaky);
    return true;
  });
  assert.equal(p.seen.length, 2);
});

test('no retry starts past the total time budget', async () => {
  const p = policy({ totalTimeMs: 20 });
  await assert.rejects(
    withRetry(
      failing(10, () => new Flaky(50)),
      classify,
      p,
    ),
    RetriesExhaustedError,
  );
  assert.deepEqual(p.seen, []);
});
