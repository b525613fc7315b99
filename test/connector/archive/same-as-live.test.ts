// An archive's records are those of a live FQL v10 sync of the same data: the documents of the
// real core's tagged export are written, with their ids and tagged values, into the local server
// through /query/1, then synced live; the records match, all but `ts` (the time of the write).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { withEmulator } from '../../helpers/emulator.js';
import { configuredCatalog, discoverCatalog, readOk } from '../../helpers/sync.js';
import { v10Config } from '../v10/helpers.js';
import { archiveConfig, CORE_EXPORTS, fileEndingWith, recordsByStream } from './helpers.js';

const FIXTURE = join(CORE_EXPORTS, 'tagged-jsonl');
const COLLECTIONS = ['Customer', 'Order'];

describe('an archive and a live v10 sync of the same documents', () => {
  const server = withEmulator();

  before(async () => {
    const query = async (text: string, args: object) => {
      const response = await fetch(`${server.url()}/query/1`, {
        method: 'POST',
        headers: { authorization: 'Bearer secret', 'x-format': 'tagged' },
        body: JSON.stringify({ query: text, arguments: args }),
      });
      assert.equal(response.status, 200, await response.text());
    };
    for (const name of COLLECTIONS) await query(`Collection.create({ name: ${JSON.stringify(name)} })`, {});
    for (const name of COLLECTIONS) {
      for (const line of readFileSync(fileEndingWith(FIXTURE, `${name}_00_000000.jsonl`), 'utf8')
        .trim()
        .split('\n')) {
        const parsed = JSON.parse(line);
        const { coll: _coll, ts: _ts, ...fields } = parsed['@object'] ?? parsed;
        // A document is written as the export shows it: its id and every tagged value.
        await query(`${name}.create(doc)`, { doc: { '@object': fields } });
      }
    }
  });

  test('give the same records, but for ts', async () => {
    const withoutTs = (records: any[] = []) =>
      records.map(({ ts: _ts, ...rest }) => rest).sort((a, b) => (a.ref < b.ref ? -1 : 1));
    const live = v10Config(server, {});
    const liveRecords = recordsByStream(
      await readOk({
        config: live,
        catalog: configuredCatalog(await discoverCatalog(live), 'full_refresh', COLLECTIONS),
      }),
    );
    const archive = archiveConfig(FIXTURE);
    const archiveRecords = recordsByStream(
      await readOk({
        config: archive,
        catalog: configuredCatalog(await discoverCatalog(archive), 'full_refresh', COLLECTIONS),
      }),
    );
    for (const name of COLLECTIONS) {
      assert.ok((liveRecords.get(name) ?? []).length > 0, name);
      assert.deepEqual(withoutTs(archiveRecords.get(name)), withoutTs(liveRecords.get(name)), name);
    }
  });
});
