// collection.data_fields_as_columns: sampled top-level fields as typed columns, the collision rule,
// and nothing lost: unsampled fields, and values of another type than their column's, stay in
// `data`, the latter reported in meta.changes. Through the CLI against the local server.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { runCli, type Message } from '../helpers/cli.js';
import { withEmulator } from '../helpers/emulator.js';
import { createCollection, createDocuments, q } from '../helpers/fixtures.js';
import { assertRecordsValidate } from '../helpers/schema.js';
import { configuredCatalog, discoverCatalog, readOk, records, sourceConfig } from '../helpers/sync.js';

const TIMESTAMP = { format: 'date-time', airbyte_type: 'timestamp_with_timezone' };

describe('data fields as columns', () => {
  const server = withEmulator();
  let catalog: Message;

  const config = (collection: object = {}) =>
    sourceConfig(server.emulator(), { data_fields_as_columns: true, ...collection });
  const byRef = (rows: Message[]) => new Map(rows.map((r) => [r.data.name ?? r.data.data?.name, r]));

  before(async () => {
    const client = server.rootClient();
    await createCollection(client, 'people', 'people_by_ts');
    await createDocuments(client, 'people', [
      {
        name: 'ada',
        age: 36,
        born: q.Time('1815-12-10T00:00:00Z'),
        tags: ['math'],
        ref: 'not the ref',
        ttl: 'not the ttl',
        retired: null,
      },
      { name: 'alan', age: 41, born: q.Time('1912-06-23T00:00:00Z'), address: { city: 'London' } },
    ]);
    catalog = await discoverCatalog(config());
    // Written after discover: the catalog's columns do not know `nickname`, and `age`, `born` disagree with theirs.
    await createDocuments(client, 'people', [
      { name: 'grace', age: 'eighty-five', born: '1906-12-09', nickname: 'amazing' },
    ]);
  });

  test('discover declares a nullable typed column per sampled field; colliding names and null-only fields stay in data', () => {
    const [stream] = catalog.streams;
    assert.deepEqual(stream.json_schema.properties, {
      ref: { type: 'string' },
      ts: { type: 'integer' },
      data: { type: ['null', 'object'] },
      ttl: { type: ['null', 'string'], ...TIMESTAMP },
      name: { type: ['null', 'string'] },
      age: { type: ['null', 'integer'] },
      born: { type: ['null', 'string'], ...TIMESTAMP },
      tags: { type: ['null', 'array'], items: { type: 'string' } },
      address: { type: ['null', 'object'], properties: { city: { type: 'string' } } },
    });
  });

  test('read fills the columns; unsampled fields and mismatching values stay in data, with meta.changes', async () => {
    const result = await readOk({ config: config(), catalog: configuredCatalog(catalog, 'incremental') });
    const rows = byRef(records(result));
    assert.equal(rows.size, 3);
    const ada = rows.get('ada');
    assert.deepEqual(
      { ...ada.data, ref: undefined, ts: undefined },
      {
        ref: undefined,
        ts: undefined,
        ttl: null,
        name: 'ada',
        age: 36,
        born: '1815-12-10T00:00:00Z',
        tags: ['math'],
        // `retired: null` was written but is not stored, as the core answers (v4 keeps no null inside data).
        data: { ref: 'not the ref', ttl: 'not the ttl' },
      },
    );
    assert.equal(ada.meta, undefined);
    const alan = rows.get('alan');
    assert.equal(alan.data.data, null);
    assert.deepEqual(alan.data.address, { city: 'London' });
    const grace = rows.get('grace');
    assert.deepEqual(grace.data.data, { age: 'eighty-five', born: '1906-12-09', nickname: 'amazing' });
    assert.equal(grace.data.age, undefined);
    assert.equal(grace.data.born, undefined);
    assert.deepEqual(grace.meta, {
      changes: [
        { field: 'age', change: 'NULLED', reason: 'SOURCE_SERIALIZATION_ERROR' },
        { field: 'born', change: 'NULLED', reason: 'SOURCE_SERIALIZATION_ERROR' },
      ],
    });
    assertRecordsValidate(result, catalog);
  });

  test('single-collection mode: an additional column wins over a data field of the same name', async () => {
    const single = config({
      name: 'people',
      additional_columns: [{ name: 'age', path: ['data', 'name'], type: 'string' }],
      deletions: { deletion_mode: 'deleted_field', column: 'born' },
    });
    const discovered = await discoverCatalog(single);
    const { properties } = discovered.streams[0].json_schema;
    assert.deepEqual(properties.age, { type: 'string' });
    assert.deepEqual(properties.born, { type: ['null', 'string'], ...TIMESTAMP });
    assert.ok('name' in properties && 'nickname' in properties, 'the sample now sees all three documents');
    const result = await readOk({ config: single, catalog: configuredCatalog(discovered, 'full_refresh') });
    const ada = byRef(records(result)).get('ada');
    assert.equal(ada.data.age, 'ada');
    assert.equal(ada.data.born, undefined);
    assert.deepEqual(ada.data.data, {
      age: 36,
      born: '1815-12-10T00:00:00Z',
      ref: 'not the ref',
      ttl: 'not the ttl',
    });
    assertRecordsValidate(result, discovered);
  });

  test('data_fields_as_columns without the data column is refused: the fields without a column would be lost', async () => {
    const result = await runCli(['discover'], { config: config({ data_column: false }) });
    assert.equal(result.code, 1);
    const [trace] = result.messages.filter((m) => m.type === 'TRACE');
    assert.equal(trace.trace.error.failure_type, 'config_error');
    assert.match(trace.trace.error.message, /data_fields_as_columns needs collection\.data_column/);
  });
});
