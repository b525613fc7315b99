// The namespaces layout of a database tree through the CLI, FQL v4 and v10: its databases are
// planned as their streams start (src/source/tree/window.ts), so a database with no stream in the
// catalog costs no query, and each is planned once for all its streams; a stream whose database
// is gone completes with a WARN, one whose collection its database lacks fails alone.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import faunadb from 'faunadb';
import { seeingQueries, withEmulator } from '../helpers/emulator.js';
import { configuredCatalog, discoverCatalog, read, readOk, records, sourceConfig } from '../helpers/sync.js';

const q = faunadb.query;
const TENANTS = ['t1', 't2', 't3'];
const COLLECTIONS = ['users', 'orders'];

interface Stream {
  name: string;
  namespace?: string;
}

const named = (stream: Stream) => `${stream.namespace ?? ''}|${stream.name}`;

for (const fql_version of ['4', '10']) {
  describe(`database tree, FQL v${fql_version}: the namespaces layout`, () => {
    const server = withEmulator();
    const config = () =>
      sourceConfig(
        server.emulator(),
        { page_size: 64 },
        { fql_version, databases: { scope: 'tree', layout: 'namespaces' } },
      );

    /** A read of `catalog` during which `seen` is told the secret of each request, before the local server answers it. */
    const readSeeing = (catalog: object, seen: (secret: string) => void) =>
      seeingQueries(
        server,
        (request) => seen(request.secret ?? ''),
        () => readOk({ config: config(), catalog }),
      );

    test('setup', async () => {
      for (const name of TENANTS) {
        await server.client('secret').query(q.CreateDatabase({ name }));
        const client = server.client(`secret:${name}:admin`);
        for (const collection of COLLECTIONS) {
          await client.query(q.CreateCollection({ name: collection }));
          for (let i = 1; i <= 3; i++) await client.query(q.Create(q.Collection(collection), { data: { i } }));
        }
      }
    });

    test('a database without a stream in the catalog is not planned; the others once each', async () => {
      const discovered = await discoverCatalog(config());
      const streams = discovered.streams.filter((stream: Stream) => stream.namespace !== 't2');
      const catalog = configuredCatalog({ streams }, 'full_refresh');
      const secrets: string[] = [];
      const result = await readSeeing(catalog, (secret) => secrets.push(secret));
      const read = records(result).map((record) => named({ name: record.stream, namespace: record.namespace }));
      assert.equal(read.length, 4 * 3);
      assert.deepEqual([...new Set(read)].sort(), ['t1|orders', 't1|users', 't3|orders', 't3|users']);
      const under = (path: string) => secrets.filter((secret) => secret === `secret:${path}:server-readonly`).length;
      assert.equal(under('t2'), 0, 't2 has no stream in the catalog: nothing of it is asked for');
      // Each database's plan brings the first (here: only) page of both its collections.
      assert.deepEqual([under('t1'), under('t3')], [1, 1], secrets.join('\n'));
    });

    test('a database deleted since discover ends its streams with a WARN; a missing collection fails alone', async () => {
      const discovered = await discoverCatalog(config());
      const t1Users = discovered.streams.find((stream: Stream) => named(stream) === 't1|users');
      const streams = [...discovered.streams, { ...t1Users, name: 'invoices' }];
      await server.client('secret').query(q.Delete(q.Database('t3')));
      const result = await read({ config: config(), catalog: configuredCatalog({ streams }, 'full_refresh') });
      assert.equal(result.code, 1);
      const final = new Map<string, string>();
      for (const message of result.messages)
        if (message.type === 'TRACE' && message.trace.type === 'STREAM_STATUS')
          final.set(named(message.trace.stream_status.stream_descriptor), message.trace.stream_status.status);
      assert.deepEqual(Object.fromEntries([...final].sort()), {
        't1|invoices': 'INCOMPLETE',
        't1|orders': 'COMPLETE',
        't1|users': 'COMPLETE',
        't2|orders': 'COMPLETE',
        't2|users': 'COMPLETE',
        't3|orders': 'COMPLETE',
        't3|users': 'COMPLETE',
      });
      const failure = result.messages.find((m) => m.type === 'TRACE' && m.trace.type === 'ERROR').trace.error;
      assert.deepEqual(failure.stream_descriptor, { name: 'invoices', namespace: 't1' });
      assert.match(failure.message, /Stream 'invoices' is not a collection this source can read/);
      const warnings = result.messages.filter((m) => m.type === 'LOG' && m.log.level === 'WARN');
      for (const collection of COLLECTIONS)
        assert.ok(
          warnings.some((m) => m.log.message.startsWith(`t3.${collection}: database 't3' is no longer in the tree`)),
          JSON.stringify(warnings),
        );
      assert.equal(records(result).length, 4 * 3);
    });

    test('a database deleted after the tree was listed, before its plan, ends its streams with a WARN', async () => {
      const catalog = configuredCatalog(await discoverCatalog(config()), 'full_refresh');
      // t2 is deleted as its plan's first request arrives: listed, then gone.
      let deleted = false;
      const result = await readSeeing(catalog, (secret) => {
        if (deleted || secret !== 'secret:t2:server-readonly') return;
        deleted = true;
        server.emulator().engine.query({ secret: 'secret', body: JSON.stringify(q.Delete(q.Database('t2'))) });
      });
      const read = records(result).map((record) => named({ name: record.stream, namespace: record.namespace }));
      assert.deepEqual([...new Set(read)].sort(), ['t1|orders', 't1|users']);
      const warnings = result.messages.filter((m) => m.type === 'LOG' && m.log.level === 'WARN');
      assert.ok(
        warnings.some((m) => m.log.message.startsWith("database 't2' was deleted while the sync started")),
        JSON.stringify(warnings),
      );
    });
  });
}
