// `npm start -- --from-export` runs the demo from an export of the demo database; here it runs as
// a child process exactly like that: the archive read in the first sync, the changes after the
// export in the second, from the live database's event feeds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { assertValidMessage } from '../helpers/protocol.js';
import { PRODUCT_COUNT, productId, userIds } from '../../emulator/demo-data.js';
import { runDemo } from './run-demo.js';

const { out, demo, messages, records } = runDemo(['--from-export']);

test('the demo exports, then syncs the archive and the changes after it', () => {
  assert.equal(demo.status, 0, demo.stderr);
  for (const step of ['0. export', '1. check', '2. discover', '3. sync 1', '4. changes', '5. sync 2'])
    assert.ok(demo.stdout.includes(step), step);
  assert.ok(
    (readdirSync(join(out, 'export'), { recursive: true }) as string[]).some((f) => /metadata_00\.json$/.test(f)),
    'the archive is in the output folder',
  );
  for (const file of ['3-sync-1.jsonl', '5-sync-2.jsonl']) for (const m of messages(file)) assertValidMessage(m);
  const streams = messages('2-discover.jsonl').find((m) => m.type === 'CATALOG')!.catalog.streams as any[];
  assert.deepEqual(streams.find((s) => s.name === 'users').supported_sync_modes, ['full_refresh', 'incremental']);

  assert.equal(records('3-sync-1.jsonl', 'products').length, PRODUCT_COUNT);
  assert.equal(records('3-sync-1.jsonl', 'users').length, 6);
  assert.ok(
    messages('3-sync-1.jsonl').some((m) => m.type === 'LOG' && /^Export 'demo' \(task/.test(m.log.message)),
    'the first sync reads the archive',
  );

  const users = new Map(records('5-sync-2.jsonl', 'users').map((r) => [r.ref.id ?? r.ref, r]));
  assert.deepEqual([...users.keys()].map(String).sort(), [userIds.alan, userIds.barbara, userIds.edsger].sort());
  assert.ok(users.get(userIds.edsger)!.deleted_at, 'the deleted user arrives as a deletion record');
  assert.equal(users.get(userIds.alan)!.data.email, 'alan.turing@example.com');
  const products = records('5-sync-2.jsonl', 'products');
  assert.deepEqual(
    products.map((r) => [String(r.ref.id ?? r.ref), r.deleted_at !== null && r.deleted_at !== undefined]),
    [[productId(PRODUCT_COUNT), true]],
  );
});
