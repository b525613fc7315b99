// Carrying on from an export (docs/from-export.md): the local server exports a collection
// (`PUT /export/1`), documents change after it, and with the live database named beside the
// archive the first incremental sync reads the archive only and the second exactly the changes
// after the export's snapshot_ts, from the collection's event feed: nothing before it again. An
// export older than the collection's history follows invalid_cursor_behavior, as a v10 feed does.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { withEmulator } from '../../helpers/emulator.js';
import { configuredCatalog, discoverCatalog, errors, nextState, readOk, read, records } from '../../helpers/sync.js';
import { DELETIONS, v10Config } from '../v10/helpers.js';
import { archiveConfig, localApi } from './helpers.js';

const exportPath = mkdtempSync(join(tmpdir(), 'archive-feed-'));
const server = withEmulator({ exportPath, exportTuning: { startDelayMs: 0 } });
after(() => rmSync(exportPath, { recursive: true, force: true }));

const { fql, exportAndWait } = localApi(server);

describe('an archive, then the live feed', () => {
  test('the first sync reads the archive, the next exactly the changes after its snapshot', async () => {
    await fql('Collection.create({ name: "Item" })');
    for (const id of ['1', '2', '3']) await fql(`Item.create({ id: "${id}", n: ${id} })`);
    await fql('Item.byId("3")!.update({ n: 30 })');
    const job = await exportAndWait('before', {
      doc_format: 'tagged',
      datafile_format: 'jsonl',
      datafile_compression: true,
    });
    assert.equal(job.state, 'complete', JSON.stringify(job));
    await fql('Item.create({ id: "4", n: 4 })');
    await fql('Item.byId("1")!.update({ n: 10 })');
    await fql('Item.byId("2")!.delete()');

    const archiveOnly = archiveConfig(exportPath, {}, { collection: { deletions: DELETIONS } });
    const withLive = v10Config(server, { deletions: DELETIONS }, { export_archive: { location: exportPath } });
    const modes = (catalog: any) =>
      Object.fromEntries(catalog.streams.map((s: any) => [s.name, s.supported_sync_modes.join(' ')]));
    assert.deepEqual(modes(await discoverCatalog(archiveOnly)), { Credential: 'full_refresh', Item: 'full_refresh' });
    const discovered = await discoverCatalog(withLive);
    // Credentials have no event feed.
    assert.deepEqual(modes(discovered), { Credential: 'full_refresh', Item: 'full_refresh incremental' });
    assert.deepEqual(discovered.streams[1].default_cursor_field, ['ts']);
    const catalog = configuredCatalog(discovered, 'incremental', ['Item']);

    const refused = await read({ config: archiveOnly, catalog });
    assert.match(errors(refused)[0].message, /live database too \(domain, secret and fql_version "10"\)/);

    const first = await readOk({ config: withLive, catalog });
    const archived = records(first).map((r) => [r.data.ref, r.data.data.n]);
    assert.deepEqual(archived.sort(), [
      ['1', 1],
      ['2', 2],
      ['3', 30],
    ]);
    const state = nextState(first);
    assert.equal(state[0].stream.stream_state.fql_version, '10');
    assert.equal(state[0].stream.stream_state.feed.start_ts, Date.parse(job.snapshot_ts) * 1000);

    const second = await readOk({ config: withLive, catalog, state });
    const changes = records(second).map((r) => r.data);
    assert.deepEqual(changes.map((r) => r.ref).sort(), ['1', '2', '4']);
    const byRef = new Map(changes.map((r) => [r.ref, r]));
    assert.equal(byRef.get('1').data.n, 10);
    assert.equal(byRef.get('4').data.n, 4);
    assert.deepEqual(Object.keys(byRef.get('2')).sort(), ['deleted_at', 'ref', 'ts']);
    assert.ok(changes.every((r) => r.ts > state[0].stream.stream_state.feed.start_ts));
    assert.ok(
      second.messages.some((m) => m.type === 'LOG' && /Item: reading the event feed from snapshot/.test(m.log.message)),
    );

    // Credentials have no feed to carry on from.
    const credentials = await read({ config: withLive, catalog: configuredCatalog(discovered, 'incremental') });
    assert.match(errors(credentials)[0].message, /Stream 'Credential' holds the export's credentials.*full_refresh/);

    // 20 minutes on, the export is older than the collection's history (15 minutes, history_days 0).
    const clock = (server.emulator().engine as unknown as { state: { clock: { now(): number } } }).state.clock;
    const now = clock.now.bind(clock);
    clock.now = () => now() + 20 * 60e6;
    const tooOld = await read({ config: withLive, catalog, state });
    assert.match(errors(tooOld)[0].message, /no longer reaches the last sync.*invalid_cursor_behavior/);
    const proceed = { ...DELETIONS, invalid_cursor_behavior: 'continue' };
    const again = await readOk({
      config: v10Config(server, { deletions: proceed }, { export_archive: { location: exportPath } }),
      catalog,
      state,
    });
    assert.deepEqual(
      records(again)
        .map((r) => r.data.ref)
        .sort(),
      ['1', '3', '4'],
      'the live collection in full',
    );
    assert.ok(
      again.messages.some(
        (m) => m.type === 'LOG' && m.log.level === 'WARN' && /reading the whole collection again/.test(m.log.message),
      ),
    );
  });
});
