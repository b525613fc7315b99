// Airbyte's Connector Acceptance Tests, incremental family (TestIncremental in
// airbyte-integrations/bases/connector-acceptance-test/connector_acceptance_test/tests/test_incremental.py
// of airbytehq/airbyte): two sequential reads, sequential slices with recordCount, and an
// abnormally large state.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { Message } from '../helpers/cli.js';
import { withEmulator } from '../helpers/emulator.js';
import { createCollection, createDocuments } from '../helpers/fixtures.js';
import {
  configuredCatalog,
  discoverCatalog,
  nextState,
  readOk,
  records,
  refs,
  sourceConfig,
  states,
} from '../helpers/sync.js';

describe('incremental (acceptance)', () => {
  const server = withEmulator();
  let config: object;
  let catalog: object;

  // ToMicros(ToTime(Date('9999-01-01'))), the acceptance tests' "future" cursor.
  const FUTURE_TS = 253370764800000000;

  before(async () => {
    const client = server.rootClient();
    await createCollection(client, 'users', 'users_by_ts');
    await createCollection(client, 'items', 'items_by_ts');
    await createDocuments(
      client,
      'users',
      [1, 2, 3, 4, 5].map((i) => ({ i })),
    );
    await createDocuments(client, 'items', [{ sku: 'x' }]);
    config = sourceConfig(server.emulator(), { deletions: { deletion_mode: 'deleted_field', column: 'deleted_at' } });
    catalog = configuredCatalog(await discoverCatalog(config), 'incremental');
  });

  test("two sequential reads: the second, from the first one's states, emits nothing new", async () => {
    const first = await readOk({ config, catalog });
    assert.ok(states(first).length >= 1);
    assert.equal(records(first).length, 6);
    const second = await readOk({ config, catalog, state: nextState(first) });
    assert.equal(records(second).length, 0);
    assert.ok(states(second).length >= 2, 'a state per stream even when nothing changed');
  });

  test('sequential slices: a read resumed from any intermediate state emits exactly the remaining records', async () => {
    const users = configuredCatalog(await discoverCatalog(config), 'incremental', ['users']);
    const full = await readOk({ config, catalog: users });
    const all = records(full);
    const checkpoints = states(full);
    assert.ok(checkpoints.length >= 3, 'page size 2 over 5 documents');
    let covered = 0;
    for (const state of checkpoints.slice(0, -1)) {
      covered += state.sourceStats.recordCount;
      const resumed = await readOk({ config, catalog: users, state: [{ type: 'STREAM', stream: state.stream }] });
      assert.deepEqual(refs(records(resumed)), refs(all.slice(covered)));
    }
    assert.equal(covered + checkpoints.at(-1).sourceStats.recordCount, all.length);
  });

  test('an abnormally large state gives zero records and still a state', async () => {
    const future = (name: string): Message => ({
      type: 'STREAM',
      stream: {
        stream_descriptor: { name },
        stream_state: { updates_cursor: { ts: FUTURE_TS, ref: '10' }, remove_cursor: { ts: FUTURE_TS, ref: '10' } },
      },
    });
    const result = await readOk({ config, catalog, state: [future('users'), future('items')] });
    assert.equal(records(result).length, 0);
    assert.ok(states(result).length >= 2);
  });
});
