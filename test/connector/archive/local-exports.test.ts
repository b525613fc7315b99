// Archives that the local server writes (`PUT /export/1`, as the core does) in every format,
// split into several files per collection, read into the records of a live v10 sync of the same
// server: identical in tagged format, ts included (nothing changed since the snapshot); in simple
// format the same documents at the same times.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { withEmulator } from '../../helpers/emulator.js';
import { configuredCatalog, discoverCatalog, readOk } from '../../helpers/sync.js';
import { v10Config } from '../v10/helpers.js';
import { archiveConfig, CORE_EXPORTS, fileEndingWith, recordsByStream } from './helpers.js';

const exportPath = mkdtempSync(join(tmpdir(), 'archive-local-'));
// About three documents a file: every collection is a multi-file archive.
const server = withEmulator({ exportPath, exportTuning: { softLimitBytes: 1500, startDelayMs: 0 } });
after(() => rmSync(exportPath, { recursive: true, force: true }));
const COLLECTIONS = ['Customer', 'Order'];

async function call(method: string, path: string, body: object): Promise<any> {
  const response = await fetch(`${server.url()}${path}`, {
    method,
    headers: { authorization: 'Bearer secret', 'x-format': 'tagged' },
    body: method === 'GET' ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.ok, text);
  return JSON.parse(text);
}

async function exported(id: string, body: object): Promise<void> {
  await call('PUT', `/export/1/${id}`, body);
  while ((await call('GET', `/export/1/${id}`, {})).state === 'pending') await new Promise((r) => setTimeout(r, 20));
}

describe("the local server's archives", () => {
  let live: Map<string, any[]>;

  before(async () => {
    for (const name of COLLECTIONS) await call('POST', '/query/1', { query: `Collection.create({ name: "${name}" })` });
    // The real core's documents (every type), three times over under new ids.
    for (let round = 0; round < 3; round++) {
      for (const name of COLLECTIONS) {
        const lines = readFileSync(
          fileEndingWith(join(CORE_EXPORTS, 'tagged-jsonl'), `${name}_00_000000.jsonl`),
          'utf8',
        );
        for (const line of lines.trim().split('\n')) {
          const parsed = JSON.parse(line);
          const { coll: _coll, ts: _ts, id: _id, ...fields } = parsed['@object'] ?? parsed;
          await call('POST', '/query/1', { query: `${name}.create(doc)`, arguments: { doc: { '@object': fields } } });
        }
      }
    }
    const config = v10Config(server, {});
    const catalog = configuredCatalog(await discoverCatalog(config), 'full_refresh', COLLECTIONS);
    live = recordsByStream(await readOk({ config, catalog }));
  });

  for (const doc_format of ['tagged', 'simple']) {
    for (const datafile_format of ['json', 'jsonl']) {
      for (const datafile_compression of [false, true]) {
        const id = `${doc_format}-${datafile_format}${datafile_compression ? '-gz' : ''}`;
        test(`${id}: the records of the live sync`, async () => {
          await exported(id, { doc_format, datafile_format, datafile_compression, collections: COLLECTIONS });
          const files = (readdirSync(exportPath, { recursive: true }) as string[]).filter((f) =>
            f.includes(`export_${id}/`),
          );
          assert.ok(
            files.some((f) => /Customer_00_000001\./.test(f)),
            `several Customer files: ${files.join(', ')}`,
          );
          const config = archiveConfig(exportPath, { export_id: id });
          const catalog = configuredCatalog(await discoverCatalog(config), 'full_refresh');
          const records = recordsByStream(await readOk({ config, catalog }));
          for (const name of COLLECTIONS) {
            const mine = byRef(records.get(name));
            const theirs = byRef(live.get(name));
            assert.ok(theirs.length >= 9, name);
            if (doc_format === 'tagged') assert.deepEqual(mine, theirs, `${id} ${name}`);
            else assert.deepEqual(mine.map(refTs), theirs.map(refTs), `${id} ${name}`);
          }
        });
      }
    }
  }
});

const byRef = (records: any[] = []) => [...records].sort((a, b) => (a.ref < b.ref ? -1 : 1));
const refTs = (record: any) => `${record.ref}@${record.ts}`;
