// Database trees (databases.scope "tree") through the CLI, FQL v4 and v10: a three-level tree
// with overlapping collections in both layouts, include/exclude, bad input, incremental syncs
// across tenants (one created and one deleted between syncs), a union stream killed and resumed
// (incremental, and a full refresh that must not read finished databases again), and the round
// trips of a union sync.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import faunadb from 'faunadb';
import { runCli, spawnCli } from '../helpers/cli.js';
import { withEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { createCollection } from '../helpers/fixtures.js';
import {
  configuredCatalog,
  discoverCatalog,
  errors,
  nextState,
  read,
  readOk,
  records,
  sourceConfig,
  statuses,
} from '../helpers/sync.js';

const q = faunadb.query;

/** root: users; tenant_a: users, orders; tenant_b: users; tenant_b/sub: users, orders; other: users. */
const TREE: [string, string, number][] = [
  ['', 'users', 1],
  ['tenant_a', 'users', 2],
  ['tenant_a', 'orders', 1],
  ['tenant_b', 'users', 1],
  ['tenant_b/sub', 'users', 1],
  ['tenant_b/sub', 'orders', 1],
  ['other', 'users', 1],
];

/** database|collection -> ids, as TREE makes them. */
const EXPECTED = Object.fromEntries(
  TREE.map(([path, collection, count]) => [
    `${path}|${collection}`,
    Array.from({ length: count }, (_, i) => String(i + 1)),
  ]),
);

const scoped = (path: string) => (path === '' ? 'secret' : `secret:${path}:admin`);

/** database -> collection -> sorted ids, from a read's records. */
function byDatabase(result: Awaited<ReturnType<typeof readOk>>): Record<string, string[]> {
  const seen: Record<string, string[]> = {};
  for (const record of records(result)) (seen[`${record.data.database}|${record.stream}`] ??= []).push(record.data.ref);
  for (const ids of Object.values(seen)) ids.sort();
  return seen;
}

for (const fql_version of ['4', '10']) {
  describe(`database tree, FQL v${fql_version}`, () => {
    const server = withEmulator();
    const tree = (databases: object = {}) =>
      sourceConfig(server.emulator(), {}, { fql_version, databases: { scope: 'tree', ...databases } });

    test('setup', async () => {
      const root = server.client('secret');
      for (const name of ['tenant_a', 'tenant_b', 'other']) await root.query(q.CreateDatabase({ name }));
      await server.client('secret:tenant_b:admin').query(q.CreateDatabase({ name: 'sub' }));
      for (const [path, collection, count] of TREE) {
        const client = server.client(scoped(path));
        await client.query(q.If(q.Exists(q.Collection(collection)), null, q.CreateCollection({ name: collection })));
        for (let i = 1; i <= count; i++)
          await client.query(q.Create(q.Ref(q.Collection(collection), String(i)), { data: { n: i, at: path } }));
      }
    });

    test('discover: one stream per collection name, keyed by database and ref; read: every database', async () => {
      const catalog = await discoverCatalog(tree());
      assert.deepEqual(catalog.streams.map((s: { name: string }) => s.name).sort(), ['orders', 'users']);
      for (const stream of catalog.streams) {
        assert.deepEqual(stream.source_defined_primary_key, [['database'], ['ref']]);
        assert.deepEqual(stream.json_schema.properties.database, { type: 'string' });
      }
      const result = await readOk({ config: tree(), catalog: configuredCatalog(catalog, 'full_refresh') });
      assert.deepEqual(byDatabase(result), EXPECTED);
      // A completed full refresh leaves nothing to resume: no database's entry, no finished list.
      const state = nextState(result).find((s) => s.stream.stream_descriptor.name === 'users');
      assert.deepEqual(state.stream.stream_state, { databases: {} });
    });

    test('namespaces layout: one stream per database and collection, the path as namespace', async () => {
      const config = tree({ layout: 'namespaces' });
      const catalog = await discoverCatalog(config);
      const named = (s: { name: string; namespace?: string }) => `${s.namespace ?? ''}|${s.name}`;
      assert.deepEqual(catalog.streams.map(named).sort(), Object.keys(EXPECTED).sort());
      for (const stream of catalog.streams) assert.deepEqual(stream.source_defined_primary_key, [['ref']]);
      const result = await readOk({ config, catalog: configuredCatalog(catalog, 'full_refresh') });
      const seen: Record<string, string[]> = {};
      for (const record of records(result))
        (seen[named({ name: record.stream, namespace: record.namespace })] ??= []).push(record.data.ref);
      for (const ids of Object.values(seen)) ids.sort();
      assert.deepEqual(seen, EXPECTED);
      const descriptors = result.messages
        .filter((m) => m.type === 'STATE')
        .map((m) => named(m.state.stream.stream_descriptor));
      assert.deepEqual([...new Set(descriptors)].sort(), Object.keys(EXPECTED).sort());
    });

    test('include and exclude pick paths: * within a name, ** across /', async () => {
      const config = tree({ include: ['tenant_*', 'tenant_*/**'], exclude: ['tenant_a'] });
      const catalog = await discoverCatalog(config);
      const result = await readOk({ config, catalog: configuredCatalog(catalog, 'full_refresh') });
      assert.deepEqual(Object.keys(byDatabase(result)).sort(), [
        'tenant_b/sub|orders',
        'tenant_b/sub|users',
        'tenant_b|users',
      ]);
      const check = await runCli(['check'], { config });
      assert.equal(check.messages.find((m) => m.type === 'CONNECTION_STATUS').connectionStatus.status, 'SUCCEEDED');
      assert.ok(
        check.messages.some((m) => m.type === 'LOG' && /tree has 5 databases, the patterns keep 2/.test(m.log.message)),
      );
    });

    test('a union stream whose collection no database holds fails alone, as an unknown stream', async () => {
      const catalog = await discoverCatalog(tree());
      const users = catalog.streams.find((s: { name: string }) => s.name === 'users');
      const configured = configuredCatalog({ streams: [users, { ...users, name: 'invoices' }] }, 'full_refresh');
      const result = await read({ config: tree(), catalog: configured });
      assert.equal(result.code, 1);
      assert.deepEqual(statuses(result, 'invoices'), ['STARTED', 'INCOMPLETE']);
      assert.match(JSON.stringify(errors(result)), /Stream 'invoices' is not a collection this source can read/);
      assert.equal(statuses(result, 'users').at(-1), 'COMPLETE');
      assert.equal(records(result, 'users').length, 6);
    });

    test('bad input: a pattern that matches nothing, a key that cannot list databases', async () => {
      const check = async (config: object) =>
        (await runCli(['check'], { config })).messages.find((m) => m.type === 'CONNECTION_STATUS').connectionStatus;
      const typo = await check(tree({ include: ['tenant_c*'] }));
      assert.equal(typo.status, 'FAILED');
      assert.match(typo.message, /databases.include pattern 'tenant_c\*' matches none of the 5 databases/);
      const key = (await server.client('secret').query(q.CreateKey({ role: 'server-readonly' }))) as { secret: string };
      const notAdmin = await check({ ...tree(), secret: key.secret });
      assert.equal(notAdmin.status, 'FAILED');
      assert.match(notAdmin.message, /cannot list child databases/);
      const discover = await runCli(['discover'], { config: tree({ include: ['nope'] }) });
      const trace = discover.messages.find((m) => m.type === 'TRACE').trace.error;
      assert.equal(trace.failure_type, 'config_error');
    });
  });
}

for (const fql_version of ['4', '10']) {
  describe(`database tree, FQL v${fql_version} incremental`, () => {
    const server = withEmulator();

    test('changes in two tenants, a tenant created and one deleted between syncs', async () => {
      const config = sourceConfig(server.emulator(), {}, { fql_version, databases: { scope: 'tree' } });
      const root = server.client('secret');
      for (const name of ['t1', 't2', 't3', 'gone']) {
        await root.query(q.CreateDatabase({ name }));
        const client = server.client(`secret:${name}:admin`);
        await createCollection(client, 'users', 'users_by_ts');
        await client.query(q.Create(q.Ref(q.Collection('users'), '1'), { data: { v: 1 } }));
      }
      const catalog = configuredCatalog(await discoverCatalog(config), 'incremental');
      const first = await readOk({ config, catalog });
      assert.deepEqual(Object.keys(byDatabase(first)).sort(), ['gone|users', 't1|users', 't2|users', 't3|users']);

      await server.client('secret:t1:admin').query(q.Update(q.Ref(q.Collection('users'), '1'), { data: { v: 2 } }));
      await server.client('secret:t2:admin').query(q.Create(q.Ref(q.Collection('users'), '2'), { data: { v: 1 } }));
      await root.query(q.Delete(q.Database('gone')));
      await root.query(q.CreateDatabase({ name: 'fresh' }));
      const fresh = server.client('secret:fresh:admin');
      await createCollection(fresh, 'users', 'users_by_ts');
      await fresh.query(q.Create(q.Ref(q.Collection('users'), '7'), { data: { v: 1 } }));

      const second = await readOk({ config, catalog, state: nextState(first) });
      assert.deepEqual(byDatabase(second), { 't1|users': ['1'], 't2|users': ['2'], 'fresh|users': ['7'] });
      assert.ok(
        second.messages.some(
          (m) =>
            m.type === 'LOG' &&
            m.log.level === 'WARN' &&
            /database 'gone' is no longer in the tree/.test(m.log.message),
        ),
      );
      const state = nextState(second, nextState(first)).find((s) => s.stream.stream_descriptor.name === 'users');
      assert.deepEqual(Object.keys(state.stream.stream_state.databases).sort(), ['fresh', 't1', 't2', 't3']);
      const third = await readOk({ config, catalog, state: nextState(second, nextState(first)) });
      assert.deepEqual(records(third), []);

      // A tenant that drops the collection: its cursor goes, with a WARN, once the stream's databases are read.
      await server.client('secret:t3:admin').query(q.Delete(q.Collection('users')));
      const afterThird = nextState(third, nextState(second, nextState(first)));
      const fourth = await readOk({ config, catalog, state: afterThird });
      assert.ok(
        fourth.messages.some(
          (m) =>
            m.type === 'LOG' &&
            m.log.level === 'WARN' &&
            /database 't3' no longer has this collection/.test(m.log.message),
        ),
      );
      const last = nextState(fourth, afterThird).find((s) => s.stream.stream_descriptor.name === 'users');
      assert.deepEqual(Object.keys(last.stream.stream_state.databases).sort(), ['fresh', 't1', 't2']);
    });
  });
}

/** Databases below the root, each with a collection `users` of documents 1 to 6: their `database|id`. */
async function usersTenants(server: EmulatorHandle, names: string[]): Promise<string[]> {
  const all: string[] = [];
  for (const name of names) {
    await server.client('secret').query(q.CreateDatabase({ name }));
    const client = server.client(`secret:${name}:admin`);
    await client.query(q.CreateCollection({ name: 'users' }));
    for (let i = 1; i <= 6; i++) {
      await client.query(q.Create(q.Ref(q.Collection('users'), String(i)), { data: { i } }));
      all.push(`${name}|${i}`);
    }
  }
  return all;
}

describe('database tree: kill and resume in the middle of a union stream', () => {
  // Latency keeps the sync running long enough to be killed in the middle.
  const server = withEmulator({ latencyMs: 20 });

  test('the resumed sync loses no document of any database', async () => {
    const all = await usersTenants(server, ['t1', 't2', 't3']);
    const config = sourceConfig(
      server.emulator(),
      {},
      { fql_version: '10', max_concurrency: 2, databases: { scope: 'tree' } },
    );
    const catalog = configuredCatalog(await discoverCatalog(config), 'incremental');
    const running = spawnCli(['read'], { config, catalog });
    let seen = 0;
    running.onMessage((message) => {
      if (message.type === 'STATE' && ++seen === 2) running.child.kill('SIGKILL');
    });
    const killed = await running.result;
    assert.equal(killed.signal, 'SIGKILL');
    const last = killed.messages.map((m) => m.type).lastIndexOf('STATE');
    const covered = killed.messages.slice(0, last).filter((m) => m.type === 'RECORD');
    assert.ok(covered.length > 0 && covered.length < all.length, 'killed in the middle');
    const state = [{ type: 'STREAM', stream: killed.messages[last].state.stream }];
    const resumed = await readOk({ config, catalog, state });
    const got = new Set(
      [...covered.map((m) => m.record), ...records(resumed)].map((r) => `${r.data.database}|${r.data.ref}`),
    );
    assert.deepEqual([...got].sort(), all.sort());
  });
});

for (const fql_version of ['4', '10']) {
  describe(`database tree, FQL v${fql_version}: a killed full refresh of a union stream resumes`, () => {
    const server = withEmulator({ latencyMs: 10 });

    test('without reading again the databases it had finished', async () => {
      const all = await usersTenants(server, ['t1', 't2', 't3', 't4']);
      // One query at a time: the databases are read one after the other, three pages each.
      const config = sourceConfig(
        server.emulator(),
        {},
        { fql_version, max_concurrency: 1, databases: { scope: 'tree' } },
      );
      const catalog = configuredCatalog(await discoverCatalog(config), 'full_refresh');
      const running = spawnCli(['read'], { config, catalog });
      const started = new Set<string>();
      running.onMessage((message) => {
        if (message.type === 'RECORD') started.add(message.record.data.database);
        if (message.type === 'STATE' && started.size === 3) running.child.kill('SIGKILL');
      });
      const killed = await running.result;
      assert.equal(killed.signal, 'SIGKILL');
      const last = killed.messages.map((m) => m.type).lastIndexOf('STATE');
      const covered = killed.messages.slice(0, last).filter((m) => m.type === 'RECORD');
      // Every database that another followed before the last checkpoint was complete at it.
      const order = [...new Set(covered.map((m) => m.record.data.database as string))];
      const complete = order.slice(0, -1);
      assert.ok(complete.length >= 2, `two databases read before the kill, got ${order.join(', ')}`);
      const state = [{ type: 'STREAM', stream: killed.messages[last].state.stream }];
      const resumed = await readOk({ config, catalog, state });
      const again = records(resumed).filter((r) => complete.includes(r.data.database));
      assert.deepEqual(again, [], 'no database finished before the kill is read again');
      const got = new Set(
        [...covered.map((m) => m.record), ...records(resumed)].map((r) => `${r.data.database}|${r.data.ref}`),
      );
      assert.deepEqual([...got].sort(), all.sort());
      // The next sync is a new full refresh of every database.
      const final = resumed.messages.filter((m) => m.type === 'STATE').at(-1).state.stream;
      const next = await readOk({ config, catalog, state: [{ type: 'STREAM', stream: final }] });
      assert.equal(records(next).length, all.length);
    });
  });
}

describe('database tree: round trips of a union sync', () => {
  const server = withEmulator();
  const TENANTS = ['t1', 't2', 't3'];

  /** The bodies of the queries the server answers while `body` runs, FQL v4 and v10, and of its FQL v10 feed requests. */
  async function queriesOf(body: () => Promise<unknown>, feeds: string[] = []): Promise<string[]> {
    const engine = server.emulator().engine;
    const [v4, v10, feed] = [engine.query, engine.v10Query, engine.v10Feed];
    const seen: string[] = [];
    engine.query = (request) => (seen.push(request.body), v4.call(engine, request));
    engine.v10Query = (request) => (seen.push(request.body), v10.call(engine, request));
    engine.v10Feed = (request) => (feeds.push(request.body), feed.call(engine, request));
    try {
      await body();
    } finally {
      [engine.query, engine.v10Query, engine.v10Feed] = [v4, v10, feed];
    }
    return seen;
  }

  test('setup', async () => {
    for (const name of TENANTS) {
      await server.client('secret').query(q.CreateDatabase({ name }));
      const client = server.client(`secret:${name}:admin`);
      for (const collection of ['users', 'orders']) {
        await client.query(q.CreateCollection({ name: collection }));
        for (let i = 1; i <= 3; i++) await client.query(q.Create(q.Collection(collection), { data: { i } }));
      }
    }
  });

  const config = (fql_version: string) =>
    sourceConfig(server.emulator(), { page_size: 64 }, { fql_version, databases: { scope: 'tree' } });
  /** The state after the FQL v10 incremental syncs, for the next. */
  let saved: ReturnType<typeof nextState>;

  test('FQL v4 full refresh: the tree listed in one query, each database read in its plan query', async () => {
    const catalog = configuredCatalog(await discoverCatalog(config('4')), 'full_refresh');
    let result: Awaited<ReturnType<typeof readOk>> | undefined;
    const sent = await queriesOf(async () => (result = await readOk({ config: config('4'), catalog })));
    assert.equal(records(result!).length, TENANTS.length * 2 * 3);
    // The admin probe, the listing (which knows the tenants have no children), one plan per database.
    assert.equal(sent.length, 2 + 1 + TENANTS.length, sent.join('\n'));
  });

  test('FQL v10 incremental: no stream makes its event source or starts its read in a query of its own', async () => {
    const catalog = configuredCatalog(await discoverCatalog(config('10')), 'incremental');
    let result: Awaited<ReturnType<typeof readOk>> | undefined;
    const sent = await queriesOf(async () => (result = await readOk({ config: config('10'), catalog })));
    assert.equal(records(result!).length, TENANTS.length * 2 * 3);
    const alone = sent.filter(
      (body) =>
        (body.includes('eventSource()') || body.includes('last: Collection(')) && !body.includes('Collection.all()'),
    );
    assert.deepEqual(alone, []);
  });

  test('FQL v10 incremental: the first sync in its plan queries, a later one a feed request per stream and database', async () => {
    const catalog = configuredCatalog(await discoverCatalog(config('10')), 'incremental');
    // The admin probe, one listing and one plan per database (the key's own included).
    const perSync = 1 + 2 * (1 + TENANTS.length);
    const streams = TENANTS.length * 2;
    let first: Awaited<ReturnType<typeof readOk>> | undefined;
    const firstFeeds: string[] = [];
    const firstSent = await queriesOf(
      async () => (first = await readOk({ config: config('10'), catalog })),
      firstFeeds,
    );
    assert.equal(records(first!).length, streams * 3);
    assert.equal(firstSent.length, perSync, firstSent.join('\n'));
    assert.deepEqual(
      firstFeeds,
      [],
      'a collection read in the plan query is not followed by its feed in the same sync',
    );

    await server.client('secret:t2:admin').query(q.Create(q.Collection('users'), { data: { i: 4 } }));
    const feeds: string[] = [];
    let later: Awaited<ReturnType<typeof readOk>> | undefined;
    const sent = await queriesOf(
      async () => (later = await readOk({ config: config('10'), catalog, state: nextState(first!) })),
      feeds,
    );
    assert.deepEqual(
      records(later!).map((r) => `${r.stream}|${r.data.database}|${r.data.data.i}`),
      ['users|t2|4'],
    );
    // The plan brings the ids that bound a catch-up: no query of a stream's own.
    assert.equal(sent.length, perSync, sent.join('\n'));
    assert.equal(feeds.length, streams, 'one feed request per stream and database: the catch-up is not cut up front');
    for (const state of nextState(later!, nextState(first!)))
      for (const database of Object.values(state.stream.stream_state.databases) as { feed: { parts: unknown[] } }[])
        assert.equal(database.feed.parts.length, 1, 'one feed range per database in the state');
    saved = nextState(later!, nextState(first!));
  });

  test('FQL v10 incremental: a busy catch-up in a tree is cut into id ranges as it proves busy', async () => {
    const catalog = configuredCatalog(await discoverCatalog(config('10')), 'incremental');
    const created = (await server.client('secret:t1:admin').query(
      q.Map(
        Array.from({ length: 300 }, (_, i) => i),
        q.Lambda('i', q.Select(['ref', 'id'], q.Create(q.Collection('users'), { data: { i: q.Var('i') } }))),
      ),
    )) as string[];
    const result = await readOk({ config: config('10'), catalog, state: saved });
    const got = records(result).map((r) => `${r.stream}|${r.data.database}|${r.data.ref}`);
    assert.deepEqual(got.sort(), created.map((id) => `users|t1|${id}`).sort(), 'each new document once');
    const users = nextState(result, saved).find((s) => s.stream.stream_descriptor.name === 'users');
    const parts = (path: string) => users.stream.stream_state.databases[path].feed.parts.length;
    assert.ok(parts('t1') > 1, `the busy feed of t1 cut into id ranges: ${parts('t1')}`);
    assert.equal(parts('t3'), 1, 'an idle one left whole');
  });
});
