// A simple-format export typed by FSL schema files (export_archive.schema_directory,
// test/fixtures/fsl/exportdb): the fields the files declare get the schema a tagged export of the
// same database gets, and the same records (times, dates, bytes and references tagged again);
// what they do not declare stays typed as its values allow; computed fields are not columns.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../helpers/cli.js';
import { configuredCatalog, discoverCatalog, readOk } from '../../helpers/sync.js';
import { archiveConfig, CORE_EXPORTS, recordsByStream } from './helpers.js';

const FSL = fileURLToPath(new URL('../../../../test/fixtures/fsl/exportdb/', import.meta.url));
const SIMPLE = join(CORE_EXPORTS, 'simple-jsonl-gz');
const TAGGED = join(CORE_EXPORTS, 'tagged-jsonl');

// The fields customer.fsl and order.fsl declare with the type the tagged export's values have.
const DECLARED = {
  Customer: [
    'name',
    'tier',
    'visits',
    'last_order',
    'int',
    'long_big',
    'dbl',
    'nulls_in_array',
    'time_micros',
    'time_nanos',
    'date',
    'bytes',
    'bytes_empty',
    'friend',
    'ghost',
    'matrix',
  ],
  Order: ['customer', 'qty', 'price', 'items', 'placed'],
};

const dataSchemas = (catalog: any) =>
  new Map<string, any>(catalog.streams.map((s: any) => [s.name, s.json_schema.properties.data]));

async function readAll(config: object) {
  const catalog = await discoverCatalog(config);
  const result = await readOk({ config, catalog: configuredCatalog(catalog, 'full_refresh') });
  return { catalog, result, records: recordsByStream(result) };
}

describe('a simple-format export with FSL schema files', () => {
  const typed = archiveConfig(SIMPLE, { schema_directory: FSL });

  test('discover types the declared fields as a tagged export of the same database', async () => {
    const fsl = dataSchemas(await discoverCatalog(typed));
    const tagged = dataSchemas(await discoverCatalog(archiveConfig(TAGGED)));
    const untyped = dataSchemas(await discoverCatalog(archiveConfig(SIMPLE)));
    for (const [stream, fields] of Object.entries(DECLARED)) {
      for (const field of fields) {
        assert.deepEqual(fsl.get(stream).properties[field], tagged.get(stream).properties[field], `${stream}.${field}`);
      }
    }
    const customer = fsl.get('Customer').properties;
    // Without the FSL files, the simple format tells a time from a string no more.
    assert.deepEqual(untyped.get('Customer').properties.time_micros, { type: ['null', 'string'] });
    // Declared although no document holds it, under a quoted name.
    assert.deepEqual(customer['odd name'], { type: ['null', 'string'] });
    // Declared as Time | Date: a string of either format.
    assert.deepEqual(customer.when, { type: ['null', 'string'] });
    // Declared as Double, although the sample saw only NaN: a number, as Fauna types it.
    assert.deepEqual(customer.dbl_nan, { type: ['null', 'number'] });
    // `*: Any`: undeclared fields are typed by the sample, nullable.
    assert.deepEqual(customer.time_whole, { type: ['null', 'string'] });
    // Order takes no undeclared field: only its stored fields, not the computed `total`.
    assert.deepEqual(Object.keys(fsl.get('Order').properties).sort(), [...DECLARED.Order].sort());
    // Credential's document is a reference, whatever the files say.
    assert.deepEqual(fsl.get('Credential').properties.document, tagged.get('Credential').properties.document);
  });

  test('read gives the declared fields the records of the tagged export', async () => {
    const fsl = (await readAll(typed)).records;
    const tagged = (await readAll(archiveConfig(TAGGED))).records;
    for (const [stream, fields] of Object.entries({ ...DECLARED, Credential: ['document'] })) {
      const byRef = new Map(tagged.get(stream)!.map((r) => [r.ref, r]));
      assert.equal(fsl.get(stream)!.length, byRef.size, stream);
      for (const record of fsl.get(stream)!) {
        const other = byRef.get(record.ref);
        for (const field of fields) {
          assert.deepEqual(record.data[field], other.data[field], `${stream} ${record.ref} ${field}`);
        }
      }
    }
    const allTypes = fsl.get('Customer')!.find((r) => r.data.name === 'All Types');
    assert.deepEqual(allTypes.data.friend, { id: allTypes.data.friend.id, collection: 'Customer', type: 'document' });
    assert.equal(allTypes.data.bytes, 'AAEC_w==');
    // Undeclared: as the simple format wrote it.
    assert.deepEqual(allTypes.data.never_existed, { id: '1', coll: 'Customer' });
  });

  test('with data fields as columns, declared times and references fill their columns', async () => {
    const config = archiveConfig(
      SIMPLE,
      { schema_directory: FSL },
      { collection: { page_size: 1, data_fields_as_columns: true } },
    );
    const { result, catalog } = await readAll(config);
    const customer = catalog.streams.find((s: any) => s.name === 'Customer').json_schema.properties;
    assert.equal(customer.time_micros.format, 'date-time');
    const records = result.messages.filter((m) => m.type === 'RECORD' && m.record.stream === 'Customer');
    const allTypes = records.find((m) => m.record.data.name === 'All Types').record;
    assert.equal(allTypes.data.time_micros, '2025-05-01T10:15:30.123456Z');
    assert.equal(allTypes.data.friend.type, 'document');
    const moved = (allTypes.meta?.changes ?? []).map((c: any) => c.field);
    for (const field of DECLARED.Customer) assert.ok(!moved.includes(field), `${field} was moved to data`);
  });
});

describe('schema_directory problems', () => {
  test('an FSL file Fauna could not read fails check, naming the file and the line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fsl-'));
    try {
      writeFileSync(join(dir, 'main.fsl'), 'collection Customer {\n  name: String\n  age: Int |\n}\n');
      const result = await runCli(['check'], { config: archiveConfig(SIMPLE, { schema_directory: dir }) });
      const status = result.messages.find((m) => m.type === 'CONNECTION_STATUS').connectionStatus;
      assert.equal(status.status, 'FAILED');
      assert.match(status.message, /main\.fsl, line 4: expected a type \(found '}'\): it is not FSL as Fauna reads it/);
      rmSync(join(dir, 'main.fsl'));
      const empty = await runCli(['check'], { config: archiveConfig(SIMPLE, { schema_directory: dir }) });
      assert.match(
        empty.messages.find((m) => m.type === 'CONNECTION_STATUS').connectionStatus.message,
        /holds no \.fsl file/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a tagged export says the files are not used, and check names the typed collections', async () => {
    const tagged = await runCli(['check'], { config: archiveConfig(TAGGED, { schema_directory: FSL }) });
    const logs = tagged.messages.filter((m) => m.type === 'LOG').map((m) => m.log.message);
    assert.ok(logs.some((l) => /schema_directory is not used: export '.+' is in the tagged format/.test(l)));
    const simple = await runCli(['check'], { config: archiveConfig(SIMPLE, { schema_directory: FSL }) });
    const summary = simple.messages.find((m) => m.type === 'LOG' && m.log.level === 'INFO').log.message;
    assert.match(summary, /FSL types for Customer, Order, Empty, Credential$/);
  });
});
