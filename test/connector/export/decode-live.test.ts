// The export-format table of docs/export-format.md, value by value: each Fauna type is stored in a document
// through the real server, read back with our client, decoded, and compared with the table.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import faunadb from 'faunadb';
import { FaunaClient } from '../../../src/fauna/v4/client.js';
import { decodeDocument, type DocumentFields } from '../../../src/source/export/decode.js';
import { stringifyJson } from '../../../src/fauna/json.js';
import * as ours from '../../../src/fauna/v4/query.js';
import { withEmulator } from '../../helpers/emulator.js';

const q = faunadb.query;
const { Ref, FaunaTime, FaunaDate, Bytes, Query } = faunadb.values;

// Node 20 runs top-level before hooks concurrently: a describe block orders them.
describe('export formats through the local server', () => {
  const server = withEmulator();

  const TIME = '2022-03-04T12:00:30.000001Z';
  const LAMBDA = { lambda: 'x', expr: { var: 'x' }, api_version: '4' };
  const native = (name: string) => new Ref(name);

  let stored: DocumentFields;
  let storedBig: DocumentFields;
  let driverData: Record<string, unknown>;

  before(async () => {
    const root = server.rootClient();
    await root.query(q.CreateCollection({ name: 'owners' }));
    await root.query(q.CreateCollection({ name: 'formats' }));
    await root.query(
      q.CreateIndex({
        name: 'owners_by_ts',
        source: q.Collection('owners'),
        values: [{ field: ['ts'] }, { field: ['ref'] }],
      }),
    );
    await root.query(q.CreateDatabase({ name: 'child' }));
    await root.query(
      q.CreateRole({ name: 'reader', privileges: [{ resource: q.Collection('owners'), actions: { read: true } }] }),
    );
    // A write refuses a ref to a function or access provider that does not exist, as the core answers.
    await root.query(q.CreateFunction({ name: 'fn', body: q.Query(q.Lambda('x', q.Var('x'))) }));
    await root.query(
      q.CreateAccessProvider({
        name: 'ap',
        issuer: 'https://issuer.example/',
        jwks_uri: 'https://issuer.example/jwks',
      }),
    );
    const created = await root.query<{ ref: faunadb.values.Ref }>(
      q.Create(q.Ref(q.Collection('formats'), '1'), {
        data: {
          document: q.Ref(q.Collection('owners'), '7'),
          collection: q.Collection('owners'),
          database: q.Database('child'),
          index: q.Index('owners_by_ts'),
          role: q.Role('reader'),
          function: new Ref('fn', native('functions')),
          access_provider: new Ref('ap', native('access_providers')),
          key: new Ref('101', native('keys')),
          token: new Ref('102', native('tokens')),
          credential: new Ref('103', native('credentials')),
          collections: q.Collections(),
          indexes: q.Indexes(),
          bytes: new Bytes(new Uint8Array([0xfb, 0xff, 0xbf])),
          time: new FaunaTime(TIME),
          date: new FaunaDate('2022-03-04'),
          query: new Query(LAMBDA),
          set: q.Match(q.Index('owners_by_ts')),
          at_key: { '@weird': { '@x': 1 } },
          nested: { list: [new FaunaDate('2022-03-04'), q.Collection('owners')], deep: { time: new FaunaTime(TIME) } },
          text: 'héllo',
          number: 1.5,
          flag: true,
        },
        ttl: new FaunaTime('2030-01-01T00:00:00Z'),
      }),
    );
    driverData = (await root.query<{ data: Record<string, unknown> }>(q.Get(created.ref))).data;

    const { host, port } = server.emulator();
    const c = new FaunaClient({ domain: host, port, scheme: 'http', secret: 'secret' });
    try {
      // 64-bit integers beyond 2^53 cannot even be written through the driver: ours keeps them.
      const big = ours.Ref(ours.Collection('formats'), '2');
      await c.query({
        create: big,
        params: ours.Obj({ data: ours.Obj({ big: 9223372036854775807n, small: -9223372036854775808n }) }),
      });
      stored = decodeDocument(await c.query(ours.Get(ours.Ref(ours.Collection('formats'), '1'))));
      storedBig = decodeDocument(await c.query(ours.Get(big)));
    } finally {
      await c.close();
    }
  });

  const table: [string, unknown][] = [
    ['document', { id: '7', collection: 'owners', type: 'document' }],
    ['collection', { id: 'owners', type: 'collection' }],
    ['database', { id: 'child', type: 'database' }],
    ['index', { id: 'owners_by_ts', type: 'index' }],
    ['role', { id: 'reader', type: 'role' }],
    ['function', { id: 'fn', type: 'function' }],
    ['access_provider', { id: 'ap', type: 'access_provider' }],
    ['key', { id: '101', type: 'key' }],
    ['token', { id: '102', type: 'token' }],
    ['credential', { id: '103', type: 'credential' }],
    ['collections', { id: 'collections', type: 'unknown' }],
    ['indexes', { id: 'indexes', type: 'unknown' }],
    ['bytes', '-_-_'],
    ['time', TIME],
    ['date', '2022-03-04'],
    ['at_key', { '@weird': { '@x': 1 } }],
    ['nested', { list: ['2022-03-04', { id: 'owners', type: 'collection' }], deep: { time: TIME } }],
    ['text', 'héllo'],
    ['number', 1.5],
    ['flag', true],
  ];

  for (const [field, expected] of table) {
    test(`${field} is exported as the table says`, () => assert.deepEqual(stored.data[field], expected));
  }

  test('Query is exported as its wire JSON string; a stored set as the object the core keeps', () => {
    assert.equal(stored.data.query, JSON.stringify(driverData.query));
    // api_version first, as the core answers.
    assert.match(stored.data.query as string, /^\{"@query":\{"api_version":"4","lambda":"x"/);
    // The core stores a set as the plain object {"@set": ...} and answers it escaped,
    // {"@obj":{"@set":{"match":{"@ref":...}}}}: an object, its ref decoded like any other.
    assert.deepEqual(stored.data.set, { '@set': { match: { id: 'owners_by_ts', type: 'index' } } });
  });

  test('ref, ts and ttl of the document, a null ttl when none is set', () => {
    assert.equal(stored.ref, '1');
    assert.ok(Number.isSafeInteger(stored.ts) && stored.ts > 1_500_000_000_000_000);
    assert.equal(stored.ttl, '2030-01-01T00:00:00Z');
    assert.equal(storedBig.ttl, null);
  });

  test('64-bit integers keep every digit up to the output line', () => {
    assert.deepEqual(storedBig.data, { big: 9223372036854775807n, small: -9223372036854775808n });
    assert.equal(stringifyJson(storedBig.data), '{"big":9223372036854775807,"small":-9223372036854775808}');
  });
});
