// The client under the server's fault plan (429, 503, resets, slow replies on 30% of queries):
// every query still answers correctly, each retry is reported, and 401 is never retried.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import faunadb from 'faunadb';
import { FaunaClient } from '../../src/fauna/v4/client.js';
import { FaunaError } from '../../src/fauna/errors.js';
import * as ours from '../../src/fauna/v4/query.js';
import type { WireValue } from '../../src/fauna/wire.js';
import type { RetryInfo } from '../../src/fauna/retry.js';
import { withEmulator } from '../helpers/emulator.js';

const q = faunadb.query;

// Node 20 runs top-level before hooks concurrently: a describe block orders them.
describe('FaunaClient under the fault plan', () => {
  const server = withEmulator({ faultRate: 0.3, faultSeed: 1 });
  const retries: RetryInfo[] = [];

  function client(secret = 'secret'): FaunaClient {
    const { host, port } = server.emulator();
    // Slow replies take 100-500 ms: a 300 ms timeout turns some of them into timeouts to retry.
    return new FaunaClient({
      domain: host,
      port,
      scheme: 'http',
      secret,
      timeoutMs: 300,
      retryBaseDelayMs: 20,
      onRetry: (info) => retries.push(info),
    });
  }

  /** The fault plan hits the test's own setup too: the driver has no retries, so retry here. */
  async function setup<T>(expr: faunadb.Expr): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await server.rootClient().query<T>(expr);
      } catch (error) {
        if (attempt > 10) throw error;
      }
    }
  }

  before(async () => {
    await setup(q.CreateCollection({ name: 'items' }));
    const rows = Array.from({ length: 30 }, (_, i) => [String(i + 1), i]);
    await setup(
      q.Map(
        rows,
        q.Lambda(['id', 'i'], q.Create(q.Ref(q.Collection('items'), q.Var('id')), { data: { i: q.Var('i') } })),
      ),
    );
  });

  test('paging through a collection under faults returns every document exactly once', async () => {
    retries.length = 0;
    const c = client();
    try {
      const seen: string[] = [];
      let after: WireValue | undefined;
      do {
        const page = (await c.query(
          ours.Paginate(ours.Documents(ours.Collection('items')), {
            size: 3,
            ...(after === undefined ? {} : { after: ours.wire(after) }),
          }),
        )) as {
          data: { '@ref': { id: string } }[];
          after?: WireValue;
        };
        seen.push(...page.data.map((ref) => ref['@ref'].id));
        after = page.after;
      } while (after !== undefined);
      assert.deepEqual(
        seen,
        Array.from({ length: 30 }, (_, i) => String(i + 1)),
      );
    } finally {
      await c.close();
    }
    assert.ok(retries.length > 0, 'the fault plan caused retries');
    for (const info of retries) {
      assert.match(info.reason, /^(429 too many requests|503 time out|timeout|ECONNRESET|UND_ERR_SOCKET)$/);
      assert.ok(info.attempt >= 1 && info.delayMs >= 0);
    }
    const throttled = retries.find((info) => info.reason.startsWith('429'));
    if (throttled) assert.ok(throttled.delayMs >= 1000, 'Retry-After: 1 is honoured');
  });

  async function failure(secret: string, expr: ours.Expr): Promise<FaunaError> {
    retries.length = 0;
    const c = client(secret);
    const error = await c.query(expr).catch((e: unknown) => e);
    await c.close();
    assert.ok(error instanceof FaunaError);
    assert.ok(retries.every((info) => !info.reason.startsWith(String(error.status))));
    return error;
  }

  test('a wrong secret under faults fails with 401 and is never retried for it', async () => {
    assert.equal((await failure('not-the-secret', ours.Now())).status, 401);
  });

  test('a missing privilege under faults fails with 403 and is never retried for it', async () => {
    await setup(
      q.CreateRole({ name: 'items_only', privileges: [{ resource: q.Collection('items'), actions: { read: true } }] }),
    );
    const { secret } = await setup<{ secret: string }>(q.CreateKey({ role: q.Role('items_only') }));
    assert.equal((await failure(secret, ours.Get(ours.Collection('items')))).status, 403);
  });
});
