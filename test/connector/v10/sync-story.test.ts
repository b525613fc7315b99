// FQL v10 mode end to end through the CLI: data of every type written with the `fauna` driver,
// discover, a full refresh, a first incremental sync, then updates, deletions and creations
// that the second sync brings exactly, from the collection's event feed, with no index at all.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DateStub, TimeStub, type Client } from 'fauna';
import { withEmulator } from '../../helpers/emulator.js';
import {
  configuredCatalog,
  discoverCatalog,
  nextState,
  readOk,
  records,
  states,
  statuses,
} from '../../helpers/sync.js';
import { createV10Collection, DELETIONS, fql, run, v10Client, v10Config } from './helpers.js';

describe('FQL v10: discover, full refresh, incremental from the event feed', () => {
  const server = withEmulator();
  let client: Client;
  let config: object;
  let discovered: { streams: { name: string; supported_sync_modes: string[] }[] };

  before(async () => {
    client = v10Client(server);
    await createV10Collection(client, 'customers');
    await createV10Collection(client, 'orders');
    await run(client, fql`customers.create({ id: "101", name: "Ada" })`);
    await run(
      client,
      fql`orders.create({
      id: "1",
      total: 12.5,
      count: 3,
      big: ${9007199254740993n},
      when: ${TimeStub.from('2022-03-04T12:00:30.000001Z')},
      day: ${DateStub.from('2022-03-04')},
      bytes: ${new Uint8Array([0xfb, 0xff, 0xbf])},
      customer: customers.byId("101"),
      nested: { list: [1, "two", null, true], deep: { at: ${TimeStub.from('2022-03-04T12:00:30.123456Z')} } },
      flag: false,
      nothing: null
    })`,
    );
    // As in Fauna, a field set to null is not stored: `nothing` is absent from the record.
    for (let i = 2; i <= 9; i++) await run(client, fql`orders.create({ id: ${String(i)}, total: ${i} })`);
    config = v10Config(server, { deletions: DELETIONS });
    discovered = await discoverCatalog(config);
  });
  after(() => client.close());

  test('discover lists every collection, each in full refresh and incremental, with no index', async () => {
    assert.deepEqual(discovered.streams.map((s) => s.name).sort(), ['customers', 'orders']);
    for (const stream of discovered.streams)
      assert.deepEqual(stream.supported_sync_modes, ['full_refresh', 'incremental']);
    const indexes = await run(client, fql`orders.definition.indexes`);
    assert.ok(indexes === null || Object.keys(indexes as object).length === 0, 'the collection has no index');
  });

  test('a full refresh exports every document of every type as the export-format table says', async () => {
    const result = await readOk({ config, catalog: configuredCatalog(discovered, 'full_refresh') });
    const orders = records(result, 'orders').map((r) => r.data);
    assert.deepEqual(orders.map((r) => r.ref).sort(), ['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    const first = orders.find((r) => r.ref === '1');
    assert.equal(typeof first.ts, 'number');
    assert.deepEqual(first.data, {
      total: 12.5,
      count: 3,
      big: 9007199254740992, // the test's JSON.parse rounds it; the line itself is checked below
      when: '2022-03-04T12:00:30.000001Z',
      day: '2022-03-04',
      bytes: '-_-_',
      customer: { id: '101', collection: 'customers', type: 'document' },
      nested: { list: [1, 'two', null, true], deep: { at: '2022-03-04T12:00:30.123456Z' } },
      flag: false,
    });
    assert.match(result.stdout, /"big":9007199254740993[,}]/, 'the 64-bit integer keeps every digit');
    assert.equal(first.ttl, null);
    assert.deepEqual(states(result, 'orders').at(-1).stream.stream_state, { fql_version: '10' });
    assert.deepEqual(statuses(result, 'orders'), ['STARTED', 'RUNNING', 'COMPLETE']);
  });

  test('incremental: everything at a snapshot, then exactly the changes since, deletions included, from the feed', async () => {
    const catalog = configuredCatalog(discovered, 'incremental');
    const first = await readOk({ config, catalog });
    assert.equal(records(first, 'orders').length, 9);
    const saved = nextState(first);
    const feed = saved.find((s) => s.stream.stream_descriptor.name === 'orders').stream.stream_state;
    assert.equal(feed.fql_version, '10');
    assert.ok(
      feed.feed?.parts?.length > 0 &&
        feed.feed.parts.every((part: { cursor?: string; start_ts?: number }) => part.cursor || part.start_ts),
      `a feed position per id range: ${JSON.stringify(feed)}`,
    );

    await run(client, fql`orders.byId("2")!.update({ total: 20, note: "updated" })`);
    await run(client, fql`orders.byId("3")!.delete()`);
    const removedAt = (await client.query(fql`orders.byId("4")!.delete()`)).txn_ts!;
    await run(client, fql`orders.create({ id: "10", total: 10 })`);

    const second = await readOk({ config, catalog, state: saved });
    const changes = records(second, 'orders').map((r) => r.data);
    const byRef = new Map(changes.map((r) => [r.ref, r]));
    assert.deepEqual(changes.map((r) => r.ref).sort(), ['10', '2', '3', '4']);
    assert.deepEqual(byRef.get('2').data, { total: 20, note: 'updated' });
    assert.deepEqual(byRef.get('10').data, { total: 10 });
    const deletion = byRef.get('4');
    assert.deepEqual(Object.keys(deletion).sort(), ['deleted_at', 'ref', 'ts']);
    assert.equal(deletion.ts, removedAt);
    assert.equal(Date.parse(deletion.deleted_at) * 1000, Math.floor(removedAt / 1000) * 1000);
    assert.match(deletion.deleted_at, /Z$/);
    assert.equal(records(second, 'customers').length, 0, 'an unchanged collection brings nothing');

    const third = await readOk({ config, catalog, state: nextState(second, saved) });
    assert.equal(records(third).length, 0, 'nothing changed since');
    assert.ok(states(third, 'orders').length >= 1, 'an empty poll still checkpoints its cursor');

    // A full refresh given the feed's state reads everything, and ends without the feed position.
    const full = await readOk({
      config,
      catalog: configuredCatalog(discovered, 'full_refresh'),
      state: nextState(third),
    });
    assert.equal(records(full, 'orders').length, 8);
    assert.deepEqual(states(full, 'orders').at(-1).stream.stream_state, { fql_version: '10' });
  });
});
