// Airbyte's Connector Acceptance Tests, basic read and full refresh families (TestBasicRead in
// connector_acceptance_test/tests/test_core.py, TestFullRefresh in tests/test_full_refresh.py, under
// airbyte-integrations/bases/connector-acceptance-test/ of airbytehq/airbyte):
// records valid against the discovered schemas, per-stream states with record counts,
// stream statuses, sequential reads, an unknown stream, and incremental asked of a stream without an index.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { before, describe, test } from 'node:test';
import type { Message } from '../helpers/cli.js';
import { withEmulator } from '../helpers/emulator.js';
import { createCollection, createDocuments } from '../helpers/fixtures.js';
import {
  assertRecordsMatchCatalog,
  assertStateMessages,
  configuredCatalog,
  discoverCatalog,
  errors,
  read,
  readOk,
  records,
  refs,
  sourceConfig,
  states,
  statuses,
} from '../helpers/sync.js';

describe('basic read and full refresh (acceptance)', () => {
  const server = withEmulator();
  let catalog: Message;
  let config: object;

  before(async () => {
    const client = server.rootClient();
    await createCollection(client, 'users', 'users_by_ts');
    await createCollection(client, 'orders');
    await createCollection(client, 'empty', 'empty_by_ts');
    await createDocuments(
      client,
      'users',
      [1, 2, 3, 4, 5].map((i) => ({ name: `user ${i}`, tags: ['a', i], nested: { n: i } })),
    );
    await createDocuments(client, 'orders', [{ total: 10.5 }, { total: 3 }, { total: null }]);
    config = sourceConfig(server.emulator());
    catalog = await discoverCatalog(config);
  });

  test('basic read: every discovered stream, records valid against their schema, states and statuses', async () => {
    const result = await readOk({ config, catalog: configuredCatalog(catalog, 'full_refresh') });
    assertRecordsMatchCatalog(result, catalog);
    assert.equal(records(result, 'users').length, 5);
    assert.equal(records(result, 'orders').length, 3);
    assert.equal(records(result, 'empty').length, 0);
    assertStateMessages(result, ['users', 'orders', 'empty']);
    // Page size 2: a checkpoint after the first page, then after each page of the ranges read
    // concurrently (however the rest is cut), and the final state at the end of the stream, whose
    // count is 0 when the last page's checkpoint already covered every record.
    const counts = states(result, 'users').map((s) => s.sourceStats.recordCount);
    assert.equal(counts[0], 2);
    assert.ok(
      counts.length >= 2 && counts.slice(0, -1).every((count: number) => count > 0),
      `a state per page with records: ${counts}`,
    );
    assert.equal(
      counts.reduce((a: number, b: number) => a + b, 0),
      5,
    );
    assert.deepEqual(states(result, 'users').at(-1).stream.stream_state, {});
    assert.deepEqual(
      states(result, 'empty').map((s) => s.stream.stream_state),
      [{}],
    );
    for (const stream of ['users', 'orders', 'empty'])
      assert.deepEqual(statuses(result, stream), ['STARTED', 'RUNNING', 'COMPLETE']);
    const user = records(result, 'users')[0];
    assert.deepEqual(Object.keys(user.data), ['ref', 'ts', 'data', 'ttl']);
    assert.deepEqual(user.data.data, { name: 'user 1', tags: ['a', 1], nested: { n: 1 } });
    assert.equal(user.data.ttl, null);
    assert.match(user.data.ref, /^\d+$/);
    // `total: null` is not stored, as the core answers (v4 keeps no null inside data).
    assert.deepEqual(
      records(result, 'orders').map((r) => r.data.data.total),
      [10.5, 3, undefined],
    );
  });

  test('full refresh: two sequential reads, the second emitted later and holding every record of the first', async () => {
    const configured = configuredCatalog(catalog, 'full_refresh');
    const first = await readOk({ config, catalog: configured });
    await sleep(5);
    const second = await readOk({ config, catalog: configured });
    const emittedAt = (result: typeof first): number[] => records(result).map((r) => r.emitted_at);
    assert.ok(Math.max(...emittedAt(first)) < Math.min(...emittedAt(second)));
    for (const stream of ['users', 'orders'])
      assert.deepEqual(refs(records(second, stream)), refs(records(first, stream)));
  });

  test('a stream that does not exist gives an ERROR trace; the other streams still run', async () => {
    const configured = configuredCatalog(catalog, 'full_refresh', ['orders']) as { streams: object[] };
    configured.streams.unshift({
      stream: {
        name: '__AIRBYTE__stream_that_does_not_exist',
        json_schema: {},
        supported_sync_modes: ['full_refresh'],
      },
      sync_mode: 'INVALID',
      destination_sync_mode: 'overwrite',
    });
    const result = await read({ config, catalog: configured });
    assert.notEqual(result.code, 0);
    const [error, ...more] = errors(result);
    assert.equal(more.length, 0);
    assert.equal(error.failure_type, 'config_error');
    assert.match(error.message, /__AIRBYTE__stream_that_does_not_exist/);
    assert.deepEqual(statuses(result, '__AIRBYTE__stream_that_does_not_exist'), ['STARTED', 'INCOMPLETE']);
    assert.equal(records(result, 'orders').length, 3);
    assert.deepEqual(statuses(result, 'orders'), ['STARTED', 'RUNNING', 'COMPLETE']);
  });

  test('incremental on a stream without an index reads it in full, with one warning, as the Python CDK does', async () => {
    const configured = configuredCatalog(catalog, 'incremental', ['orders', 'users']);
    const result = await readOk({ config, catalog: configured });
    assert.deepEqual(errors(result), []);
    const warnings = result.messages
      .filter((m) => m.type === 'LOG' && m.log.level === 'WARN')
      .map((m) => m.log.message);
    assert.equal(warnings.length, 1);
    assert.match(
      warnings[0],
      /^Stream 'orders' has no Incremental Sync Index, so it is read in full although incremental was asked for; documents deleted/,
    );
    assertRecordsMatchCatalog(result, catalog);
    assert.equal(records(result, 'orders').length, 3);
    assert.equal(records(result, 'users').length, 5);
    assert.deepEqual(statuses(result, 'orders'), ['STARTED', 'RUNNING', 'COMPLETE']);
    // Its state holds no cursor: the next sync reads it in full again, the records carry ref and ts to deduplicate on.
    assert.deepEqual(states(result, 'orders').at(-1).stream.stream_state, {});
    assert.ok(records(result, 'orders').every((r) => /^\d+$/.test(r.data.ref) && Number.isInteger(r.data.ts)));
    assert.ok(
      states(result, 'users').at(-1).stream.stream_state.updates_cursor,
      'the stream with an index syncs incrementally',
    );
  });
});
