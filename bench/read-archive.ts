// `npm run bench`, the export archive rows (issue 18), each read by the connector through its real
// CLI in full refresh:
// - 1,000,000 documents of a gzip jsonl archive in a folder, next to the floor (archive-floor.ts:
//   gunzip + split + parse + one stringify per record) on the same files in the same run, and
//   the same read without the data column;
// - the same archive in S3 (moto's server, as the tests start it), next to the folder's time;
// - a single 200 MB `json` file (one array): peak RSS, since the file must never be held whole.
// Each with its peak RSS and the exact count. The archives are written here in the core's layout
// and tagged format (docs/from-export.md); the jsonl one is split into data files of about
// 128 MiB uncompressed as the core splits them.
//
// usage: node dist/bench/read-archive.js [--scale F]   (F < 1 shrinks the archives, for a quick look)
import {
  createWriteStream,
  mkdtempSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { createGzip } from 'node:zlib';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { projectPython } from '../test/helpers/python.js';
import { startS3 } from '../test/helpers/s3.js';
import { count, exact, InputFiles, rate, ratio, seconds, Table } from './cli-inputs.js';
import { measureNode, type Measured } from './measure.js';

const { values } = parseArgs({ options: { scale: { type: 'string', default: '1' } } });
const scale = Number(values.scale);
const DOCUMENTS = Math.max(1, Math.round(1_000_000 * scale));
const JSON_BYTES = Math.round(200 * 1024 * 1024 * scale);
const COLLECTION = 'Bench';
const SOFT_LIMIT = 128 * 1024 * 1024;
const SNAPSHOT = '2026-12-01T00:00:00.000Z';

/** Document `n` as the core's tagged format writes it, on one line. */
function documentText(n: number): string {
  return (
    `{"id":"${400000000000000000n + BigInt(n)}","coll":{"@mod":"${COLLECTION}"},` +
    `"ts":{"@time":"2026-11-30T12:00:00.${String(n % 1000).padStart(3, '0')}Z"},"name":"document ${n}",` +
    `"n":{"@int":"${n}"},"price":{"@double":"${n / 100}"},"tags":["a","b"],` +
    `"placed":{"@date":"2026-11-30"},"address":{"city":"Lyon","zip":"69001"}}`
  );
}

interface Layout {
  format: 'json' | 'jsonl';
  gzip: boolean;
  /** Documents in all, or else uncompressed bytes in all. */
  documents?: number;
  bytes?: number;
  /** Uncompressed bytes after which a data file is closed and the next one opened. */
  split: number;
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

/** Writes an archive below `dir`; returns its data files and how many documents they hold. */
async function writeArchive(dir: string, layout: Layout): Promise<{ files: string[]; documents: number }> {
  const task = join(dir, 'core_out', '0', 'export_bench', '1000');
  const data = join(task, 'data', 'collections', COLLECTION);
  mkdirSync(data, { recursive: true });
  const ext = `${layout.format}${layout.gzip ? '.gz' : ''}`;
  const more = (written: number, bytes: number) =>
    layout.documents !== undefined ? written < layout.documents : bytes < layout.bytes!;
  const files: string[] = [];
  let written = 0;
  let total = 0;
  while (files.length === 0 || more(written, total)) {
    const path = join(data, `${COLLECTION}_00_${String(files.length).padStart(6, '0')}.${ext}`);
    files.push(path);
    const file = createWriteStream(path);
    const gzip = layout.gzip ? createGzip() : undefined;
    const out = gzip ?? file;
    const done = once(gzip !== undefined ? gzip.pipe(file) : file, 'finish');
    let bytes = 0;
    if (layout.format === 'json') await write(out, '[');
    while (more(written, total) && bytes < layout.split) {
      const text =
        layout.format === 'json' ? `${bytes === 0 ? '' : ','}${documentText(written)}` : `${documentText(written)}\n`;
      bytes += text.length;
      total += text.length;
      written++;
      await write(out, text);
    }
    if (layout.format === 'json') await write(out, ']');
    out.end();
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
    datafile_format: layout.format,
    datafile_compression: layout.gzip,
    datafile_ext: ext,
    part: 0,
    total_parts: 1,
    files_count: files.length,
    files_bytes: files.reduce((sum, file) => sum + statSync(file).size, 0),
  };
  writeFileSync(join(task, 'metadata_00.json'), JSON.stringify(metadata, null, 2));
  return { files, documents: written };
}

/** Every file below `dir` put into a new bucket of the S3 server; returns the archive's config. */
async function upload(dir: string, s3: Awaited<ReturnType<typeof startS3>>): Promise<object> {
  const client = new S3Client({
    region: 'us-east-1',
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials: s3.credentials,
  });
  try {
    await client.send(new CreateBucketCommand({ Bucket: 'exports' }));
    for (const name of readdirSync(dir, { recursive: true }) as string[]) {
      const path = join(dir, name);
      if (!statSync(path).isFile()) continue;
      const key = `fauna/${name.split(sep).join('/')}`;
      await client.send(new PutObjectCommand({ Bucket: 'exports', Key: key, Body: readFileSync(path) }));
    }
  } finally {
    client.destroy();
  }
  return {
    location: 's3://exports/fauna',
    s3: {
      endpoint: s3.endpoint,
      aws_access_key_id: s3.credentials.accessKeyId,
      aws_secret_access_key: s3.credentials.secretAccessKey,
    },
  };
}

/** moto's python, or why the S3 row cannot be measured here. */
function motoPython(): string | Error {
  try {
    return projectPython('moto') ?? new Error('no python3 on this machine');
  } catch (error) {
    return error as Error;
  }
}

const mb = (bytes?: number) => `${Math.round((bytes ?? 0) / 1024 / 1024)} MB`;
const rss = (m: Measured) => `peak RSS ${mb(m.peakRssBytes)}`;
const inputs = new InputFiles('bench-read-archive-');
const catalog = inputs.catalog([COLLECTION], 'full_refresh');
const read = (archive: object, documents: number, what: string, config: object = {}) =>
  measureNode(
    [
      'bin/source-fauna.js',
      'read',
      '--config',
      inputs.json({ export_archive: archive, ...config }),
      '--catalog',
      catalog,
    ],
    'airbyte',
  ).then((m) => exact(m, documents, what));
const jsonl = mkdtempSync(join(tmpdir(), 'bench-archive-'));
const json = mkdtempSync(join(tmpdir(), 'bench-archive-json-'));
const table = new Table();
try {
  console.log(`read-archive: scale ${scale}`);
  const { files } = await writeArchive(jsonl, { format: 'jsonl', gzip: true, documents: DOCUMENTS, split: SOFT_LIMIT });
  const floor = exact(await measureNode(['dist/bench/archive-floor.js', ...files], 'lines'), DOCUMENTS, 'floor');
  const folder = await read({ location: jsonl }, DOCUMENTS, 'connector, folder');
  const cpu = (m: Measured) => `${(m.cpuSeconds ?? 0).toFixed(1)} s CPU`;
  table.row(
    `archive, ${count(DOCUMENTS)} docs, gzip jsonl, ${files.length} file(s), folder`,
    `connector: ${seconds(folder)} (${rate(folder)}), ${cpu(folder)}, ${rss(folder)}`,
    `floor: ${seconds(floor)} (${rate(floor)}), ${cpu(floor)}, ${rss(floor)}`,
    `throughput vs floor: ${ratio(floor.seconds, folder.seconds)} (CPU: ${ratio(floor.cpuSeconds ?? 0, folder.cpuSeconds ?? 1)})`,
  );
  const noData = await read({ location: jsonl }, DOCUMENTS, 'connector, no data column', {
    collection: { data_column: false },
  });
  table.row(
    `archive, the same without the data column`,
    `connector: ${seconds(noData)} (${rate(noData)}), ${cpu(noData)}, ${rss(noData)}`,
    `with it: ${seconds(folder)}`,
    `time vs with it: ${ratio(noData.seconds, folder.seconds)}`,
  );
  const python = motoPython();
  if (python instanceof Error) {
    table.row(`archive, the same in S3`, `not measured: ${python.message}`, '', '');
  } else {
    const s3 = await startS3(python);
    try {
      const inS3 = await read(await upload(jsonl, s3), DOCUMENTS, 'connector, S3');
      table.row(
        `archive, the same in S3 (moto)`,
        `connector: ${seconds(inS3)} (${rate(inS3)}), ${cpu(inS3)}, ${rss(inS3)}`,
        `from the folder: ${seconds(folder)}`,
        `time vs the folder's: ${ratio(inS3.seconds, folder.seconds)}`,
      );
    } finally {
      await s3.close();
    }
  }
  rmSync(jsonl, { recursive: true, force: true });
  const single = await writeArchive(json, { format: 'json', gzip: false, bytes: JSON_BYTES, split: Infinity });
  const array = await read({ location: json }, single.documents, 'connector, json');
  table.row(
    `archive, one json array file of ${mb(statSync(single.files[0]!).size)}, ${count(single.documents)} docs, folder`,
    `connector: ${seconds(array)} (${rate(array)}), ${cpu(array)}, ${rss(array)}`,
    '',
    '',
  );
  table.print('read-archive (export archives, full refresh, spec defaults):');
} finally {
  inputs.close();
  rmSync(jsonl, { recursive: true, force: true });
  rmSync(json, { recursive: true, force: true });
}
