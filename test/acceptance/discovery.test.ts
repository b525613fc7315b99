// Airbyte's Connector Acceptance Tests, discovery family (TestDiscovery in
// airbyte-integrations/bases/connector-acceptance-test/connector_acceptance_test/tests/test_core.py
// of airbytehq/airbyte), in both config shapes, with automatic index discovery in the
// all-collections shape.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { Ajv } from 'ajv';
import { runCli, type Message } from '../helpers/cli.js';
import { withEmulator } from '../helpers/emulator.js';
import { createCollection, q, read, readOnlyKey } from '../helpers/fixtures.js';
import { discoverCatalog, sourceConfig } from '../helpers/sync.js';

describe('discovery (acceptance)', () => {
  const server = withEmulator();

  before(async () => {
    const client = server.rootClient();
    await createCollection(client, 'users', 'users_by_ts');
    await createCollection(client, 'orders');
    await createCollection(client, 'items');
    // Indexes the search must tolerate or reject: terms only, no values, values in another order.
    await client.query(
      q.CreateIndex({
        name: 'orders_by_status',
        source: q.Collection('orders'),
        terms: [{ field: ['data', 'status'] }],
      }),
    );
    await client.query(q.CreateIndex({ name: 'all_orders', source: q.Collection('orders') }));
    await client.query(
      q.CreateIndex({
        name: 'orders_by_ref_ts',
        source: q.Collection('orders'),
        values: [{ field: 'ref' }, { field: 'ts' }],
      }),
    );
    // Listed after a terms-only index of the same collection, and with an extra value: still found.
    await client.query(
      q.CreateIndex({ name: 'items_by_status', source: q.Collection('items'), terms: [{ field: ['data', 'status'] }] }),
    );
    await client.query(
      q.CreateIndex({
        name: 'items_by_ts',
        source: q.Collection('items'),
        terms: [],
        values: [{ field: ['ts'] }, { field: ['ref'] }, { field: ['data', 'sku'] }],
      }),
    );
  });

  const config = (collection: object = {}, extra: object = {}): object =>
    sourceConfig(server.emulator(), collection, extra);
  const byName = (catalog: Message): Map<string, Message> => new Map(catalog.streams.map((s: Message) => [s.name, s]));

  /** The discovery checks of the acceptance tests, for every stream of a catalog. */
  function assertDiscoveryChecks(catalog: Message): void {
    assert.ok(catalog.streams.length >= 1);
    assert.equal(new Set(catalog.streams.map((s: Message) => s.name)).size, catalog.streams.length, 'unique names');
    const ajv = new Ajv({ strict: false });
    for (const stream of catalog.streams) {
      const schema = stream.json_schema;
      assert.ok(ajv.validateSchema(schema), `${stream.name}: valid draft-07 schema`);
      assert.equal(schema.type, 'object');
      assert.ok(stream.supported_sync_modes.length > 0);
      for (const path of [stream.default_cursor_field, ...stream.source_defined_primary_key]) {
        const field = schema.properties[path.join('.')];
        assert.ok(field, `${stream.name}: ${path} is in properties`);
      }
      for (const [key] of stream.source_defined_primary_key) {
        const types = [schema.properties[key].type].flat();
        assert.ok(!types.includes('object') && !types.includes('array'), 'primary key is a scalar');
      }
      const text = JSON.stringify(schema);
      for (const keyword of ['$ref', 'allOf', '"not"'])
        assert.ok(!text.includes(keyword), `${stream.name}: no ${keyword}`);
      assert.doesNotMatch(text, /"additionalProperties":false/);
      assert.equal(stream.source_defined_cursor, true);
      assert.equal(stream.is_resumable, true);
    }
  }

  test('discover lists every collection, finding incremental indexes automatically', async () => {
    const catalog = await discoverCatalog(config());
    assertDiscoveryChecks(catalog);
    const streams = byName(catalog);
    assert.deepEqual([...streams.keys()].sort(), ['items', 'orders', 'users']);
    assert.deepEqual(streams.get('users').supported_sync_modes, ['full_refresh', 'incremental']);
    assert.deepEqual(streams.get('items').supported_sync_modes, ['full_refresh', 'incremental']);
    assert.deepEqual(streams.get('orders').supported_sync_modes, ['full_refresh']);
    assert.deepEqual(streams.get('users').json_schema.properties, {
      ref: { type: 'string' },
      ts: { type: 'integer' },
      data: { type: 'object' },
      ttl: { type: ['null', 'string'], format: 'date-time', airbyte_type: 'timestamp_with_timezone' },
    });
    assert.deepEqual(streams.get('users').source_defined_primary_key, [['ref']]);
    assert.deepEqual(streams.get('users').default_cursor_field, ['ts']);
  });

  test('discover in single-collection mode: data column, additional columns, deletion column', async () => {
    const catalog = await discoverCatalog(
      config({
        name: 'users',
        index: 'users_by_ts',
        data_column: false,
        additional_columns: [
          { name: 'email', path: ['data', 'email'], type: 'string' },
          {
            name: 'born',
            path: ['data', 'born'],
            type: 'string',
            format: 'date-time',
            airbyte_type: 'timestamp_with_timezone',
            required: false,
          },
        ],
        deletions: { deletion_mode: 'deleted_field', column: 'deleted_at' },
      }),
    );
    assertDiscoveryChecks(catalog);
    assert.equal(catalog.streams.length, 1);
    const [stream] = catalog.streams;
    assert.equal(stream.name, 'users');
    assert.deepEqual(stream.supported_sync_modes, ['full_refresh', 'incremental']);
    assert.deepEqual(stream.json_schema.properties, {
      ref: { type: 'string' },
      ts: { type: 'integer' },
      ttl: { type: ['null', 'string'], format: 'date-time', airbyte_type: 'timestamp_with_timezone' },
      email: { type: 'string' },
      born: { type: ['null', 'string'], format: 'date-time', airbyte_type: 'timestamp_with_timezone' },
      deleted_at: { type: ['null', 'string'], format: 'date-time', airbyte_type: 'timestamp_with_timezone' },
    });
  });

  test('discover in single-collection mode without an index offers full refresh only', async () => {
    const [stream] = (await discoverCatalog(config({ name: 'orders' }))).streams;
    assert.deepEqual(stream.supported_sync_modes, ['full_refresh']);
  });

  test('discover fails with a config_error trace on an invalid index', async () => {
    const result = await runCli(['discover'], { config: config({ name: 'orders', index: 'orders_by_status' }) });
    assert.equal(result.code, 1);
    const traces = result.messages.filter((m) => m.type === 'TRACE');
    assert.equal(traces.length, 1);
    assert.equal(traces[0].trace.error.failure_type, 'config_error');
    assert.match(traces[0].trace.error.message, /should have no terms/);
  });

  test('discover with a key that may not read index definitions still lists every collection, full refresh only', async () => {
    const secret = await readOnlyKey(server.rootClient(), 'no-index-metadata', [
      read(q.Collections()),
      read(q.Collection('users')),
      read(q.Collection('items')),
      read(q.Index('users_by_ts')),
    ]);
    const streams = byName(await discoverCatalog(config({}, { secret })));
    assert.deepEqual([...streams.keys()].sort(), ['items', 'orders', 'users']);
    for (const stream of streams.values()) assert.deepEqual(stream.supported_sync_modes, ['full_refresh']);
  });

  test('discover with the read-only role of docs/setup-fauna.md', async () => {
    const secret = await readOnlyKey(server.rootClient(), 'airbyte-readonly', [
      read(q.Collections()),
      read(q.Indexes()),
      read(q.Collection('users')),
      read(q.Index('users_by_ts')),
    ]);
    const streams = byName(await discoverCatalog(config({}, { secret })));
    assert.deepEqual(streams.get('users').supported_sync_modes, ['full_refresh', 'incremental']);
  });

  test('discover reads index definitions in pages, not one query per index', async () => {
    const client = server.rootClient();
    await createCollection(client, 'wide');
    for (let i = 0; i < 40; i++)
      await client.query(
        q.CreateIndex({ name: `wide_by_f${i}`, source: q.Collection('wide'), terms: [{ field: ['data', `f${i}`] }] }),
      );
    // Count the queries that reach the server's engine during one discover.
    const engine = server.emulator().engine;
    const query = engine.query.bind(engine);
    let queries = 0;
    engine.query = (request) => {
      queries++;
      return query(request);
    };
    try {
      // Without sampling, which costs one or two queries per collection of its own.
      await discoverCatalog(config({}, { discover_sample_size: 0 }));
    } finally {
      engine.query = query;
    }
    assert.ok(queries <= 5, `${queries} queries to discover over 40 indexes`);
  });

  test('an index whose definition answers 403 is skipped; the others are still found', async () => {
    // A real role forbids that one definition among readable ones: Indexes() read is a predicate.
    const allButItemsByTs = q.Query(q.Lambda('ref', q.Not(q.Equals(q.Var('ref'), q.Index('items_by_ts')))));
    const secret = await readOnlyKey(server.rootClient(), 'all-but-items-by-ts', [
      read(q.Collections()),
      { resource: q.Indexes(), actions: { read: allButItemsByTs } },
    ]);
    const streams = byName(await discoverCatalog(config({}, { secret })));
    assert.deepEqual(streams.get('users').supported_sync_modes, ['full_refresh', 'incremental']);
    assert.deepEqual(streams.get('items').supported_sync_modes, ['full_refresh']);
  });
});
