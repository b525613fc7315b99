// The creation time in a document id: the ids the local server makes as the core does (snowflake
// ids), and ids an application chose, which cannot be one.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createdAt } from '../../src/source/created-at.js';
import { withEmulator } from '../helpers/emulator.js';
import { q } from '../helpers/fixtures.js';

describe('creation time from the document id', () => {
  const server = withEmulator();

  test('a generated id holds its creation time; a custom id that cannot be one gives null', async () => {
    const root = server.rootClient();
    const collection = await root.query<{ ts: number }>(q.CreateCollection({ name: 'born' }));
    const doc = await root.query<{ ref: { id: string }; ts: number }>(q.Create(q.Collection('born'), {}));
    const updated = await root.query<{ ts: number }>(q.Update(doc.ref as never, { data: { later: true } }));
    const created = createdAt(doc.ref.id, updated.ts, collection.ts);
    assert.ok(created !== null, doc.ref.id);
    const micros = Date.parse(created) * 1000;
    // Made within the millisecond of the create, whatever writes came after.
    assert.ok(micros <= doc.ts && doc.ts - micros < 1000, `${created} for a document created at ${doc.ts}`);
    // The core's own: 412653216549789952 was made at 2024-10-24T18:47:04.205Z.
    assert.equal(createdAt('412653216549789952', Date.parse('2025-01-01') * 1000, 0), '2024-10-24T18:47:04.205Z');

    const custom = await root.query<{ ref: { id: string }; ts: number }>(
      q.Create(q.Ref(q.Collection('born'), '42'), {}),
    );
    assert.equal(createdAt(custom.ref.id, custom.ts, collection.ts), null, 'before the collection existed');
    assert.equal(createdAt('999999999999999999', custom.ts, collection.ts), null, 'after the last write');
    assert.equal(createdAt('9223372036854775808', custom.ts, 0), null, 'beyond 2^63 - 1');
    assert.equal(createdAt('-1', custom.ts, 0), null);
    assert.equal(createdAt('abc', custom.ts, 0), null);
  });
});
