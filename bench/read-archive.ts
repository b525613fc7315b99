// `npm run bench`, the export archive row (issue 18): 1,000,000 documents of a gzip jsonl archive
// in a folder, read by the connector through its real CLI in full refresh, next to the floor
// (archive-floor.ts: gunzip + split + parse + one stringify per record) on the same files in the
// same run; peak RSS of each, and the exact count. The archive is written here in the core's
// layout and tagged format (docs/from-export.md), split into data files of about 128 MiB
// uncompressed as the core splits them.
//
// usage: node dist/bench/read-archive.js [--scale F]   (F < 1 shrinks the archive, for a quick look)
import { createWriteStream, mkdtempSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createGzip } from 'node:zlib';
import { count, exact, InputFiles, rate, ratio, seconds, Table } from './cli-inputs.js';
import { measureNode } from './measure.js';

const { values } = parseArgs({ options: { scale: { type: 'string', default: '1' } } });
const scale = Number(values.scale);
const DOCUMENTS = Math.max(1, Math.round(1_000_000 * scale));
const COLLECTION = 'Bench';
const SOFT_LIMIT = 128 * 1024 * 1024;
const SNAPSHOT = '2026-12-01T00:00:00.000Z';

/** Writes the archive below `dir`; returns its data files. */
async function writeArchive(dir: string): Promise<string[]> {
  const task = join(dir, 'core_out', '0', 'export_bench', '1000');
  const data = join(task, 'data', 'collections', COLLECTION);
  mkdirSync(data, { recursive: true });
  const files: string[] = [];
  let written = 0;
  while (written < DOCUMENTS) {
    const path = join(data, `${COLLECTION}_00_${String(files.length).padStart(6, '0')}.jsonl.gz`);
    files.push(path);
    const gzip = createGzip();
    const done = once(gzip.pipe(createWriteStream(path)), 'finish');
    let bytes = 0;
    while (written < DOCUMENTS && bytes < SOFT_LIMIT) {
      const line =
        `{"id":"${400000000000000000n + BigInt(written)}","coll":{"@mod":"${COLLECTION}"},` +
        `"ts":{"@time":"2026-11-30T12:00:00.${String(written % 1000).padStart(3, '0')}Z"},"name":"document ${written}",` +
        `"n":{"@int":"${written}"},"price":{"@double":"${written / 100}"},"tags":["a","b"],` +
        `"placed":{"@date":"2026-11-30"},"address":{"city":"Lyon","zip":"69001"}}\n`;
      bytes += line.length;
      written++;
      if (!gzip.write(line)) await once(gzip, 'drain');
    }
    gzip.end();
    await done;
  }
  const metadata = {
    host_id: 'bench',
    account_id: '0',
    export_id: 'bench',
    task_id: '1000',
    collections: [COLLECTION],
    snapshot_ts: SNAPSHOT,
    doc_format: 'tagged',
    datafile_format: 'jsonl',
    datafile_compression: true,
    datafile_ext: 'jsonl.gz',
    part: 0,
    total_parts: 1,
    files_count: files.length,
    files_bytes: files.reduce((sum, file) => sum + statSync(file).size, 0),
  };
  writeFileSync(join(task, 'metadata_00.json'), JSON.stringify(metadata, null, 2));
  return files;
}

const mb = (bytes?: number) => `${Math.round((bytes ?? 0) / 1024 / 1024)} MB`;
const dir = mkdtempSync(join(tmpdir(), 'bench-archive-'));
const inputs = new InputFiles('bench-read-archive-');
try {
  console.log(`read-archive: scale ${scale}`);
  const files = await writeArchive(dir);
  const config = inputs.json({ export_archive: { location: dir } });
  const catalog = inputs.catalog([COLLECTION], 'full_refresh');
  const floor = exact(await measureNode(['dist/bench/archive-floor.js', ...files], 'lines'), DOCUMENTS, 'floor');
  const connector = exact(
    await measureNode(['bin/source-fauna.js', 'read', '--config', config, '--catalog', catalog], 'airbyte'),
    DOCUMENTS,
    'connector',
  );
  const table = new Table();
  table.row(
    `archive, ${count(DOCUMENTS)} docs, gzip jsonl, ${files.length} file(s), folder`,
    `connector: ${seconds(connector)} (${rate(connector)}), peak RSS ${mb(connector.peakRssBytes)}`,
    `floor: ${seconds(floor)} (${rate(floor)}), peak RSS ${mb(floor.peakRssBytes)}`,
    `throughput vs floor: ${ratio(floor.seconds, connector.seconds)}`,
  );
  table.print('read-archive (an export archive in a folder, full refresh, spec defaults):');
} finally {
  inputs.close();
  rmSync(dir, { recursive: true, force: true });
}
