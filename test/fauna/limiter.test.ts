// The adaptive limiter on its own: the bound on tasks in flight, halving once per overload burst,
// recovering by one per window of healthy answers, and slots freed whatever the outcome.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AdaptiveLimiter, type ConcurrencyChange, type Outcome } from '../../src/fauna/limiter.js';

class Overloaded extends Error {}
const judge = (error: unknown): Outcome =>
  error instanceof Overloaded ? { overloaded: true, reason: '429 too many requests' } : { overloaded: false };

/** A task that stays in flight until the test settles it. */
function held(): {
  task: () => Promise<string>;
  started: Promise<void>;
  resolve: () => void;
  reject: (e: Error) => void;
} {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  let markStarted!: () => void;
  const started = new Promise<void>((r) => (markStarted = r));
  const done = new Promise<string>((res, rej) => {
    resolve = () => res('ok');
    reject = rej;
  });
  return { task: () => (markStarted(), done), started, resolve, reject };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

test('never runs more than the limit at once; waiters start in arrival order as slots free', async () => {
  const limiter = new AdaptiveLimiter(3);
  const tasks = Array.from({ length: 7 }, held);
  const order: number[] = [];
  const runs = tasks.map((t, i) => limiter.run(() => (order.push(i), t.task()), judge));
  await tick();
  assert.equal(limiter.inFlight, 3);
  assert.deepEqual(order, [0, 1, 2]);
  tasks[1]!.resolve();
  await tick();
  assert.deepEqual(order, [0, 1, 2, 3]);
  assert.equal(limiter.inFlight, 3);
  for (const t of tasks) t.resolve();
  assert.deepEqual(await Promise.all(runs), Array(7).fill('ok'));
  assert.equal(limiter.inFlight, 0);
});

test('an overload burst halves the limit once; healthy windows raise it by one up to the maximum', async () => {
  const changes: ConcurrencyChange[] = [];
  const limiter = new AdaptiveLimiter(8, (change) => changes.push(change));
  // Eight tasks of the same generation all answer 429: one halving, not three.
  const burst = Array.from({ length: 8 }, held);
  const runs = burst.map((t) => limiter.run(t.task, judge).catch((e: Error) => e));
  await tick();
  for (const t of burst) t.reject(new Overloaded());
  for (const result of await Promise.all(runs)) assert.ok(result instanceof Overloaded, 'the error reaches the caller');
  assert.equal(limiter.limit, 4);
  assert.deepEqual(changes, [{ limit: 4, previous: 8, max: 8, reason: '429 too many requests' }]);

  // A 429 to a query sent under the lowered limit lowers it again.
  await limiter.run(() => Promise.reject(new Overloaded()), judge).catch(() => {});
  assert.equal(limiter.limit, 2);
  await limiter.run(() => Promise.reject(new Overloaded()), judge).catch(() => {});
  await limiter.run(() => Promise.reject(new Overloaded()), judge).catch(() => {});
  assert.equal(limiter.limit, 1, 'never below one');

  // Recovery: `limit` healthy answers in a row raise it by one; other errors count as answers.
  const healthy = (n: number) =>
    Promise.all(Array.from({ length: n }, () => limiter.run(() => Promise.resolve(1), judge)));
  await healthy(1);
  assert.equal(limiter.limit, 2);
  await limiter.run(() => Promise.reject(new Error('400 invalid ref')), judge).catch(() => {});
  await healthy(1);
  assert.equal(limiter.limit, 3);
  await healthy(3 + 4 + 5 + 6 + 7);
  assert.equal(limiter.limit, 8);
  await healthy(20);
  assert.equal(limiter.limit, 8, 'never above the maximum');
  assert.deepEqual(
    changes.slice(3).map((c) => [c.previous, c.limit, c.reason]),
    [
      [1, 2, 'healthy answers'],
      [2, 3, 'healthy answers'],
      [3, 4, 'healthy answers'],
      [4, 5, 'healthy answers'],
      [5, 6, 'healthy answers'],
      [6, 7, 'healthy answers'],
      [7, 8, 'healthy answers'],
    ],
  );
});

test('lowering the limit lets the tasks in flight finish and holds new ones back until below it', async () => {
  const limiter = new AdaptiveLimiter(4);
  const first = Array.from({ length: 4 }, held);
  const running = first.map((t) => limiter.run(t.task, judge).catch(() => 'refused'));
  await tick();
  first[0]!.reject(new Overloaded());
  await running[0];
  assert.equal(limiter.limit, 2);
  const next = held();
  const waiting = limiter.run(next.task, judge);
  await tick();
  assert.equal(limiter.inFlight, 3, 'the three older tasks keep their slots; the new one waits');
  first[1]!.resolve();
  first[2]!.resolve();
  await next.started;
  assert.equal(limiter.inFlight, 2);
  first[3]!.resolve();
  next.resolve();
  assert.equal(await waiting, 'ok');
});

test('a limit below one is refused with a message', () => {
  assert.throws(() => new AdaptiveLimiter(0), /the concurrency limit must be an integer >= 1, got 0/);
});
