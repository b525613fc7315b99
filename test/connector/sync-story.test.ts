// Syncs over time against the local server: updates and deletions between incremental syncs in
// both config shapes, the Python connector's legacy state, and the read-only roles of docs/setup-fauna.md.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { withEmulator } from '../helpers/emulator.js';
import {
  createCollection,
  createDocuments,
  q,
  read as readPrivilege,
  readOnlyKey,
  remove,
  update,
} from '../helpers/fixtures.js';
import {
  assertRecordsMatchCatalog,
  configuredCatalog,
  discoverCatalog,
  errors,
  nextState,
  read,
  readOk,
  records,
  refs,
  sourceConfig,
  states,
} from '../helpers/sync.js';

describe('syncs over time', () => {
  const server = withEmulator();
  const deletions = { deletions: { deletion_mode: 'deleted_field', column: 'deleted_at' } };

  before(async () => {
    const client = server.rootClient();
    await createCollection(client, 'users', 'users_by_ts');
    await createCollection(client, 'products', 'products_by_ts');
  });

  const byRef = (rows: { data: { ref: string } }[]): Map<string, { [k: string]: unknown }> =>
    new Map(rows.map((r) => [r.data.ref, r.data]));

  test('updates, creations and deletions between incremental syncs of every collection', async () => {
    const client = server.rootClient();
    const users = await createDocuments(client, 'users', [{ n: 1 }, { n: 2 }, { n: 3 }]);
    const products = await createDocuments(client, 'products', [{ p: 1 }, { p: 2 }]);
    const config = sourceConfig(server.emulator(), deletions);
    const discovered = await discoverCatalog(config);
    const catalog = configuredCatalog(discovered, 'incremental', ['users', 'products']);
    const first = await readOk({ config, catalog });
    assert.deepEqual(refs(records(first, 'users')), [...users].sort());
    assert.deepEqual(refs(records(first, 'products')), [...products].sort());

    await update(client, 'users', users[0]!, { n: 10 });
    await remove(client, 'users', users[1]!);
    const [added] = await createDocuments(client, 'users', [{ n: 4 }]);
    await remove(client, 'products', products[0]!);

    const second = await readOk({ config, catalog, state: nextState(first) });
    assertRecordsMatchCatalog(second, discovered);
    const cursors = (result: typeof first): number[] => records(result).map((r) => r.data.ts as number);
    assert.ok(
      Math.min(...cursors(second)) > Math.max(...cursors(first)),
      'the second sync only has later cursor values',
    );
    const changed = byRef(records(second, 'users'));
    assert.deepEqual([...changed.keys()].sort(), [users[0], users[1], added].sort());
    assert.deepEqual(changed.get(users[0]!)!.data, { n: 10 });
    assert.deepEqual(changed.get(added!)!.data, { n: 4 });
    const deleted = changed.get(users[1]!)!;
    assert.deepEqual(Object.keys(deleted), ['ref', 'ts', 'deleted_at']);
    assert.equal(Date.parse(deleted.deleted_at as string) * 1000, Math.floor((deleted.ts as number) / 1000) * 1000);
    assert.match(deleted.deleted_at as string, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    assert.deepEqual(
      records(second, 'products').map((r) => Object.keys(r.data)),
      [['ref', 'ts', 'deleted_at']],
    );

    const third = await readOk({ config, catalog, state: nextState(second, nextState(first)) });
    assert.equal(records(third).length, 0, 'nothing is emitted twice');
  });

  test("single-collection mode: the same story with the Python connector's legacy state blob", async () => {
    const client = server.rootClient();
    await createCollection(client, 'orders', 'orders_by_ts');
    const orders = await createDocuments(client, 'orders', [{ o: 1 }, { o: 2 }]);
    const config = sourceConfig(server.emulator(), { name: 'orders', index: 'orders_by_ts', ...deletions });
    const catalog = configuredCatalog(await discoverCatalog(config), 'incremental');
    const first = await readOk({ config, catalog });
    assert.deepEqual(refs(records(first)), [...orders].sort());
    const last = states(first).at(-1).stream.stream_state;
    await remove(client, 'orders', orders[0]!);
    await update(client, 'orders', orders[1]!, { o: 20 });
    // The Python connector's blob: the stream's cursors by stream name, no per-stream envelope.
    const second = await readOk({ config, catalog, state: { orders: last } });
    assert.deepEqual(
      records(second)
        .map((r) => r.data.ref)
        .sort(),
      [...orders].sort(),
    );
    assert.equal(states(second).at(-1).type, 'STREAM');
    // The blob the Python connector wrote after that sync: its cursors are the last remove and
    // the last update it emitted, with no event action. Nothing is emitted again from it.
    const [deletion, updated] = records(second).map((r) => r.data);
    const python = {
      orders: {
        remove_cursor: { ts: deletion.ts, ref: deletion.ref },
        updates_cursor: { ts: updated.ts, ref: updated.ref },
      },
    };
    assert.equal(records(await readOk({ config, catalog, state: python })).length, 0);
  });

  test('the Python connector\'s empty-collection cursor {ts: 0, ref: ""} reads everything', async () => {
    const client = server.rootClient();
    await createCollection(client, 'fresh', 'fresh_by_ts');
    const ids = await createDocuments(client, 'fresh', [{ f: 1 }]);
    const config = sourceConfig(server.emulator(), { name: 'fresh', index: 'fresh_by_ts' });
    const catalog = configuredCatalog(await discoverCatalog(config), 'incremental');
    const result = await readOk({ config, catalog, state: { fresh: { updates_cursor: { ts: 0, ref: '' } } } });
    assert.deepEqual(refs(records(result)), ids);
  });

  test('the read-only keys of docs/setup-fauna.md: full sync role, then incremental role', async () => {
    const client = server.rootClient();
    await createCollection(client, 'books', 'books_by_ts');
    const ids = await createDocuments(client, 'books', [{ b: 1 }, { b: 2 }, { b: 3 }]);
    const fullSecret = await readOnlyKey(client, 'airbyte-readonly-full', [
      readPrivilege(q.Collections()),
      readPrivilege(q.Indexes()),
      readPrivilege(q.Collection('books')),
    ]);
    const incrementalSecret = await readOnlyKey(client, 'airbyte-readonly-incremental', [
      readPrivilege(q.Collections()),
      readPrivilege(q.Indexes()),
      readPrivilege(q.Collection('books')),
      readPrivilege(q.Index('books_by_ts')),
    ]);
    const full = sourceConfig(server.emulator(), { name: 'books' }, { secret: fullSecret });
    const check = await runCli(['check'], { config: full });
    assert.deepEqual(check.messages[0].connectionStatus, { status: 'SUCCEEDED' });
    const fullRead = await readOk({
      config: full,
      catalog: configuredCatalog(await discoverCatalog(full), 'full_refresh'),
    });
    assert.deepEqual(refs(records(fullRead)), [...ids].sort());

    const incremental = sourceConfig(
      server.emulator(),
      { name: 'books', index: 'books_by_ts' },
      { secret: incrementalSecret },
    );
    const checkIncremental = await runCli(['check'], { config: incremental });
    assert.deepEqual(checkIncremental.messages[0].connectionStatus, { status: 'SUCCEEDED' });
    const incrementalRead = await readOk({
      config: incremental,
      catalog: configuredCatalog(await discoverCatalog(incremental), 'incremental'),
    });
    assert.deepEqual(refs(records(incrementalRead)), [...ids].sort());
    for (const output of [check, fullRead, checkIncremental, incrementalRead]) {
      assert.ok(
        !(output.stdout + output.stderr).includes(fullSecret) &&
          !(output.stdout + output.stderr).includes(incrementalSecret),
      );
    }
  });

  test('single-collection mode: a full refresh does not depend on the index, an incremental sync does', async () => {
    const client = server.rootClient();
    await createCollection(client, 'notes');
    const ids = await createDocuments(client, 'notes', [{ t: 'a' }]);
    const catalog = (mode: 'full_refresh' | 'incremental'): object => ({
      streams: [
        {
          stream: { name: 'notes', json_schema: {}, supported_sync_modes: ['full_refresh', 'incremental'] },
          sync_mode: mode,
          destination_sync_mode: 'append',
        },
      ],
    });
    const config = sourceConfig(server.emulator(), { name: 'notes', index: 'notes_by_ts' });
    assert.deepEqual(refs(records(await readOk({ config, catalog: catalog('full_refresh') }))), ids);
    const incremental = await read({ config, catalog: catalog('incremental') });
    assert.equal(incremental.code, 1);
    assert.deepEqual(
      errors(incremental).map((e) => [e.failure_type, e.message]),
      [['config_error', "Index 'notes_by_ts' does not exist"]],
    );
  });
});
