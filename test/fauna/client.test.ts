// The client against the real local server over HTTP, checked against the official driver.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import faunadb from 'faunadb';
import { FaunaClient } from '../../src/fauna/v4/client.js';
import type { FaunaClientOptions } from '../../src/fauna/layers.js';
import { FaunaError } from '../../src/fauna/errors.js';
import { describeFailure, failureType } from '../../src/source/errors.js';
import { parseJson, stringifyJson } from '../../src/fauna/json.js';
import * as ours from '../../src/fauna/v4/query.js';
import type { WireValue } from '../../src/fauna/wire.js';
import { withEmulator } from '../helpers/emulator.js';

const q = faunadb.query;

// Node 20 runs top-level before hooks concurrently: a describe block orders them.
describe('FaunaClient against the local server', () => {
  const server = withEmulator();
  const retries: string[] = [];

  function client(secret = 'secret', options: Partial<FaunaClientOptions> = {}): FaunaClient {
    const { host, port } = server.emulator();
    return new FaunaClient({
      domain: host,
      port,
      scheme: 'http',
      secret,
      onRetry: (info) => retries.push(info.reason),
      ...options,
    });
  }

  async function withClient<T>(use: (c: FaunaClient) => Promise<T>, secret?: string): Promise<T> {
    const c = client(secret);
    try {
      return await use(c);
    } finally {
      await c.close();
    }
  }

  /** A query's resource as the driver decodes it, re-encoded to wire JSON by its toJSON methods. */
  async function driverWire(expr: faunadb.Expr): Promise<string> {
    return JSON.stringify(await server.rootClient().query(expr));
  }

  before(async () => {
    const root = server.rootClient();
    await root.query(q.CreateCollection({ name: 'things' }));
    await root.query(
      q.CreateIndex({
        name: 'things_by_ts',
        source: q.Collection('things'),
        values: [{ field: ['ts'] }, { field: ['ref'] }],
      }),
    );
    for (let i = 0; i < 5; i++) await root.query(q.Create(q.Collection('things'), { data: { i } }));
    await root.query(
      q.Delete(
        (await root.query<{ data: faunadb.values.Ref[] }>(q.Paginate(q.Documents(q.Collection('things')), { size: 1 })))
          .data[0]!,
      ),
    );
  });

  test('a query answers what the driver gets, and the txn time is sent back', async () => {
    await withClient(async (c) => {
      const snapshot = (await c.query(ours.ToMicros(ours.Now()))) as number;
      assert.ok(Number.isSafeInteger(snapshot) && snapshot > 1_500_000_000_000_000);
      const page = ours.At(
        snapshot,
        ours.Map(ours.Paginate(ours.Documents(ours.Collection('things'))), ours.Lambda('x', ours.Get(ours.Var('x')))),
      );
      const driverPage = q.At(
        snapshot,
        q.Map(q.Paginate(q.Documents(q.Collection('things'))), q.Lambda('x', q.Get(q.Var('x')))),
      );
      assert.equal(stringifyJson(await c.query(page)), await driverWire(driverPage));
    });
  });

  // Each set is paged 2 at a time: our cursor, stored as text and re-sent with wire(), must be the
  // driver's request (cursor revived with parseJSON) byte for byte, and both must walk the same pages.
  const sets: [string, ours.Expr, faunadb.Expr, boolean][] = [
    ['Documents', ours.Documents(ours.Collection('things')), q.Documents(q.Collection('things')), false],
    [
      'index Range [ts, ref]',
      ours.Range(ours.Match(ours.Index('things_by_ts')), [0], []),
      q.Range(q.Match(q.Index('things_by_ts')), [0], []),
      false,
    ],
    ['Documents events', ours.Documents(ours.Collection('things')), q.Documents(q.Collection('things')), true],
  ];

  for (const [name, mine, theirs, events] of sets) {
    test(`${name} cursors taken from real pages re-send as the driver's`, async () => {
      await withClient(async (c) => {
        const root = server.rootClient();
        let after: WireValue | undefined;
        let driverAfter: unknown;
        let pages = 0;
        do {
          const request = ours.Paginate(mine, {
            size: 2,
            ...(events ? { events: true } : {}),
            ...(after === undefined ? {} : { after: ours.wire(after) }),
          });
          const driverRequest = q.Paginate(theirs, {
            size: 2,
            ...(events ? { events: true } : {}),
            ...(driverAfter === undefined ? {} : { after: driverAfter }),
          });
          assert.equal(stringifyJson(request), JSON.stringify(driverRequest));
          const page = (await c.query(request)) as { data: WireValue[]; after?: WireValue };
          const driverPage = await root.query<{ after?: unknown }>(driverRequest);
          assert.equal(stringifyJson(page), JSON.stringify(driverPage));
          // A checkpoint stores the cursor as wire JSON text: revived, it re-sends the same way.
          after = page.after === undefined ? undefined : parseJson(stringifyJson(page.after));
          driverAfter =
            driverPage.after === undefined ? undefined : faunadb.parseJSON(JSON.stringify(driverPage.after));
          pages++;
        } while (after !== undefined);
        assert.ok(pages >= 2, 'the set spans several pages');
      });
    });
  }

  test('a wrong secret is a 401 config error, not retried, and the message does not hold the secret', async () => {
    retries.length = 0;
    const error = await withClient((c) => c.query(ours.Now()), 'wrong-secret-value').catch((e: unknown) => e);
    assert.ok(error instanceof FaunaError);
    assert.equal(error.status, 401);
    assert.equal(error.code, 'unauthorized');
    assert.equal(failureType(error), 'config_error');
    assert.doesNotMatch(error.message, /wrong-secret-value/);
    assert.match(describeFailure(error).message, /Check the secret/);
    assert.deepEqual(retries, []);
  });

  test('a missing privilege is a 403 config error, not retried', async () => {
    const root = server.rootClient();
    await root.query(
      q.CreateRole({
        name: 'things_only',
        privileges: [{ resource: q.Collection('things'), actions: { read: true } }],
      }),
    );
    const { secret } = await root.query<{ secret: string }>(q.CreateKey({ role: q.Role('things_only') }));
    retries.length = 0;
    const error = await withClient((c) => c.query(ours.Get(ours.Index('things_by_ts'))), secret).catch(
      (e: unknown) => e,
    );
    assert.ok(error instanceof FaunaError);
    assert.equal(error.status, 403);
    assert.equal(error.code, 'permission denied');
    assert.equal(failureType(error), 'config_error');
    assert.doesNotMatch(error.message, new RegExp(secret));
    assert.deepEqual(retries, []);
  });

  test('a missing collection is a 400 invalid ref config error naming the fix', async () => {
    const error = await withClient((c) => c.query(ours.Paginate(ours.Documents(ours.Collection('nope'))))).catch(
      (e: unknown) => e,
    );
    assert.ok(error instanceof FaunaError);
    assert.equal(error.status, 400);
    assert.equal(error.code, 'invalid ref');
    assert.equal(failureType(error), 'config_error');
    assert.match(describeFailure(error).message, /collection and index names/);
  });

  test('other query errors are system errors with the position of the failure', async () => {
    const error = await withClient((c) => c.query(ours.If(true, ours.Abort('stop here'), null))).catch(
      (e: unknown) => e,
    );
    assert.ok(error instanceof FaunaError);
    assert.equal(error.code, 'transaction aborted');
    assert.equal(error.description, 'stop here');
    assert.deepEqual(error.position, ['then']);
    assert.equal(failureType(error), 'system_error');
  });

  test('a closed port is retried, then reported as a transient error', async () => {
    const reasons: string[] = [];
    const c = new FaunaClient({
      domain: '127.0.0.1',
      port: 1,
      scheme: 'http',
      secret: 'secret',
      maxRetries: 2,
      retryBaseDelayMs: 1,
      onRetry: (info) => reasons.push(info.reason),
    });
    const error = await c.query(ours.Now()).catch((e: unknown) => e);
    await c.close();
    assert.deepEqual(reasons, ['ECONNREFUSED', 'ECONNREFUSED']);
    assert.equal(failureType(error), 'transient_error');
    assert.match(
      (error as Error).message,
      /after 3 attempts.*refused the connection: check the domain, port and scheme/,
    );
  });
});
