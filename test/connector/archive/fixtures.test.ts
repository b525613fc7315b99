// Every real core archive (test/fixtures/core-exports) reads through the CLI into the documents
// its README lists as exported, in every format: tagged and simple, json and jsonl, gzip or not,
// index scan or table scan; the same records whatever the framing; hashed passwords only on request.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runCli } from '../../helpers/cli.js';
import { configuredCatalog, discoverCatalog, readOk } from '../../helpers/sync.js';
import { archiveConfig, CORE_EXPORTS, FIXTURES, listedDocuments, recordsByStream } from './helpers.js';

// widedb's one document, in its `A…` collection (widedb README).
const WIDE = 'A'.repeat(25);

async function readFixture(fixture: string, archive: object = {}) {
  const config = archiveConfig(join(CORE_EXPORTS, fixture), archive);
  const catalog = await discoverCatalog(config);
  const result = await readOk({ config, catalog: configuredCatalog(catalog, 'full_refresh') });
  return { streams: catalog.streams.map((s: any) => s.name) as string[], records: recordsByStream(result) };
}

describe('the real core archives', () => {
  const all = new Map<string, Awaited<ReturnType<typeof readFixture>>>();

  test('each reads into the documents its README lists, one stream per exported collection', async () => {
    for (const fixture of FIXTURES) {
      const read = await readFixture(fixture);
      all.set(fixture, read);
      const listed = fixture.startsWith('widedb') ? new Map([[WIDE, ['1']]]) : listedDocuments(fixture);
      for (const stream of read.streams) {
        const refs = (read.records.get(stream) ?? []).map((r) => r.ref).sort();
        // The cancelled export's metadata says files_count 0: it has no documents (and check warns).
        const expected = fixture === 'cancelled-race-empty' ? [] : (listed.get(stream) ?? []).sort();
        if (fixture.startsWith('widedb') && stream === WIDE) assert.equal(refs.length, 1, fixture);
        else assert.deepEqual(refs, expected, `${fixture}: ${stream}`);
      }
      for (const stream of read.records.keys()) assert.ok(read.streams.includes(stream), `${fixture}: ${stream}`);
    }
    assert.deepEqual(all.get('tagged-jsonl')!.streams, ['Credential', 'Customer', 'Empty', 'Order']);
    assert.deepEqual(all.get('explicit-collections')!.streams, ['Credential', 'Customer', 'Empty', 'Order']);
    // The id used twice: the newest export (of Empty alone) is read.
    assert.deepEqual(all.get('reused-export-id')!.streams, ['Empty']);
  });

  test('json and jsonl, gzip or not, index or table scan: the same records of a format', () => {
    const same = (a: string, b: string) =>
      assert.deepEqual(sorted(all.get(a)!.records), sorted(all.get(b)!.records), `${a} vs ${b}`);
    for (const other of ['tagged-json', 'tagged-json-gz', 'tagged-jsonl-gz', 'table-scan-tagged-jsonl'])
      same('tagged-jsonl', other);
    for (const other of ['simple-json', 'simple-json-gz', 'simple-jsonl-gz', 'table-scan-simple-json-gz'])
      same('simple-jsonl', other);
  });

  test('tagged values keep their types; simple ones keep what the format tells', () => {
    const order = (fixture: string) =>
      all
        .get(fixture)!
        .records.get('Order')!
        .find((r) => r.data.ts === 'user ts')!;
    assert.deepEqual(order('tagged-jsonl').data, {
      qty: 2,
      price: 1.5,
      ts: 'user ts',
      total: 'stored total (same name as computed field)',
    });
    assert.deepEqual(order('simple-jsonl').data, order('tagged-jsonl').data);
    const types = (fixture: string) =>
      all
        .get(fixture)!
        .records.get('Customer')!
        .find((r) => r.data.name === 'All Types')!;
    const tagged = types('tagged-jsonl');
    assert.equal(tagged.data.friend.collection, 'Customer');
    assert.equal(tagged.data.date, '2025-04-30');
    assert.equal(tagged.data.dbl_nan, 'NaN');
    assert.equal(tagged.data.meta['@tag'], 'nested at-key');
    const simple = types('simple-jsonl');
    assert.deepEqual(simple.data.friend, { id: tagged.data.friend.id, coll: 'Customer' });
    assert.equal(simple.ts, tagged.ts);
    assert.equal(simple.ref, tagged.ref);
  });

  test('Credential documents leave out hashed_password unless asked, and never log it', async () => {
    for (const fixture of ['tagged-jsonl', 'simple-json-gz']) {
      const [credential] = all.get(fixture)!.records.get('Credential')!;
      assert.equal(credential.data.hashed_password, undefined, fixture);
      assert.ok(credential.data.document, fixture);
    }
    const withHash = await readFixture('tagged-jsonl', { include_hashed_password: true });
    const [credential] = withHash.records.get('Credential')!;
    assert.match(credential.data.hashed_password, /^\$2a\$05\$/);
    const config = archiveConfig(join(CORE_EXPORTS, 'tagged-jsonl'), { include_hashed_password: true });
    const checked = await runCli(['check'], { config });
    assert.doesNotMatch(checked.stdout + checked.stderr, /\$2a\$/);
  });
});

function sorted(records: Map<string, any[]>): object {
  return Object.fromEntries(
    [...records].map(([name, list]) => [name, [...list].sort((a, b) => (a.ref < b.ref ? -1 : 1))]),
  );
}
