// collection.created_at_column through the CLI: the creation time in each document's id, the same
// in FQL v4, FQL v10 and an export archive of the same documents; null for a custom id that
// cannot hold one; no column at all when the option is off.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { withEmulator } from '../helpers/emulator.js';
import { q } from '../helpers/fixtures.js';
import { configuredCatalog, discoverCatalog, readOk, records, sourceConfig } from '../helpers/sync.js';
import { archiveConfig, CORE_EXPORTS } from './archive/helpers.js';
import { fql, run, v10Client, v10Config } from './v10/helpers.js';

const exportPath = mkdtempSync(join(tmpdir(), 'created-at-'));
const server = withEmulator({ exportPath, exportTuning: { startDelayMs: 0 } });
after(() => rmSync(exportPath, { recursive: true, force: true }));
const ON = { created_at_column: true };
// Read as an id, its time would be in 2042: after the document's ts.
const CUSTOM = '999999999999999999';

/** The records of a full refresh of `people`, by ref; the stream's schema must declare created_at. */
async function synced(config: object): Promise<Map<string, any>> {
  const catalog = await discoverCatalog(config);
  const stream = catalog.streams.find((s: any) => s.name === 'people');
  assert.deepEqual(stream.json_schema.properties.created_at, {
    type: ['null', 'string'],
    format: 'date-time',
    airbyte_type: 'timestamp_with_timezone',
  });
  const result = await readOk({ config, catalog: configuredCatalog(catalog, 'full_refresh', ['people']) });
  return new Map(records(result).map((r) => [r.data.ref, r.data]));
}

describe('the created_at column', () => {
  // The ts of the create of each document with a server id, by id.
  const created = new Map<string, number>();

  before(async () => {
    const root = server.rootClient();
    await root.query(q.CreateCollection({ name: 'people' }));
    const v4 = await root.query<{ ref: { id: string }; ts: number }>(q.Create(q.Collection('people'), {}));
    created.set(v4.ref.id, v4.ts);
    await root.query(q.Create(q.Ref(q.Collection('people'), CUSTOM), {}));
    const client = v10Client(server);
    try {
      const v10 = await run(
        client,
        fql`let d = people.create({ name: "v10", created_at: "in data" }); { id: d.id, ts: d.ts.toMicros() }`,
      );
      const { id, ts } = v10 as { id: string; ts: bigint | number };
      created.set(id, Number(ts));
    } finally {
      client.close();
    }
    // A later write moves ts, not the creation time.
    for (const id of created.keys()) await root.query(q.Update(q.Ref(q.Collection('people'), id), { data: { n: 2 } }));
  });

  function assertCreatedAt(byRef: Map<string, any>, api: string): void {
    assert.equal(byRef.size, 3, api);
    for (const [id, ts] of created) {
      const record = byRef.get(id);
      const micros = Date.parse(record.created_at) * 1000;
      assert.ok(micros <= ts && ts - micros < 1000, `${api}: ${record.created_at} for ${id}, created at ${ts}`);
      assert.ok(record.ts > ts, `${api}: ts is the later update`);
    }
    assert.equal(byRef.get(CUSTOM).created_at, null, `${api}: the custom id`);
    // A data field of the same name stays in data, with data fields as columns too.
    assert.deepEqual(
      [...byRef.values()].flatMap((r) => r.data?.created_at ?? []),
      ['in data'],
      api,
    );
  }

  test('FQL v4 and FQL v10 give each document its creation time', async () => {
    const v4 = await synced(sourceConfig(server.emulator(), { ...ON, data_fields_as_columns: true }));
    assertCreatedAt(v4, 'v4');
    const v10 = await synced(v10Config(server, ON));
    assertCreatedAt(v10, 'v10');
    for (const [ref, record] of v4) assert.equal(v10.get(ref).created_at, record.created_at, ref);
  });

  test('an export archive gives the same', async () => {
    const url = `${server.url()}/export/1/created-at`;
    const headers = { authorization: 'Bearer secret' };
    const put = await fetch(url, { method: 'PUT', headers, body: JSON.stringify({ doc_format: 'tagged' }) });
    assert.ok(put.ok, await put.text());
    while ((await (await fetch(url, { headers })).json()).state === 'pending')
      await new Promise((r) => setTimeout(r, 20));
    assertCreatedAt(await synced(archiveConfig(exportPath, {}, { collection: { page_size: 1, ...ON } })), 'archive');
  });

  test('off by default: no created_at in the schema nor in the records', async () => {
    const config = sourceConfig(server.emulator());
    const catalog = await discoverCatalog(config);
    const stream = catalog.streams.find((s: any) => s.name === 'people');
    assert.equal(stream.json_schema.properties.created_at, undefined);
    const result = await readOk({ config, catalog: configuredCatalog(catalog, 'full_refresh', ['people']) });
    for (const r of records(result)) assert.ok(!('created_at' in r.data), r.data.ref);
  });
});

test("a real core's archive: each id's time at or before its document's ts", async () => {
  const config = archiveConfig(join(CORE_EXPORTS, 'tagged-jsonl'), {}, { collection: { page_size: 10, ...ON } });
  const catalog = configuredCatalog(await discoverCatalog(config), 'full_refresh', ['Order']);
  const orders = records(await readOk({ config, catalog }));
  assert.equal(orders.length, 3);
  for (const { data } of orders) {
    const before = data.ts - Date.parse(data.created_at) * 1000;
    assert.ok(before >= 0 && before < 1_000_000, `${data.ref}: created at ${data.created_at}, ts ${data.ts}`);
  }
});
