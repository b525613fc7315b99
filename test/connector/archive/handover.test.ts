// The hand-over from an archive to the live database (docs/from-export.md, "Carrying on from the
// export"): once the first incremental sync has read the archive, export_archive can be taken out
// of the config and the next syncs read the collection's event feed from the export's snapshot as
// before, through the FQL v10 wing alone: no full read again, no change after the snapshot lost.
// Taken out while the archive is half read, the sync says so rather than read the collection again.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { withEmulator } from '../../helpers/emulator.js';
import {
  configuredCatalog,
  discoverCatalog,
  errors,
  nextState,
  read,
  readOk,
  records,
  states,
} from '../../helpers/sync.js';
import { DELETIONS, v10Config } from '../v10/helpers.js';
import { localApi } from './helpers.js';

const exportPath = mkdtempSync(join(tmpdir(), 'archive-handover-'));
const server = withEmulator({ exportPath, exportTuning: { startDelayMs: 0 } });
after(() => rmSync(exportPath, { recursive: true, force: true }));
const { fql, exportAndWait } = localApi(server);

test('export_archive taken out after the archive is read: the next syncs carry on from the feed', async () => {
  await fql('Collection.create({ name: "Item", history_days: 1 })');
  for (const id of ['1', '2', '3']) await fql(`Item.create({ id: "${id}", n: ${id} })`);
  const job = await exportAndWait('handover', { doc_format: 'simple', datafile_format: 'jsonl' });
  assert.equal(job.state, 'complete', JSON.stringify(job));
  await fql('Item.create({ id: "4", n: 4 })');
  await fql('Item.byId("1")!.update({ n: 10 })');
  await fql('Item.byId("2")!.delete()');

  const withArchive = v10Config(server, { deletions: DELETIONS }, { export_archive: { location: exportPath } });
  const liveOnly = v10Config(server, { deletions: DELETIONS });
  const catalog = configuredCatalog(await discoverCatalog(withArchive), 'incremental', ['Item']);
  const first = await readOk({ config: withArchive, catalog });
  assert.deepEqual(
    records(first).map((r) => [r.data.ref, r.data.data.n]),
    [
      ['1', 1],
      ['2', 2],
      ['3', 3],
    ],
  );

  // The same catalog, without the archive: the v10 wing takes the state over.
  const second = await readOk({ config: liveOnly, catalog, state: nextState(first) });
  const changes = new Map(records(second).map((r) => [r.data.ref, r.data]));
  assert.deepEqual([...changes.keys()].sort(), ['1', '2', '4']);
  assert.equal(changes.get('1').data.n, 10);
  assert.equal(changes.get('4').data.n, 4);
  assert.ok(changes.get('2').deleted_at, 'the deletion after the export arrives');
  assert.ok(!second.messages.some((m) => m.type === 'LOG' && /Export '/.test(m.log.message)), 'no archive is opened');

  await fql('Item.byId("3")!.update({ n: 30 })');
  const third = await readOk({ config: liveOnly, catalog, state: nextState(second, nextState(first)) });
  assert.deepEqual(
    records(third).map((r) => [r.data.ref, r.data.data.n]),
    [['3', 30]],
  );
});

test('export_archive taken out while the archive is half read: the sync says how to go on', async () => {
  await fql('Collection.create({ name: "Half", history_days: 1 })');
  for (const id of ['1', '2', '3']) await fql(`Half.create({ id: "${id}" })`);
  await exportAndWait('half', { collections: ['Half'] });
  const archive = { export_archive: { location: exportPath, export_id: 'half' } };
  const withArchive = v10Config(server, { page_size: 1 }, archive);
  const liveOnly = v10Config(server, { page_size: 1 });
  const catalog = configuredCatalog(await discoverCatalog(withArchive), 'incremental', ['Half']);
  const first = await readOk({ config: withArchive, catalog });
  // A sync stopped after its first page left this state.
  const halfway = states(first)[0].stream;
  assert.equal(halfway.stream_state.position, 1);

  const refused = await read({ config: liveOnly, catalog, state: [{ type: 'STREAM', stream: halfway }] });
  assert.match(
    errors(refused)[0].message,
    /stream 'Half' stopped in the middle of export archive .+ \(in .+Half_00_000000\.json, after 1 document\(s\)\).*Set export_archive back/,
  );
  // The saved state is left as it was, to go on with the archive.
  assert.deepEqual(states(refused), []);

  // A full refresh reads the live collection whatever the archive state.
  const full = await readOk({
    config: liveOnly,
    catalog: configuredCatalog(await discoverCatalog(liveOnly), 'full_refresh', ['Half']),
    state: [{ type: 'STREAM', stream: halfway }],
  });
  assert.deepEqual(
    records(full).map((r) => r.data.ref),
    ['1', '2', '3'],
  );
});
