// FQL v10 reads of a collection larger than a page, as a running Fauna core answers them: one id
// range open at both ends (max_concurrency 1) is sent as `all()`, since the core refuses `all({})`;
// and every later page is read at the snapshot, so documents updated or deleted ahead of the read
// come as of the snapshot, and the next sync brings their changes from the feed.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Client } from 'fauna';
import { withEmulator } from '../../helpers/emulator.js';
import {
  configuredCatalog,
  discoverCatalog,
  nextState,
  readOk,
  readWritingAhead,
  records,
  refs,
} from '../../helpers/sync.js';
import { createV10Collection, DELETIONS, fql, run, v10Client, v10Config } from './helpers.js';

describe('FQL v10: reads of several pages', () => {
  // Latency keeps a read running for a while after its first checkpoint.
  const server = withEmulator({ latencyMs: 20 });
  let client: Client;

  const createDocuments = async (collection: string, count: number): Promise<string[]> => {
    await createV10Collection(client, collection);
    const query = fql`Set.sequence(0, ${count}).toArray().map(i => Collection(${collection}).create({ i: i, version: 1 }).id)`;
    return (await run(client, query)) as string[];
  };

  before(() => {
    client = v10Client(server);
  });
  after(() => client.close());

  test('one range (max_concurrency 1): every document once on the first sync', async () => {
    const ids = await createDocuments('big', 7);
    const config = v10Config(server, { name: 'big', page_size: 2 }, { max_concurrency: 1 });
    const catalog = configuredCatalog(await discoverCatalog(config), 'full_refresh');
    const result = await readOk({ config, catalog });
    assert.deepEqual(refs(records(result)), [...ids].sort());
  });

  test('documents updated, deleted and created ahead of the read: as of the snapshot, then their changes', async () => {
    const ids = await createDocuments('moving', 12);
    const config = v10Config(server, { name: 'moving', page_size: 2, deletions: DELETIONS }, { max_concurrency: 1 });
    const catalog = configuredCatalog(await discoverCatalog(config), 'incremental');
    const { result, recordsBeforeWrite, deleted } = await readWritingAhead(server, { config, catalog }, 'moving', ids);
    assert.equal(result.code, 0, result.stdout.slice(-2000));
    assert.ok(
      recordsBeforeWrite > 0 && recordsBeforeWrite < ids.length - 2,
      `the writes happened mid-sync (after ${recordsBeforeWrite} records)`,
    );
    const snapshot = records(result).slice(0, ids.length);
    assert.deepEqual(refs(snapshot), [...ids].sort(), 'the snapshot first: each of its documents once');
    assert.deepEqual(
      snapshot.map((r) => r.data.data.version),
      ids.map(() => 1),
      'every document as of the snapshot',
    );

    // The feed from the snapshot on brings the changes, in this sync or the next.
    const next = await readOk({ config, catalog, state: nextState(result) });
    const latest = new Map<string, { data?: { version: number }; deleted_at?: string }>();
    for (const record of [...records(result), ...records(next)]) latest.set(record.data.ref, record.data);
    const live = (await run(client, fql`moving.all().toArray().map(d => [d.id, d.version])`)) as [string, number][];
    assert.deepEqual(
      [...latest]
        .filter(([, record]) => record.deleted_at === undefined)
        .map(([ref, record]) => [ref, record.data?.version]),
      live,
      'the latest version of every document',
    );
    assert.ok(latest.get(deleted)?.deleted_at, 'the deletion');
  });
});
