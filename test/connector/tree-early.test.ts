// The first pages a database's plan brings ahead of its streams (src/source/core/early.ts), through
// the CLI on a tree in the namespaces layout, FQL v4 and v10: a stream that starts within the limit
// reads its database at the plan's snapshot, without a query of its own; one that starts later
// asks again, and reads what changed in between. SOURCE_FAUNA_EARLY_PAGE_MAX_AGE_MS (for tests
// only, docs/database-trees.md) shortens the limit so that a sync of seconds can outlive it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import faunadb from 'faunadb';
import type { QueryRequest, V10Request } from '../../emulator/engine.js';
import { assertDocumented } from '../helpers/documented.js';
import { withEmulator } from '../helpers/emulator.js';
import { configuredCatalog, discoverCatalog, errors, read, records, sourceConfig } from '../helpers/sync.js';

const q = faunadb.query;
const VARIABLE = 'SOURCE_FAUNA_EARLY_PAGE_MAX_AGE_MS';
// Every query waits this long on the server; the limit the tests set is below it.
const LATENCY_MS = 40;

for (const fql_version of ['4', '10']) {
  describe(`database tree, FQL v${fql_version}: first pages that came with a database's plan`, () => {
    const server = withEmulator({ latencyMs: LATENCY_MS });
    // One query at a time: t2 is planned ahead of its stream, while t1's stream reads its pages.
    const config = () =>
      sourceConfig(
        server.emulator(),
        {},
        { fql_version, max_concurrency: 1, databases: { scope: 'tree', layout: 'namespaces' } },
      );

    let catalog: object;

    test('setup: t1 with 12 users (several pages), t2 with one', async () => {
      for (const [name, count] of [
        ['t1', 12],
        ['t2', 1],
      ] as const) {
        await server.client('secret').query(q.CreateDatabase({ name }));
        const client = server.client(`secret:${name}:admin`);
        await client.query(q.CreateCollection({ name: 'users' }));
        const ids = Array.from({ length: count }, (_, i) => String(i + 1));
        await client.query(q.Foreach(ids, q.Lambda('id', q.Create(q.Ref(q.Collection('users'), q.Var('id')), {}))));
      }
      catalog = configuredCatalog(await discoverCatalog(config()), 'full_refresh');
    });

    /**
     * A full refresh of both tenants with the variable set to `maxAge` (unset: undefined), in which
     * document `id` is created in t2 right after the server answers t2's plan: the ids read from t2.
     */
    async function t2IdsCreatingAfterPlan(id: string, maxAge: string | undefined): Promise<string[]> {
      const engine = server.emulator().engine;
      const [v4, v10] = [engine.query, engine.v10Query];
      let created: { status: number; body: string } | undefined;
      const afterPlan = (request: QueryRequest | V10Request) => {
        if (created !== undefined || request.secret !== 'secret:t2:server-readonly') return;
        const create = q.Create(q.Ref(q.Collection('users'), id), {});
        created = v4.call(engine, { secret: 'secret:t2:admin', body: JSON.stringify(create) });
      };
      engine.query = (request) => {
        const answer = v4.call(engine, request);
        afterPlan(request);
        return answer;
      };
      engine.v10Query = (request) => {
        const answer = v10.call(engine, request);
        afterPlan(request);
        return answer;
      };
      const saved = process.env[VARIABLE];
      if (maxAge === undefined) delete process.env[VARIABLE];
      else process.env[VARIABLE] = maxAge;
      try {
        const result = await read({ config: config(), catalog });
        assert.equal(result.code, 0, result.stdout.slice(-2000) + result.stderr);
        assert.equal(created?.status, 201, `document ${id} created in t2 after its plan: ${created?.body}`);
        return records(result)
          .filter((record) => record.namespace === 't2')
          .map((record) => record.data.ref)
          .sort();
      } finally {
        [engine.query, engine.v10Query] = [v4, v10];
        if (saved === undefined) delete process.env[VARIABLE];
        else process.env[VARIABLE] = saved;
      }
    }

    test('within the limit, a stream reads the first page of its plan, at the plan snapshot', async () => {
      assert.deepEqual(await t2IdsCreatingAfterPlan('100', undefined), ['1']);
    });

    test('older than the limit, it is asked for again: what changed since the plan is read', async () => {
      // The stream of t2 starts after at least one round trip of t1's stream that follows t2's plan.
      assert.deepEqual(await t2IdsCreatingAfterPlan('101', String(LATENCY_MS / 2)), ['1', '100', '101']);
    });

    test('an invalid SOURCE_FAUNA_EARLY_PAGE_MAX_AGE_MS fails the read with a config_error that names it', async () => {
      process.env[VARIABLE] = '1 minute';
      try {
        const result = await read({ config: config(), catalog });
        assert.equal(result.code, 1);
        const failures = errors(result);
        assert.ok(failures.length > 0);
        for (const failure of failures) {
          assert.equal(failure.failure_type, 'config_error');
          assert.match(failure.message, /SOURCE_FAUNA_EARLY_PAGE_MAX_AGE_MS is "1 minute": it must be a whole number/);
          assertDocumented(failure.message, 'an invalid SOURCE_FAUNA_EARLY_PAGE_MAX_AGE_MS');
        }
      } finally {
        delete process.env[VARIABLE];
      }
    });
  });
}
