// The export-format table of docs/export-format.md, value by value, through a real read; and additional
// columns selected with FQL Select semantics.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { FaunaClient } from '../../src/fauna/v4/client.js';
import * as fql from '../../src/fauna/v4/query.js';
import { withEmulator } from '../helpers/emulator.js';
import { createCollection, q } from '../helpers/fixtures.js';
import { configuredCatalog, discoverCatalog, errors, read, readOk, records, sourceConfig } from '../helpers/sync.js';

describe('export formats and additional columns', () => {
  const server = withEmulator();
  let parentId: string;

  before(async () => {
    const client = server.rootClient();
    await createCollection(client, 'people', 'people_by_ts');
    await createCollection(client, 'values');
    await client.query(q.CreateDatabase({ name: 'child' }));
    await client.query(
      q.CreateRole({ name: 'reader', privileges: [{ resource: q.Collection('people'), actions: { read: true } }] }),
    );
    const parent = await client.query<{ ref: { id: string } }>(
      q.Create(q.Collection('people'), { data: { name: 'parent' } }),
    );
    parentId = parent.ref.id;
    await client.query(
      q.Create(q.Collection('people'), {
        data: { name: 'child', parent: q.Ref(q.Collection('people'), parentId), email: 'c@example.com' },
      }),
    );
    await client.query(
      q.Create(q.Collection('values'), {
        data: {
          document: q.Ref(q.Collection('people'), parentId),
          collection: q.Collection('people'),
          index: q.Index('people_by_ts'),
          database: q.Database('child'),
          role: q.Role('reader'),
          native: q.Collections(),
          time: q.Time('2022-03-04T12:00:30Z'),
          date: q.Date('2022-03-04'),
          bytes: new Uint8Array([0xfb, 0xff, 0x01]),
          query: q.Query(q.Lambda('x', q.Var('x'))),
          set: q.Match(q.Index('people_by_ts')),
          nested: {
            list: [q.Date('2022-03-04'), q.Collection('people')],
            deep: { at: q.Time('2022-03-04T12:00:30.123456Z') },
          },
          '@weird': 'escaped key',
          plain: { string: 'é', number: 1.5, integer: 42, boolean: false, null: null },
        },
      }),
    );
    // A Long beyond 2^53 cannot be written through faunadb (a JS number); the lossless client can.
    const lossless = new FaunaClient({
      domain: server.emulator().host,
      port: server.emulator().port,
      scheme: 'http',
      secret: 'secret',
    });
    await lossless.query({
      create: fql.Collection('values'),
      params: fql.Obj({ data: fql.Obj({ big: 9223372036854775807n }) }),
    });
    await lossless.close();
  });

  test('every Fauna type is exported as the table of docs/export-format.md says', async () => {
    const config = sourceConfig(server.emulator(), { name: 'values', page_size: 10 });
    const catalog = configuredCatalog(await discoverCatalog(config), 'full_refresh');
    const result = await readOk({ config, catalog });
    const [typed, big] = records(result).map((r) => r.data.data);
    assert.deepEqual(
      { ...typed, query: undefined, set: undefined },
      {
        document: { id: parentId, collection: 'people', type: 'document' },
        collection: { id: 'people', type: 'collection' },
        index: { id: 'people_by_ts', type: 'index' },
        database: { id: 'child', type: 'database' },
        role: { id: 'reader', type: 'role' },
        native: { id: 'collections', type: 'unknown' },
        time: '2022-03-04T12:00:30Z',
        date: '2022-03-04',
        bytes: '-_8B',
        query: undefined,
        set: undefined,
        nested: {
          list: ['2022-03-04', { id: 'people', type: 'collection' }],
          deep: { at: '2022-03-04T12:00:30.123456Z' },
        },
        '@weird': 'escaped key',
        // Written with `null: null`: not stored, as the core answers (v4 keeps no null inside data).
        plain: { string: 'é', number: 1.5, integer: 42, boolean: false },
      },
    );
    assert.deepEqual(JSON.parse(typed.query), { '@query': { lambda: 'x', expr: { var: 'x' }, api_version: '4' } });
    // A stored set is the object the core keeps, {"@set": ...} (it answers {"@obj":{"@set":...}}).
    assert.deepEqual(typed.set, { '@set': { match: { id: 'people_by_ts', type: 'index' } } });
    // Every digit of the Long survives into the output line.
    assert.deepEqual(Object.keys(big), ['big']);
    assert.match(result.stdout, /"big":9223372036854775807[,}]/);
  });

  test('additional columns follow FQL Select: ids and collections through refs, optional columns null', async () => {
    const config = sourceConfig(server.emulator(), {
      name: 'people',
      index: 'people_by_ts',
      data_column: false,
      additional_columns: [
        { name: 'name', path: ['data', 'name'], type: 'string' },
        { name: 'parent', path: ['data', 'parent'], type: 'object', required: false },
        { name: 'parent_id', path: ['data', 'parent', 'id'], type: 'string', required: false },
        { name: 'parent_collection', path: ['data', 'parent', 'collection', 'id'], type: 'string', required: false },
        { name: 'own_id', path: ['ref', 'id'], type: 'string' },
      ],
    });
    const catalog = configuredCatalog(await discoverCatalog(config), 'incremental');
    const rows = records(await readOk({ config, catalog })).map((r) => r.data);
    assert.deepEqual(
      rows.map(({ ts: _ts, ref: _ref, ...rest }) => rest),
      [
        { ttl: null, name: 'parent', parent: null, parent_id: null, parent_collection: null, own_id: parentId },
        {
          ttl: null,
          name: 'child',
          parent: { id: parentId, collection: 'people', type: 'document' },
          parent_id: parentId,
          parent_collection: 'people',
          own_id: rows[1].ref,
        },
      ],
    );
  });

  test('an additional column holding a Long beyond 2^53 keeps every digit', async () => {
    const config = sourceConfig(server.emulator(), {
      name: 'values',
      data_column: false,
      additional_columns: [{ name: 'big', path: ['data', 'big'], type: 'integer', required: false }],
    });
    const result = await readOk({ config, catalog: configuredCatalog(await discoverCatalog(config), 'full_refresh') });
    assert.deepEqual(
      records(result).map((r) => r.data.big),
      [null, 9223372036854775807],
    );
    assert.match(result.stdout, /"ttl":null,"big":9223372036854775807},"emitted_at"/);
  });

  test('a required column missing from a document fails the stream, naming the document and the path', async () => {
    const config = sourceConfig(server.emulator(), {
      name: 'people',
      additional_columns: [{ name: 'email', path: ['data', 'email'], type: 'string' }],
    });
    const result = await read({ config, catalog: configuredCatalog(await discoverCatalog(config), 'full_refresh') });
    assert.equal(result.code, 1);
    const [error] = errors(result);
    assert.equal(error.failure_type, 'config_error');
    assert.match(
      error.message,
      new RegExp(`The path \\['data', 'email'\\] does not exist in document Ref\\(${parentId}, collection=people\\)`),
    );
  });
});
