// Which Incremental Sync Index the connector takes when a collection has several: a stated rule
// (docs/configuration.md), not the order Fauna lists indexes in. The core lists schema documents
// in creation order, and so does the local server.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FaunaClient } from '../../src/fauna/v4/client.js';
import { findIncrementalIndexes } from '../../src/source/v4/indexes.js';
import { withEmulator } from '../helpers/emulator.js';
import { q } from '../helpers/fixtures.js';

describe('choice among several Incremental Sync Indexes', () => {
  const server = withEmulator();

  const tsIndex = (name: string, source: string, extra: object[] = []) =>
    q.CreateIndex({ name, source: q.Collection(source), values: [{ field: 'ts' }, { field: 'ref' }, ...extra] });

  test('Indexes() and Collections() list in creation order, as the core answers; the choice ignores that order', async () => {
    const root = server.rootClient();
    await root.query(q.Do(q.CreateCollection({ name: 'zebra' }), q.CreateCollection({ name: 'apple' })));
    // Created in the opposite order of the rule's preference: the first listed is never the one taken.
    await root.query(tsIndex('zebra_with_tags', 'zebra', [{ field: ['data', 'tags'] }]));
    await root.query(tsIndex('zebra_ts_later', 'zebra'));
    await root.query(tsIndex('zebra_ts', 'zebra'));
    await root.query(tsIndex('apple_z', 'apple'));
    await root.query(tsIndex('apple_a', 'apple'));

    const names = async (set: object) =>
      (await root.query<{ data: { id: string }[] }>(q.Paginate(set))).data.map((ref) => ref.id);
    assert.deepEqual(await names(q.Collections()), ['zebra', 'apple']);
    assert.deepEqual(await names(q.Indexes()), ['zebra_with_tags', 'zebra_ts_later', 'zebra_ts', 'apple_z', 'apple_a']);
    const after = await root.query<{ data: { id: string }[] }>(
      q.Paginate(q.Indexes(), { after: [q.Index('zebra_ts')] }),
    );
    assert.deepEqual(
      after.data.map((ref) => ref.id),
      ['zebra_ts', 'apple_z', 'apple_a'],
      'a cursor sits at its place in creation order',
    );

    const { host, port } = server.emulator();
    const client = new FaunaClient({ domain: host, port, scheme: 'http', secret: 'secret' });
    try {
      const chosen = await findIncrementalIndexes(client);
      // Exactly [ts, ref] before more values, then the first name: not the first listed.
      assert.deepEqual(Object.fromEntries(chosen), { zebra: 'zebra_ts', apple: 'apple_a' });
    } finally {
      await client.close();
    }
  });
});
