// Airbyte's Connector Acceptance Tests, connection family (TestConnection in
// airbyte-integrations/bases/connector-acceptance-test/connector_acceptance_test/tests/test_core.py
// of airbytehq/airbyte), and the check messages of Airbyte's Python connector 0.1.x
// (airbyte-integrations/connectors/source-fauna/source_fauna/source.py) against the local server.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { withEmulator } from '../helpers/emulator.js';
import { createCollection, q } from '../helpers/fixtures.js';
import { sourceConfig } from '../helpers/sync.js';

describe('connection (acceptance)', { concurrency: 4 }, () => {
  const server = withEmulator();

  before(async () => {
    const client = server.rootClient();
    await createCollection(client, 'users', 'users_by_ts');
    await createCollection(client, 'orders');
    await client.query(
      q.CreateIndex({
        name: 'orders_by_status',
        source: q.Collection('orders'),
        terms: [{ field: ['data', 'status'] }],
      }),
    );
    await client.query(
      q.CreateIndex({
        name: 'users_by_name',
        source: q.Collection('users'),
        values: [{ field: ['data', 'name'] }, { field: 'ref' }],
      }),
    );
  });

  async function checkStatus(config: object): Promise<{ status: string; message?: string }> {
    const result = await runCli(['check'], { config });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.messages.filter((m) => m.type === 'CONNECTION_STATUS').length, 1);
    return result.messages.find((m) => m.type === 'CONNECTION_STATUS').connectionStatus;
  }

  const config = (collection: object = {}, extra: object = {}): object =>
    sourceConfig(server.emulator(), collection, extra);

  test('check succeeds for every collection (the Python connector 0.1.x config)', async () => {
    assert.deepEqual(await checkStatus(config()), { status: 'SUCCEEDED' });
  });

  test('check succeeds for one collection with a valid index, and without an index', async () => {
    assert.deepEqual(await checkStatus(config({ name: 'users', index: 'users_by_ts' })), { status: 'SUCCEEDED' });
    assert.deepEqual(await checkStatus(config({ name: 'orders' })), { status: 'SUCCEEDED' });
  });

  test("check fails with the Python connector's message on a wrong secret", async () => {
    assert.deepEqual(await checkStatus(config({}, { secret: 'wrong' })), {
      status: 'FAILED',
      message: 'Failed to connect to database: Unauthorized',
    });
  });

  for (const [name, collection, message] of [
    ['a missing collection', { name: 'nope' }, "Collection 'nope' does not exist"],
    ['a missing index', { name: 'users', index: 'nope' }, "Index 'nope' does not exist"],
    [
      'an index of another collection',
      { name: 'orders', index: 'users_by_ts' },
      "Index 'users_by_ts' should have source 'orders', but it has source 'users'",
    ],
    [
      'an index with terms',
      { name: 'orders', index: 'orders_by_status' },
      "Index 'orders_by_status' should have no terms, but it has terms [{'field': ['data', 'status']}]",
    ],
    // The server may store a one-element field path as a string or as an array.
    [
      'an index whose values do not start with ts, ref',
      { name: 'users', index: 'users_by_name' },
      /^Index should have values \[\{'field': 'ts'\}, \{'field': 'ref'\}\], but it has values \[\{'field': \['data', 'name'\]\}, \{'field': (\['ref'\]|'ref')\}\]$/,
    ],
  ] as const) {
    test(`check fails on ${name}`, async () => {
      const status = await checkStatus(config(collection));
      assert.equal(status.status, 'FAILED');
      if (typeof message === 'string') assert.equal(status.message, message);
      else assert.match(status.message ?? '', message);
    });
  }
});
