// `npm start` runs the demo; here it runs as a child process exactly like that, and every line it
// wrote is checked against the Airbyte protocol, then against the story it tells.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertValidMessage } from '../helpers/protocol.js';
import { PRODUCT_COUNT, productId, userIds } from '../../emulator/demo-data.js';

const out = mkdtempSync(join(tmpdir(), 'source-fauna-demo-test-'));
const demo = spawnSync(
  process.execPath,
  [fileURLToPath(new URL('../../demo/main.js', import.meta.url)), '--out', out],
  {
    encoding: 'utf8',
    timeout: 60_000,
  },
);
const lines = (name: string) =>
  readFileSync(join(out, name), 'utf8')
    .split('\n')
    .filter((line) => line !== '');
const messages = (name: string) => lines(name).map((line) => JSON.parse(line) as Record<string, any>);
const records = (name: string, stream: string) =>
  messages(name)
    .filter((m) => m.type === 'RECORD' && m.record.stream === stream)
    .map((m) => m.record.data as Record<string, any>);

test('the demo exits 0 and prints a summary per step', () => {
  assert.equal(demo.status, 0, demo.stderr);
  for (const step of ['1. check', '2. discover', '3. sync 1', '4. changes', '5. sync 2'])
    assert.ok(demo.stdout.includes(step), step);
  assert.ok(demo.stdout.includes(out), 'the summary names the output folder');
  assert.equal(demo.stderr, '', 'no progress line when stderr is not a terminal');
});

test('every line of every message file is a valid Airbyte message', () => {
  const files = readdirSync(out)
    .filter((name) => name.endsWith('.jsonl'))
    .sort();
  assert.deepEqual(files, ['1-check.jsonl', '2-discover.jsonl', '3-sync-1.jsonl', '5-sync-2.jsonl']);
  for (const file of files) for (const message of messages(file)) assertValidMessage(message);
});

test('check succeeds and discover offers incremental only where the index exists', () => {
  assert.deepEqual(messages('1-check.jsonl').find((m) => m.type === 'CONNECTION_STATUS')?.connectionStatus, {
    status: 'SUCCEEDED',
  });
  const streams = messages('2-discover.jsonl').find((m) => m.type === 'CATALOG')!.catalog.streams as Array<
    Record<string, any>
  >;
  assert.deepEqual(Object.fromEntries(streams.map((s) => [s.name, s.supported_sync_modes])), {
    products: ['full_refresh'],
    users: ['full_refresh', 'incremental'],
  });
});

test('the first sync exports every document, with every type of the export-format table', () => {
  assert.equal(records('3-sync-1.jsonl', 'products').length, PRODUCT_COUNT);
  const users = records('3-sync-1.jsonl', 'users');
  assert.deepEqual(
    users.map((u) => u.ref).sort(),
    Object.values(userIds)
      .filter((id) => id !== userIds.barbara)
      .sort(),
  );
  const ada = users.find((u) => u.ref === userIds.ada)!.data;
  assert.deepEqual(ada.manager, { id: userIds.charles, collection: 'users', type: 'document' });
  assert.deepEqual(ada.favorite_product, { id: productId(1), collection: 'products', type: 'document' });
  assert.deepEqual(ada.home_collection, { id: 'users', type: 'collection' });
  assert.deepEqual(ada.sync_index, { id: 'users-ts', type: 'index' });
  assert.deepEqual(ada.reader_role, { id: 'airbyte-readonly', type: 'role' });
  assert.equal(ada.reader_key.type, 'key');
  assert.deepEqual(ada.analytics_db, { id: 'analytics', type: 'database' });
  assert.deepEqual(ada.all_collections, { id: 'collections', type: 'unknown' });
  assert.equal(ada.born, '1815-12-10');
  assert.equal(ada.last_login, '2024-03-01T12:30:00.123456Z');
  assert.equal(ada.avatar, '-_-_AAEC');
  assert.equal(typeof ada.greeting, 'string');
  assert.ok(JSON.parse(ada.greeting)['@query'], 'a Query is exported as its wire JSON');
  // The core stores a set as the object {"@set": ...}: exported as that object.
  assert.deepEqual(Object.keys(ada.recent_users), ['@set']);
  assert.deepEqual(ada.address.geo, { lat: 51.5074, lng: -0.1345 });
  assert.deepEqual(ada.notes[1], [1, [2, 3]]);
  assert.equal(ada['@context'], 'https://schema.org');
  const adaLine = lines('3-sync-1.jsonl').find((line) => line.includes(`"ref":"${userIds.ada}"`))!;
  assert.match(adaLine, /"big_counter":9007199254740993[,}]/, 'integers beyond 2^53 keep every digit');
  assert.match(adaLine, /"max_long":9223372036854775807[,}]/);
  const grace = users.find((u) => u.ref === userIds.grace)!;
  assert.equal(grace.ttl, '2100-01-01T00:00:00Z');
});

test('the incremental sync brings only the changes, deletions included', () => {
  const users = records('5-sync-2.jsonl', 'users');
  const byRef = new Map(users.map((u) => [u.ref, u]));
  assert.deepEqual([...byRef.keys()].sort(), [userIds.alan, userIds.barbara, userIds.edsger].sort());
  assert.equal(byRef.get(userIds.barbara)!.data.name, 'Barbara Liskov');
  assert.equal(byRef.get(userIds.alan)!.data.email, 'alan.turing@example.com');
  assert.match(byRef.get(userIds.edsger)!.deleted_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  assert.equal(byRef.get(userIds.edsger)!.data, undefined);
  const products = records('5-sync-2.jsonl', 'products');
  assert.equal(products.length, PRODUCT_COUNT - 1, 'the full refresh of products no longer has the deleted one');
});
