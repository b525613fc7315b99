// A stream whose records need nothing but each document's fields is read in one pass from the
// parsed tagged value to the record (src/source/archive/fields.ts); one with an additional column
// goes the general way, through the v4 wire shape. Both give the same record lines, byte for
// byte but for that column: for the real core's archives (tagged, simple, and simple typed by
// FSL) and for an archive of every tag and of the shapes that the one pass leaves to the general
// way.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { TaggedObject } from '../../../src/fauna/v10/tagged.js';
import { documentFields } from '../../../src/source/archive/fields.js';
import { configuredCatalog, discoverCatalog, readOk } from '../../helpers/sync.js';
import { archiveConfig, CORE_EXPORTS } from './helpers.js';

const FSL = fileURLToPath(new URL('../../../../test/fixtures/fsl/exportdb/', import.meta.url));
const TS = '"ts":{"@time":"2026-11-30T12:00:00.123456Z"}';
const doc = (id: string, fields: string) => `{"id":"${id}","coll":{"@mod":"Edge"},${TS}${fields}}`;
const EDGE_DOCUMENTS = [
  doc(
    '1',
    ',"i":{"@int":"7"},"l":{"@long":"9007199254740993"},"d":{"@double":"1.5"},"nan":{"@double":"NaN"},' +
      '"b":{"@bytes":"+/8="},"u":{"@uuid":"6b4d7d4e-2a6f-4a7e-9a35-0c4a8a0f1d2e"},"day":{"@date":"2026-11-30"},' +
      '"t":{"@time":"0099-02-30T23:59:59.123456789Z"},"m":{"@mod":"Edge"},"g":{"@mod":"Math"},' +
      '"r":{"@ref":{"id":"2","coll":{"@mod":"Edge"}}},"nr":{"@ref":{"name":"Edge","coll":{"@mod":"Collection"}}},' +
      '"o":{"@object":{"@at":{"@int":"1"},"x":[{"@int":"2"},{"@date":"2026-01-01"}]}},"mixed":{"@a":1,"b":2},' +
      '"arr":[{"@int":"1"},[{"@long":"3"}],null,true,"s",2.5],"__proto__":{"p":{"@int":"1"}},' +
      '"data":{"id":"user id","ts":{"@int":"3"},"data":{"nested":true}}',
  ),
  doc('2', ',"ttl":{"@time":"2027-01-01T00:00:00Z"},"name":"with a ttl"'),
  `{"@object":{"@first":"a top-level @ key","id":"3","coll":{"@mod":"Edge"},${TS}}}`,
  // JSON.parse would round these: the general way keeps every digit.
  doc('4', ',"big":12345678901234567890,"negative":-9007199254740993,"fine":9007199254740991'),
  // A user field named @ref alone, under data: read as an escape, as the general way always did.
  doc('5', ',"data":{"@object":{"@ref":"x"}}'),
  doc('6', ',"when":{"@time":"2026-13-01T00:00:00Z"},"odd":{"@time":{"@int":"1"}}'),
];

/** A tagged jsonl archive of `lines`, in the core's layout, below a new folder. */
function edgeArchive(lines: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'archive-one-pass-'));
  const task = join(dir, 'core_out', '0', 'export_edge', '1');
  const data = join(task, 'data', 'collections', 'Edge');
  mkdirSync(data, { recursive: true });
  const file = join(data, 'Edge_00_000000.jsonl');
  writeFileSync(file, lines.join('\n') + '\n');
  const metadata = {
    host_id: 'test',
    account_id: '0',
    export_id: 'edge',
    task_id: '1',
    collections: ['Edge'],
    snapshot_ts: '2026-12-01T00:00:00Z',
    doc_format: 'tagged',
    datafile_format: 'jsonl',
    datafile_compression: false,
    datafile_ext: 'jsonl',
    part: 0,
    total_parts: 1,
    files_count: 1,
    files_bytes: statSync(file).size,
  };
  writeFileSync(join(task, 'metadata_00.json'), JSON.stringify(metadata, null, 2));
  return dir;
}

const COLUMN = { name: 'zz_ts', path: ['ts'], type: 'integer' };

/**
 * The RECORD lines of a read, as printed, without emitted_at and the additional column, sorted:
 * streams are read concurrently, so their lines interleave differently from one read to the next.
 */
async function recordLines(location: string, collection: object, archive: object = {}): Promise<string[]> {
  const config = archiveConfig(location, { include_hashed_password: true, ...archive }, { collection });
  const catalog = configuredCatalog(await discoverCatalog(config), 'full_refresh');
  const { stdout } = await readOk({ config, catalog });
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{"type":"RECORD"'))
    .map((line) => line.replace(/,"emitted_at":\d+/, '').replace(/,"zz_ts":\d+/, ''))
    .sort();
}

describe('records read in one pass and the general way', () => {
  const edge = edgeArchive(EDGE_DOCUMENTS);
  after(() => rmSync(edge, { recursive: true, force: true }));

  for (const [what, location, archive] of [
    ['the tagged core archive', join(CORE_EXPORTS, 'tagged-jsonl')],
    ['the simple core archive', join(CORE_EXPORTS, 'simple-json-gz')],
    ['the simple core archive typed by FSL', join(CORE_EXPORTS, 'simple-jsonl-gz'), { schema_directory: FSL }],
    ['an archive of every tag and of unusual shapes', edge],
  ] as const) {
    test(`are the same for ${what}`, async () => {
      const onePass = await recordLines(location, {}, archive);
      const general = await recordLines(location, { additional_columns: [COLUMN] }, archive);
      assert.ok(onePass.length > 0);
      assert.deepEqual(onePass, general);
    });
  }

  test('are the same without the data column, which holds nothing of the documents', async () => {
    const onePass = await recordLines(edge, { data_column: false });
    assert.deepEqual(onePass, await recordLines(edge, { data_column: false, additional_columns: [COLUMN] }));
    assert.equal(onePass.length, EDGE_DOCUMENTS.length);
    for (const line of onePass)
      assert.deepEqual(Object.keys((JSON.parse(line) as { record: { data: object } }).record.data), [
        'ref',
        'ts',
        'ttl',
      ]);
  });

  test('read no user field without the data column; leave a ts that is not a time, or a damaged value, to the general way', () => {
    const parsed = (text: string) => JSON.parse(text) as TaggedObject;
    // Document 4's integers beyond 2^53 send it the general way, unless its fields are not read.
    assert.equal(documentFields(parsed(EDGE_DOCUMENTS[3]!)), undefined);
    assert.deepEqual(documentFields(parsed(EDGE_DOCUMENTS[3]!), undefined, false), {
      ref: '4',
      ts: 1796040000123456,
      data: {},
      ttl: null,
    });
    const late = parsed(doc('7', '').replace('2026-11-30T12', '2026-11-30T25'));
    assert.equal(documentFields(late, undefined, false), undefined);
    // Damaged values are the general way's to name, not errors of the one pass.
    for (const damaged of ['{"@ref":null}', '{"@ref":[1]}', '{"@long":"abc"}'])
      assert.equal(documentFields(parsed(doc('8', `,"x":${damaged}`))), undefined, damaged);
  });

  test('keep every digit and every value of the unusual shapes', async () => {
    const lines = await recordLines(edge, {});
    const data = (id: string) =>
      /"ts":\d+,"data":(\{.*\}),"ttl"/.exec(lines.find((l) => l.includes(`"ref":"${id}"`))!)![1]!;
    assert.match(data('1'), /"l":9007199254740993,/);
    assert.match(data('1'), /"t":"0099-02-30T23:59:59.123456789Z"/);
    assert.match(data('1'), /"__proto__":\{"p":1\}/);
    assert.match(data('1'), /"id":"user id","ts":3,"data":\{"nested":true\}\}$/);
    assert.equal(data('4'), '{"big":12345678901234567890,"negative":-9007199254740993,"fine":9007199254740991}');
    assert.match(
      lines.find((l) => l.includes('"ref":"2"'))!,
      /"ttl":"2027-01-01T00:00:00Z"/,
    );
    assert.match(
      lines.find((l) => l.includes('"ref":"1"'))!,
      /"ts":1796040000123456,/,
    );
  });
});
