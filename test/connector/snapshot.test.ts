// A sync reads one snapshot: documents written while it runs are neither chased (emitted twice
// in the same sync) nor half-read; the next incremental sync picks them up exactly once.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { spawnCli } from '../helpers/cli.js';
import { withEmulator } from '../helpers/emulator.js';
import { createCollection, createDocuments, q } from '../helpers/fixtures.js';
import { configuredCatalog, discoverCatalog, nextState, readOk, records, refs, sourceConfig } from '../helpers/sync.js';

describe('writes during a sync', () => {
  // Latency keeps the sync running for a while after its first checkpoint.
  const server = withEmulator({ latencyMs: 20 });

  /** Writes straight to the engine, at once, past the HTTP latency. */
  function write(expr: unknown): void {
    const response = server.emulator().engine.query({ secret: 'secret', body: JSON.stringify(expr) });
    assert.ok(response.status < 300, response.body);
  }

  for (const mode of ['full_refresh', 'incremental'] as const) {
    test(`${mode}: documents updated and created after the first checkpoint are read as of the snapshot`, async () => {
      const client = server.rootClient();
      const collection = `live_${mode}`;
      await createCollection(client, collection, `${collection}_by_ts`);
      const ids = await createDocuments(
        client,
        collection,
        Array.from({ length: 12 }, (_, i) => ({ i, version: 1 })),
      );
      const config = sourceConfig(server.emulator(), { name: collection, index: `${collection}_by_ts` });
      const catalog = configuredCatalog(await discoverCatalog(config), mode);
      const running = spawnCli(['read'], { config, catalog });
      let recordsBeforeWrite = -1;
      let seen = 0;
      running.onMessage((message) => {
        if (message.type === 'RECORD') seen++;
        if (message.type !== 'STATE' || recordsBeforeWrite >= 0) return;
        recordsBeforeWrite = seen;
        // The first document (already emitted) and the last (not read yet) move to the end of
        // the [ts, ref] index; a new document appears after the snapshot.
        for (const id of [ids[0]!, ids.at(-1)!])
          write(q.Update(q.Ref(q.Collection(collection), id), { data: { version: 2 } }));
        write(q.Create(q.Collection(collection), { data: { i: 'new', version: 2 } }));
      });
      const result = await running.result;
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
        assert.equal(records(next).length, 3, 'the two updated documents and the new one, once each');
        assert.deepEqual(
          records(next).map((r) => r.data.data.version),
          [2, 2, 2],
        );
      }
    });
  }
});
