// Issue 9: discover types `data` from a sample of each collection, and with
// data_fields_as_columns each sampled top-level field becomes a typed column. Through the CLI
// against the local server; every record of a full read validates against its discovered schema.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { FaunaClient } from '../../src/fauna/v4/client.js';
import * as fql from '../../src/fauna/v4/query.js';
import type { Message } from '../helpers/cli.js';
import { withEmulator } from '../helpers/emulator.js';
import { createCollection, createDocuments, q } from '../helpers/fixtures.js';
import { assertRecordsValidate } from '../helpers/schema.js';
import { configuredCatalog, discoverCatalog, readOk, records, sourceConfig } from '../helpers/sync.js';

const TIMESTAMP = { format: 'date-time', airbyte_type: 'timestamp_with_timezone' };
const REF = { id: { type: 'string' }, collection: { type: 'string' }, type: { type: 'string' } };

/** What discover must infer for the `typed` collection's data. */
const TYPED_PROPERTIES = {
  name: { type: 'string' },
  count: { type: 'integer' },
  price: { type: 'number' },
  flag: { type: ['null', 'boolean'] },
  when: { type: ['null', 'string'], ...TIMESTAMP },
  day: { type: ['null', 'string'], format: 'date' },
  looks_like_time: { type: ['null', 'string'] },
  owner: { type: ['null', 'object'], properties: REF },
  home: { type: ['null', 'object'], properties: { id: { type: 'string' }, type: { type: 'string' } } },
  bytes: { type: ['null', 'string'] },
  query: { type: ['null', 'string'] },
  set: {
    type: ['null', 'object'],
    properties: {
      '@set': {
        type: 'object',
        properties: { match: { type: 'object', properties: { id: { type: 'string' }, type: { type: 'string' } } } },
      },
    },
  },
  big: { type: ['null', 'integer'] },
  nested: {
    type: 'object',
    properties: {
      inner: { type: 'object', properties: { x: { type: 'integer' }, y: { type: ['null', 'string'] } } },
      list: { type: ['null', 'array'], items: { type: 'integer' } },
    },
  },
  items: {
    type: 'array',
    items: { type: 'object', properties: { sku: { type: 'string' }, qty: { type: ['null', 'integer'] } } },
  },
  mixed: { type: ['integer', 'string'] },
  // `maybe: null` was written but is not stored, as the core answers (v4 keeps no null inside data):
  // a field only ever null has no column.
};

describe('typed columns from a sample at discover', () => {
  const server = withEmulator();
  let ownerId: string;

  before(async () => {
    const client = server.rootClient();
    await createCollection(client, 'typed');
    await createCollection(client, 'spread');
    await createCollection(client, 'huge');
    await createCollection(client, 'late');
    await client.query(q.CreateIndex({ name: 'typed_all', source: q.Collection('typed') }));
    [ownerId] = await createDocuments(client, 'late', [{ name: 'owner' }]);
    await createDocuments(client, 'typed', [
      {
        name: 'every type',
        count: 1,
        price: 1.5,
        flag: true,
        when: q.Time('2022-03-04T12:00:30.123456Z'),
        day: q.Date('2022-03-04'),
        looks_like_time: '2022-03-04T12:00:30Z',
        owner: q.Ref(q.Collection('late'), ownerId),
        home: q.Collection('typed'),
        bytes: new Uint8Array([0xfb, 0xff, 0x01]),
        query: q.Query(q.Lambda('x', q.Var('x'))),
        set: q.Match(q.Index('typed_all')),
        nested: { inner: { x: 1 }, list: [1, 2] },
        items: [{ sku: 'a', qty: 1 }, { sku: 'b' }],
        mixed: 'text',
        maybe: null,
      },
      { name: 'sparse', count: 2, price: 2, nested: { inner: { x: 2, y: 'z' } }, items: [], mixed: 3 },
    ]);
    // A Long beyond 2^53 cannot be written through faunadb (a JS number); the lossless client can.
    const lossless = new FaunaClient({
      domain: server.emulator().host,
      port: server.emulator().port,
      scheme: 'http',
      secret: 'secret',
    });
    await lossless.query({
      create: fql.Collection('typed'),
      params: fql.Obj({
        data: fql.Obj({
          name: 'big',
          count: 3,
          price: 3,
          big: 9223372036854775807n,
          nested: fql.Obj({ inner: fql.Obj({ x: 3 }) }),
          items: [],
          mixed: 4,
        }),
      }),
    });
    await lossless.close();
    // 300 documents in one transaction, each with a field of its own: the schema shows which were sampled.
    await client.query(
      q.Map(
        Array.from({ length: 300 }, (_, i) => ({ [`f${i}`]: i })),
        q.Lambda('d', q.Create(q.Collection('spread'), { data: q.Var('d') })),
      ),
    );
    // Documents of 1 MiB each, again each with a field of its own.
    const blob = 'x'.repeat(1024 * 1024);
    for (let i = 0; i < 12; i++) await client.query(q.Create(q.Collection('huge'), { data: { [`h${i}`]: i, blob } }));
  });

  const config = (collection: object = {}, extra: object = {}) => sourceConfig(server.emulator(), collection, extra);
  const dataSchema = (catalog: Message, name: string) =>
    catalog.streams.find((s: Message) => s.name === name).json_schema.properties.data;

  test('discover infers every Fauna type, nullable and several-typed fields, nested objects and arrays', async () => {
    const catalog = await discoverCatalog(config({ name: 'typed' }));
    assert.deepEqual(dataSchema(catalog, 'typed'), { type: 'object', properties: TYPED_PROPERTIES });
    const result = await readOk({
      config: config({ name: 'typed' }),
      catalog: configuredCatalog(catalog, 'full_refresh'),
    });
    assert.equal(records(result).length, 3);
    assertRecordsValidate(result, catalog);
  });

  test('a sample of 0 keeps data an untyped object; an empty collection has nothing to type', async () => {
    const untyped = await discoverCatalog(config({}, { discover_sample_size: 0 }));
    for (const stream of untyped.streams) assert.deepEqual(stream.json_schema.properties.data, { type: 'object' });
    await createCollection(server.rootClient(), 'empty');
    const catalog = await discoverCatalog(config({ name: 'empty' }));
    assert.deepEqual(dataSchema(catalog, 'empty'), { type: 'object' });
  });

  test('the sample is spread over the collection: first, last and documents between', async () => {
    const catalog = await discoverCatalog(config({ name: 'spread' }, { discover_sample_size: 40 }));
    const sampled = Object.keys(dataSchema(catalog, 'spread').properties)
      .map((f) => Number(f.slice(1)))
      .sort((a, b) => a - b);
    assert.equal(sampled.length, 40);
    assert.equal(sampled[0], 0);
    assert.equal(sampled.at(-1), 299);
    for (let quarter = 0; quarter < 4; quarter++) {
      assert.ok(
        sampled.some((i) => i >= quarter * 75 && i < (quarter + 1) * 75),
        `a document of quarter ${quarter} in ${sampled}`,
      );
    }
    const all = await discoverCatalog(config({ name: 'spread' }, { discover_sample_size: 1000 }));
    assert.equal(Object.keys(dataSchema(all, 'spread').properties).length, 300);
  });

  test('the bytes read per collection are bounded: huge documents stop the sample at 8 MiB', async () => {
    const catalog = await discoverCatalog(config({ name: 'huge' }));
    const fields = Object.keys(dataSchema(catalog, 'huge').properties).filter((f) => f !== 'blob');
    assert.ok(fields.includes('h0') && fields.includes('h11'), `first and last sampled: ${fields}`);
    assert.ok(fields.length <= 8, `at most 8 documents of 1 MiB sampled, got ${fields.length}: ${fields}`);
  });
});
