// `check` of an archive with the live database named beside it (docs/from-export.md): the archive,
// then the live database too: its secret, and the event feed of each exported collection, which
// the key must read for the incremental syncs to carry on from the export. A collection the live
// database no longer has is only warned about: the export still holds it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli, type CliResult } from '../../helpers/cli.js';
import { withEmulator } from '../../helpers/emulator.js';
import { v10Config } from '../v10/helpers.js';
import { localApi } from './helpers.js';

const exportPath = mkdtempSync(join(tmpdir(), 'archive-check-'));
const server = withEmulator({ exportPath, exportTuning: { startDelayMs: 0 } });
after(() => rmSync(exportPath, { recursive: true, force: true }));
const { fql, exportAndWait } = localApi(server);

async function check(extra: object): Promise<{ status: any; logs: string[] }> {
  const result: CliResult = await runCli(['check'], {
    config: v10Config(server, {}, { export_archive: { location: exportPath }, ...extra }),
  });
  assert.equal(result.code, 0);
  return {
    status: result.messages.find((m) => m.type === 'CONNECTION_STATUS').connectionStatus,
    logs: result.messages.filter((m) => m.type === 'LOG').map((m) => `${m.log.level} ${m.log.message}`),
  };
}

describe('check of an archive and the live database beside it', () => {
  let itemsOnly: string;

  before(async () => {
    for (const name of ['Item', 'Secret', 'Gone']) {
      await fql(`Collection.create({ name: "${name}" })`);
      await fql(`${name}.create({ id: "1" })`);
    }
    await exportAndWait('checked', {});
    await fql('Collection.byName("Gone")!.delete()');
    await fql(
      'Role.create({ name: "itemsOnly", privileges: [' +
        '{ resource: "Collection", actions: { read: true } }, { resource: "Item", actions: { read: true } }] })',
    );
    itemsOnly = (await fql('Key.create({ role: "itemsOnly" }).secret')).data;
  });

  test('the live database answers and its key reads the feeds: check says so', async () => {
    const { status, logs } = await check({});
    assert.equal(status.status, 'SUCCEEDED', status.message);
    assert.ok(logs.some((l) => /^INFO Export 'checked'/.test(l)));
    assert.ok(
      logs.includes(
        "INFO The live database answers, and its key reads the event feeds of Item, Secret: their incremental syncs carry on from the export's snapshot",
      ),
      logs.join('\n'),
    );
    // Gone was exported, then deleted: the export still holds it, the feed does not.
    assert.ok(logs.some((l) => /^WARN Collection 'Gone' of the export is not among the collections/.test(l)));
  });

  test('a bad secret, a key that may not read an exported collection: check fails, naming it', async () => {
    let { status } = await check({ secret: 'not-a-secret' });
    assert.equal(status.status, 'FAILED');
    assert.equal(
      status.message,
      'The export is readable, but the live database named beside it is not: Failed to connect to database: Unauthorized',
    );
    ({ status } = await check({ secret: itemsOnly }));
    assert.equal(status.status, 'FAILED');
    assert.match(
      status.message,
      /^The export is readable, but the live database named beside it is not: The key's role may not read the documents of collection 'Secret'/,
    );
  });

  test("an export older than a collection's history: check warns, naming what follows", async () => {
    assert.ok(!(await check({})).logs.some((l) => /of history/.test(l)), 'a fresh export reaches back');
    // 20 minutes on, the export is older than the 15 minutes of history_days 0.
    const clock = (server.emulator().engine as unknown as { state: { clock: { now(): number } } }).state.clock;
    const now = clock.now;
    clock.now = () => now.call(clock) + 20 * 60e6;
    try {
      const { status, logs } = await check({});
      assert.equal(status.status, 'SUCCEEDED');
      const warned = logs.filter((l) =>
        /^WARN Collection '\w+' keeps 15 minutes of history, and the export's snapshot/.test(l),
      );
      assert.equal(warned.length, 2, logs.join('\n'));
      assert.match(
        warned[0]!,
        /collection\.deletions\.invalid_cursor_behavior .*Collection\.byName\("Item"\)!\.update\(\{ history_days: 7 \}\)/,
      );
    } finally {
      clock.now = now;
    }
  });

  test('without the live database, check is the archive alone', async () => {
    const result = await runCli(['check'], { config: { export_archive: { location: exportPath } } });
    const status = result.messages.find((m) => m.type === 'CONNECTION_STATUS').connectionStatus;
    assert.equal(status.status, 'SUCCEEDED');
    assert.ok(!result.messages.some((m) => m.type === 'LOG' && /live database/.test(m.log.message)));
  });
});
