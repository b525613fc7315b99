// RateLimitWatch: when the client tells that the server limits its rate, and when it stops.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RateLimitWatch, type RateLimit } from '../../src/fauna/rate-limit.js';

function watch(): { watch: RateLimitWatch; reports: (RateLimit | undefined)[] } {
  const reports: (RateLimit | undefined)[] = [];
  return { watch: new RateLimitWatch((limit) => reports.push(limit)), reports };
}

test('a burst of 429s is one report, which ends at the first answer once no query waits', () => {
  const { watch: w, reports } = watch();
  w.answered();
  assert.deepEqual(reports, [], 'answers alone report nothing');
  w.backoff(60_000);
  w.backoff(60_000);
  w.backoff(undefined);
  assert.deepEqual(reports, [{ retryAfterMs: 60_000 }]);
  w.retried();
  w.answered();
  w.retried();
  w.answered();
  assert.equal(reports.length, 1, 'a query still waits out its 429');
  w.retried();
  w.answered();
  assert.deepEqual(reports, [{ retryAfterMs: 60_000 }, undefined]);
});

test('while it lasts, a 429 is reported again once the reported Retry-After has run out', () => {
  const { watch: w, reports } = watch();
  w.backoff(0);
  w.backoff(1000);
  w.backoff(60_000);
  assert.deepEqual(reports, [{ retryAfterMs: 0 }, { retryAfterMs: 1000 }]);
});

test('without Retry-After the report has no time; the first 429 that has one reports it', () => {
  const { watch: w, reports } = watch();
  w.backoff(undefined);
  w.backoff(undefined);
  w.backoff(60_000);
  w.backoff(undefined);
  assert.deepEqual(reports, [{}, { retryAfterMs: 60_000 }]);
});
