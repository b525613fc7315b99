// One record shape for both APIs: the same database synced in FQL v4 mode and in FQL v10 mode
// gives the same records, for documents written through either API, with every type both
// APIs share, special-named fields, a ttl, integers beyond 2^53, and additional columns in
// single-collection mode.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DateStub, TimeStub, type Client } from 'fauna';
import { withEmulator } from '../../helpers/emulator.js';
import { createCollection, q } from '../../helpers/fixtures.js';
import { configuredCatalog, discoverCatalog, readOk, records } from '../../helpers/sync.js';
import type { CliResult } from '../../helpers/cli.js';
import { fql, run, v10Client, v10Config } from './helpers.js';

const { FaunaTime, FaunaDate, Bytes } = (await import('faunadb')).default.values;

/** The record lines without emitted_at, sorted: compared as text, so every digit counts. */
function lines(result: CliResult): string[] {
  return result.stdout
    .split('\n')
    .filter((line) => line.startsWith('{"type":"RECORD"'))
    .map((line) => line.replace(/,"emitted_at":\d+/, ''))
    .sort();
}

describe('FQL v4 and FQL v10 syncs of one database give the same records', () => {
  const server = withEmulator();
  let client: Client;

  before(async () => {
    const v4 = server.rootClient();
    client = v10Client(server);
    await createCollection(v4, 'people');
    await createCollection(v4, 'things');
    await v4.query(q.Create(q.Ref(q.Collection('people'), '7'), { data: { name: 'Grace' } }));
    await v4.query(
      q.Create(q.Ref(q.Collection('things'), '1'), {
        data: {
          owner: q.Ref(q.Collection('people'), '7'),
          kind: q.Collection('people'),
          when: new FaunaTime('2022-03-04T12:00:30.000001Z'),
          day: new FaunaDate('2022-03-04'),
          bytes: new Bytes(new Uint8Array([0xfb, 0xff, 0xbf])),
          big: q.Add(9007199254740000, 993),
          ratio: 0.25,
          nested: { list: [1, 'two', true, { deep: new FaunaTime('2022-03-04T12:00:30Z') }], empty: {} },
          '@weird': { '@x': 'not a tag' },
          id: 'a user field named id',
          ts: 42,
          data: { inner: 1 },
        },
        ttl: new FaunaTime('2099-01-01T00:00:00Z'),
      }),
    );
    await run(
      client,
      fql`things.create({
      id: "2",
      owner: people.byId("7"),
      when: ${TimeStub.from('2023-01-02T03:04:05.678Z')},
      day: ${DateStub.from('2023-01-02')},
      big: ${-9007199254740993n},
      whole: 3.0,
      list: [[1, 2], { a: "b" }]
    })`,
    );
    for (let i = 3; i <= 12; i++) await run(client, fql`things.create({ id: ${String(i)}, n: ${i} })`);
  });
  after(() => client.close());

  const schemas = new Map<string, [unknown, unknown]>();

  async function both(collection: object, extra: object = {}): Promise<[string[], string[], CliResult]> {
    const v4Config = { ...(v10Config(server, collection, extra) as object), fql_version: '4' };
    const v10 = v10Config(server, collection, extra);
    const [v4Catalog, v10Catalog] = [await discoverCatalog(v4Config), await discoverCatalog(v10)];
    for (const stream of v10Catalog.streams) {
      schemas.set(stream.name, [
        v4Catalog.streams.find((s: { name: string }) => s.name === stream.name)?.json_schema,
        stream.json_schema,
      ]);
    }
    const v4Result = await readOk({ config: v4Config, catalog: configuredCatalog(v4Catalog, 'full_refresh') });
    const v10Result = await readOk({ config: v10, catalog: configuredCatalog(v10Catalog, 'full_refresh') });
    return [lines(v4Result), lines(v10Result), v10Result];
  }

  test('all collections: identical record lines', async () => {
    const [v4, v10, result] = await both({}, { max_concurrency: 3 });
    assert.equal(v4.length, 13);
    assert.deepEqual(v10, v4);
    assert.ok(
      v10.some((line) => line.includes('"big":9007199254740993')),
      'a 64-bit integer with every digit',
    );
    // The shared lines are those of the export-format table:
    const first = records(result).find((r) => r.data.ref === '1').data;
    assert.equal(first.ttl, '2099-01-01T00:00:00Z');
    assert.deepEqual(first.data.owner, { id: '7', collection: 'people', type: 'document' });
    assert.deepEqual(first.data.kind, { id: 'people', type: 'collection' });
    assert.deepEqual(first.data['@weird'], { '@x': 'not a tag' });
    assert.equal(first.data.id, 'a user field named id');
    assert.deepEqual(first.data.data, { inner: 1 });
  });

  test('single collection with additional columns and no data column: identical record lines', async () => {
    const [v4, v10] = await both({
      name: 'things',
      data_column: false,
      additional_columns: [
        { name: 'owner_id', path: ['data', 'owner', 'id'], type: 'string', required: false },
        { name: 'owner_collection', path: ['data', 'owner', 'collection', 'id'], type: 'string', required: false },
        { name: 'when', path: ['data', 'when'], type: 'string', format: 'date-time', required: false },
        { name: 'id', path: ['ref', 'id'], type: 'string' },
      ],
    });
    assert.equal(v4.length, 12);
    assert.deepEqual(v10, v4);
    assert.ok(v10.some((line) => line.includes('"owner_collection":"people"')));
  });

  test('data fields as columns, typed by discover: identical records and schemas', async () => {
    const [v4, v10] = await both({ name: 'things', data_fields_as_columns: true });
    assert.equal(v4.length, 12);
    assert.deepEqual(v10, v4);
    const [v4Schema, v10Schema] = schemas.get('things')!;
    assert.deepEqual(v10Schema, v4Schema, 'discover types the same columns from the same documents');
  });
});
