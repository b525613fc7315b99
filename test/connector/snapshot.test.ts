// A sync reads one snapshot: documents written or deleted while it runs are neither chased
// (emitted twice in the same sync) nor half-read; the next incremental sync picks them up exactly once.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { withEmulator } from '../helpers/emulator.js';
import { createCollection, createDocuments } from '../helpers/fixtures.js';
import {
  configuredCatalog,
  discoverCatalog,
  nextState,
  readOk,
  readWritingAhead,
  records,
  refs,
  sourceConfig,
} from '../helpers/sync.js';

describe('writes during a sync', () => {
  // Latency keeps the sync running for a while after its first checkpoint.
  const server = withEmulator({ latencyMs: 20 });

  for (const mode of ['full_refresh', 'incremental'] as const) {
    test(`${mode}: documents updated, deleted and created after the first checkpoint are read as of the snapshot`, async () => {
      const client = server.rootClient();
      const collection = `live_${mode}`;
      await createCollection(client, collection, `${collection}_by_ts`);
      const ids = await createDocuments(
        client,
        collection,
        Array.from({ length: 12 }, (_, i) => ({ i, version: 1 })),
      );
      const config = sourceConfig(server.emulator(), {
        name: collection,
        index: `${collection}_by_ts`,
        deletions: { deletion_mode: 'deleted_field', column: 'deleted_at' },
      });
      const catalog = configuredCatalog(await discoverCatalog(config), mode);
      const { result, recordsBeforeWrite, deleted } = await readWritingAhead(
        server,
        { config, catalog },
        collection,
        ids,
      );
      assert.equal(result.code, 0, result.stderr);
      assert.ok(
        recordsBeforeWrite > 0 && recordsBeforeWrite < ids.length,
        `the writes happened mid-sync (after ${recordsBeforeWrite} records)`,
      );
      assert.deepEqual(
        refs(records(result)),
        [...ids].sort(),
        'each document of the snapshot exactly once, nothing newer',
      );
      assert.deepEqual(
        records(result).map((r) => r.data.data.version),
        ids.map(() => 1),
        'every document as of the snapshot',
      );
      if (mode === 'incremental') {
        const next = await readOk({ config, catalog, state: nextState(result) });
        assert.equal(records(next).length, 4, 'the two updated documents, the deleted one and the new one, once each');
        assert.deepEqual(
          records(next)
            .filter((r) => r.data.ref !== deleted)
            .map((r) => r.data.data.version),
          [2, 2, 2],
        );
        assert.ok(records(next).find((r) => r.data.ref === deleted)?.data.deleted_at, 'the deletion');
      }
    });
  }
});
