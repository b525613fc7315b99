// The export-format table (docs/export-format.md) on wire values as the server renders them
// (fauna/faunadb-js src/_json.js reads the same escapes), with the cases of the Python connector's
// serializer (airbytehq/airbyte, airbyte-integrations/connectors/source-fauna/source_fauna/serialize.py).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeDocument, decodeValue, microsToIso } from '../../../src/source/export/decode.js';
import { selectPath } from '../../../src/fauna/wire.js';
import { parseJson, stringifyJson } from '../../../src/fauna/json.js';

const ref = (id: string, collection?: unknown, database?: unknown) => ({
  '@ref': { id, ...(collection ? { collection } : {}), ...(database ? { database } : {}) },
});
const native = (name: string) => ref(name);
const coll = (name: string) => ref(name, native('collections'));

const cases: [string, unknown, unknown][] = [
  ['document ref', ref('1234', coll('foo')), { id: '1234', collection: 'foo', type: 'document' }],
  ['collection ref', coll('foo'), { id: 'foo', type: 'collection' }],
  ['database ref', ref('my_db', native('databases')), { id: 'my_db', type: 'database' }],
  ['index ref', ref('ts', native('indexes')), { id: 'ts', type: 'index' }],
  ['function ref', ref('f', native('functions')), { id: 'f', type: 'function' }],
  ['role ref', ref('r', native('roles')), { id: 'r', type: 'role' }],
  ['access provider ref', ref('a', native('access_providers')), { id: 'a', type: 'access_provider' }],
  ['key ref', ref('1', native('keys')), { id: '1', type: 'key' }],
  ['token ref', ref('1', native('tokens')), { id: '1', type: 'token' }],
  ['credential ref', ref('1', native('credentials')), { id: '1', type: 'credential' }],
  ['Collections()', native('collections'), { id: 'collections', type: 'unknown' }],
  ['ref under an unknown native', ref('ts', native('indexes_typoed')), { id: 'ts', type: 'unknown' }],
  ['ref three levels deep', ref('a', ref('b', coll('bar'))), { id: 'a', type: 'unknown' }],
  [
    'document of a child database',
    ref('1', ref('c', native('collections'), coll('x'))),
    { id: '1', collection: 'c', type: 'document' },
  ],
  [
    'collection of a child database',
    ref('c', native('collections'), ref('child', native('databases'))),
    { id: 'c', type: 'collection' },
  ],
  [
    'key of a child database',
    ref('9', ref('keys', undefined, ref('child', native('databases')))),
    { id: '9', type: 'key' },
  ],
  ['timestamp', { '@ts': '2022-03-04T12:00:30.000001Z' }, '2022-03-04T12:00:30.000001Z'],
  ['date', { '@date': '2022-03-04' }, '2022-03-04'],
  ['bytes (standard base64 in, URL-safe out)', { '@bytes': '+/8=' }, '-_8='],
  ['bytes of hello world', { '@bytes': 'aGVsbG8gd29ybGQ=' }, 'aGVsbG8gd29ybGQ='],
  ['bytes without padding', { '@bytes': '+/8' }, '-_8='],
  [
    'set',
    { '@set': { match: ref('i', native('indexes')), terms: 'é' } },
    '{"@set":{"match":{"@ref":{"id":"i","collection":{"@ref":{"id":"indexes"}}}},"terms":"\\u00e9"}}',
  ],
  [
    'query',
    { '@query': { lambda: 'x', expr: { var: 'x' }, api_version: '4' } },
    '{"@query":{"lambda":"x","expr":{"var":"x"},"api_version":"4"}}',
  ],
  ['@obj', { '@obj': { '@ref': 'x', d: { '@date': '2022-03-04' } } }, { '@ref': 'x', d: '2022-03-04' }],
  [
    'nested values',
    { a: [{ '@date': '2022-03-04' }, coll('3')], b: { c: { '@date': '2022-03-04' } } },
    { a: ['2022-03-04', { id: '3', type: 'collection' }], b: { c: '2022-03-04' } },
  ],
  [
    'plain values',
    { s: 'x', n: 1.5, t: true, z: null, big: 9007199254740993n },
    { s: 'x', n: 1.5, t: true, z: null, big: 9007199254740993n },
  ],
];

for (const [name, wire, expected] of cases) {
  test(`decode ${name}`, () => assert.deepEqual(decodeValue(wire as never), expected));
}

test('decodeDocument gives the record fields ref, ts, data and ttl', () => {
  const doc = parseJson(
    '{"ref":{"@ref":{"id":"338836293305765959","collection":{"@ref":{"id":"users","collection":{"@ref":{"id":"collections"}}}}}},' +
      '"ts":1700000000000001,"data":{"when":{"@ts":"2022-03-04T12:00:30Z"},"big":12345678901234567890},"ttl":{"@ts":"2030-01-01T00:00:00Z"}}',
  );
  assert.deepEqual(decodeDocument(doc), {
    ref: '338836293305765959',
    ts: 1700000000000001,
    data: { when: '2022-03-04T12:00:30Z', big: 12345678901234567890n },
    ttl: '2030-01-01T00:00:00Z',
  });
  assert.deepEqual(decodeDocument(doc, false).data, {}, 'no data column: the data object is not decoded');
});

test('decodeDocument without data or ttl', () => {
  assert.deepEqual(decodeDocument({ ref: ref('1', coll('c')), ts: 5 } as never), {
    ref: '1',
    ts: 5,
    data: {},
    ttl: null,
  });
});

test('selectPath follows FQL Select: fields, array indexes, ref id and collection', () => {
  const doc = {
    ref: ref('1', coll('c')),
    ts: 5,
    data: {
      parent: ref('7', coll('people')),
      list: [10, { x: 'y' }],
      o: { '@obj': { '@k': 1 } },
      when: { '@ts': '2022-03-04T12:00:30Z' },
    },
  } as never;
  assert.equal(selectPath(doc, ['ts']), 5);
  assert.equal(selectPath(doc, ['ref', 'id']), '1');
  assert.equal(selectPath(doc, ['data', 'parent', 'id']), '7');
  assert.equal(selectPath(doc, ['data', 'parent', 'collection', 'id']), 'people');
  assert.deepEqual(selectPath(doc, ['data', 'parent']), ref('7', coll('people')));
  assert.equal(selectPath(doc, ['data', 'list', 1, 'x']), 'y');
  assert.equal(selectPath(doc, ['data', 'o', '@k']), 1);
  assert.equal(selectPath(doc, ['data', 'list', '0']), undefined);
  assert.equal(selectPath(doc, ['data', 'parent', 'data']), undefined);
  assert.equal(selectPath(doc, ['data', 'when', '@ts']), undefined);
  assert.equal(selectPath(doc, ['data', 'missing', 'x']), undefined);
});

test('microsToIso prints RFC 3339 UTC like Fauna timestamps', () => {
  assert.equal(microsToIso(0), '1970-01-01T00:00:00Z');
  assert.equal(microsToIso(99), '1970-01-01T00:00:00.000099Z');
  assert.equal(microsToIso(1659398320430000), '2022-08-01T23:58:40.430Z');
  assert.equal(microsToIso(1659398320430001), '2022-08-01T23:58:40.430001Z');
});

test('a field named __proto__ is kept as a field, on both parse paths', () => {
  for (const text of ['{"__proto__":{"a":1},"b":2}', '{"__proto__":{"a":1},"b":99999999999999999999}']) {
    const decoded = decodeValue(parseJson(text));
    assert.equal(stringifyJson(decoded), text);
  }
});
