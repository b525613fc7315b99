// Tagged v10 documents (fauna/fauna-js src/tagged-type.ts) to records: every type of the export-format table, exact
// 64-bit integers, the special-named fields v10 nests under `data`, computed fields left out,
// and the record line a v4 document of the same data gives, byte for byte.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toDocument, timeToMicros, type Tagged } from '../../../src/fauna/v10/tagged.js';
import { tag } from '../../../src/fauna/v10/template.js';
import { parseJson } from '../../../src/fauna/json.js';
import type { WireValue } from '../../../src/fauna/wire.js';
import { RecordLines } from '../../../src/source/records.js';
import type { StreamSettings } from '../../../src/source/config.js';

const SETTINGS: StreamSettings = {
  dataColumn: true,
  dataFieldsAsColumns: false,
  createdAtColumn: false,
  additionalColumns: [],
  pageSize: 64,
  deletions: { mode: 'deleted_field', column: 'deleted_at', invalidCursor: 'fail' },
};

const record = (wire: WireValue, settings = SETTINGS): any =>
  (parseJson(new RecordLines('orders', settings).document(wire, 1).line) as any).record.data;

const DOC: Tagged = {
  '@doc': {
    id: '412654807560487424',
    coll: { '@mod': 'orders' },
    ts: { '@time': '2024-10-01T12:00:00.123456Z' },
    ttl: { '@time': '2030-01-01T00:00:00Z' },
    total: { '@double': '12.5' },
    whole: { '@double': '3.0' },
    small: { '@int': '7' },
    big: { '@long': '9007199254740993' },
    negative: { '@long': '-9223372036854775808' },
    nan: { '@double': 'NaN' },
    when: { '@time': '2022-03-04T12:00:30.000001Z' },
    day: { '@date': '2022-03-04' },
    bytes: { '@bytes': '+/+/' },
    customer: { '@ref': { id: '41265', coll: { '@mod': 'customers' } } },
    gone: { '@ref': { id: '5', coll: { '@mod': 'customers' }, exists: false, cause: 'deleted' } },
    collection: { '@ref': { name: 'customers', coll: { '@mod': 'Collection' } } },
    fn: { '@ref': { name: 'double', coll: { '@mod': 'Function' } } },
    role: { '@ref': { name: 'reader', coll: { '@mod': 'Role' } } },
    db: { '@ref': { name: 'child', coll: { '@mod': 'Database' } } },
    key: { '@ref': { id: '101', coll: { '@mod': 'Key' } } },
    escaped: { '@object': { '@ts': 'not a time', inner: { '@object': { '@int': 'not an int' } } } },
    nested: {
      list: [{ '@date': '2022-03-04' }, null, true, 'x'],
      deep: { at: { '@time': '2022-03-04T12:00:30.123456Z' } },
    },
    total_with_tax: { '@double': '15.0' },
    data: { id: { '@int': '7' }, ts: 'user field literally named ts', data: { x: { '@int': '1' } } },
  },
};

describe('v10 tagged documents to records', () => {
  test('every type of the export-format table, exact integers, special names merged, computed fields left out', () => {
    const wire = toDocument(DOC, new Set(['total_with_tax']));
    const data = record(wire);
    assert.equal(data.ref, '412654807560487424');
    assert.equal(data.ts, 1727784000123456);
    assert.equal(data.ttl, '2030-01-01T00:00:00Z');
    assert.equal(data.deleted_at, undefined);
    assert.deepEqual(data.data, {
      total: 12.5,
      whole: 3,
      small: 7,
      big: 9007199254740993n,
      negative: -9223372036854775808n,
      nan: 'NaN',
      when: '2022-03-04T12:00:30.000001Z',
      day: '2022-03-04',
      bytes: '-_-_',
      customer: { id: '41265', collection: 'customers', type: 'document' },
      gone: { id: '5', collection: 'customers', type: 'document' },
      collection: { id: 'customers', type: 'collection' },
      fn: { id: 'double', type: 'function' },
      role: { id: 'reader', type: 'role' },
      db: { id: 'child', type: 'database' },
      key: { id: '101', type: 'key' },
      escaped: { '@ts': 'not a time', inner: { '@int': 'not an int' } },
      nested: { list: ['2022-03-04', null, true, 'x'], deep: { at: '2022-03-04T12:00:30.123456Z' } },
      id: 7,
      ts: 'user field literally named ts',
      data: { x: 1 },
    });
  });

  test('integers beyond 2^53 keep every digit in the record line', () => {
    const line = new RecordLines('orders', SETTINGS).document(toDocument(DOC), 1).line;
    assert.match(line, /"big":9007199254740993[,}]/);
    assert.match(line, /"negative":-9223372036854775808[,}]/);
  });

  test('a v10 document and the v4 document of the same data give the same record line', () => {
    const v10 = toDocument({
      '@doc': {
        id: '1',
        coll: { '@mod': 'orders' },
        ts: { '@time': '2024-10-01T12:00:00Z' },
        name: 'a',
        when: { '@time': '2022-03-04T12:00:30.5Z' },
        owner: { '@ref': { id: '2', coll: { '@mod': 'people' } } },
      },
    });
    const v4 = {
      ref: {
        '@ref': { id: '1', collection: { '@ref': { id: 'orders', collection: { '@ref': { id: 'collections' } } } } },
      },
      ts: 1727784000000000,
      data: {
        name: 'a',
        when: { '@ts': '2022-03-04T12:00:30.5Z' },
        owner: {
          '@ref': { id: '2', collection: { '@ref': { id: 'people', collection: { '@ref': { id: 'collections' } } } } },
        },
      },
    };
    const lines = new RecordLines('orders', SETTINGS);
    assert.equal(lines.document(v10, 1).line, lines.document(v4, 1).line);
  });

  test('a document without user fields has an empty data object and no ttl', () => {
    const data = record(
      toDocument({ '@doc': { id: '9', coll: { '@mod': 'orders' }, ts: { '@time': '1970-01-01T00:00:00Z' } } }),
    );
    assert.deepEqual(data, { ref: '9', ts: 0, data: {}, ttl: null });
  });

  test('times in microseconds, exactly, with 0, 3, 6 or 9 fraction digits', () => {
    assert.equal(timeToMicros('2023-07-19T17:10:59Z'), 1689786659000000);
    assert.equal(timeToMicros('2023-07-19T17:10:59.623Z'), 1689786659623000);
    assert.equal(timeToMicros('2023-07-19T17:10:59.623670Z'), 1689786659623670);
    assert.equal(timeToMicros('2023-07-19T17:10:59.623670999Z'), 1689786659623670);
    assert.throws(() => timeToMicros('yesterday'), /Not a Fauna time/);
  });

  test('times read from their digits are those of Date.parse, a day past the month carried over as it does', () => {
    const parsed = (iso: string) => Date.parse(iso.replace(/\.\d+Z$/, 'Z')) * 1000;
    for (const iso of [
      '0000-01-01T00:00:00Z',
      '0099-12-31T23:59:59Z',
      '1600-02-29T12:00:00Z',
      '1900-02-29T12:00:00Z',
      '1969-12-31T23:59:59Z',
      '2024-02-29T00:00:00Z',
      '2026-02-30T00:00:00Z',
      '2026-04-31T08:30:00Z',
      '9999-12-31T23:59:59Z',
    ]) {
      assert.equal(timeToMicros(iso), parsed(iso), iso);
    }
    assert.equal(timeToMicros('1969-12-31T23:59:59.5Z'), -500000);
    assert.equal(timeToMicros('2026-11-30T12:00:00.1Z'), 1796040000100000);
    // A form only the long way reads: 24:00, the end of the day.
    assert.equal(timeToMicros('2026-01-01T24:00:00Z'), Date.parse('2026-01-02T00:00:00Z') * 1000);
    assert.throws(() => timeToMicros('2026-01-01T23:59:60Z'), /Not a Fauna time/);
    assert.throws(() => timeToMicros('2026-13-01T00:00:00Z'), /Not a Fauna time/);
    assert.throws(() => timeToMicros('2026-01-01T00:00:00.Z'), /Not a Fauna time/);
    assert.throws(() => timeToMicros('2026-01-01T00:00:00.1234567890Z'), /Not a Fauna time/);
  });

  test('query values are tagged as the driver tags them', () => {
    assert.deepEqual(tag(7), { '@int': '7' });
    assert.deepEqual(tag(2 ** 31), { '@long': '2147483648' });
    assert.deepEqual(tag(9007199254740993n), { '@long': '9007199254740993' });
    assert.deepEqual(tag(1.5), { '@double': '1.5' });
    assert.deepEqual(tag({ '@mod': 'x', a: [1] }), { '@object': { '@mod': 'x', a: [{ '@int': '1' }] } });
  });
});
