// FQL v4 reads that outlive their snapshot (history_days 0: 15 minutes of history). The server's
// clock moves on at every query, as a long sync sees it. A full refresh whose snapshot aged
// out goes on from the documents it has not read, at a new snapshot; an incremental sync with
// deletions moves its scan to a newer snapshot before the older one is half that old, its
// deletions read up to the newer one first. Nothing is lost, and no sync starts over.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { fullRefreshPastRetention, logs, MINUTE } from '../helpers/aging.js';
import { assertDocumented } from '../helpers/documented.js';
import { tickPerQuery, withEmulator } from '../helpers/emulator.js';
import { q } from '../helpers/fixtures.js';
import {
  configuredCatalog,
  discoverCatalog,
  latestByRef,
  nextState,
  readOk,
  readWritingAhead,
  sourceConfig,
  states,
} from '../helpers/sync.js';

describe('FQL v4: syncs that outlive their snapshot', () => {
  // Latency keeps a sync running while the test moves the clock at its checkpoints.
  const server = withEmulator({ latencyMs: 20 });

  /** A collection of history_days 0 (Fauna's default) with its [ts, ref] index, and `count` documents in id order. */
  const createDocuments = async (collection: string, count: number): Promise<string[]> => {
    const client = server.rootClient();
    await client.query(q.CreateCollection({ name: collection }));
    await client.query(
      q.CreateIndex({
        name: `${collection}_by_ts`,
        source: q.Collection(collection),
        terms: [],
        values: [{ field: 'ts' }, { field: 'ref' }],
      }),
    );
    const created = q.Map(
      Array.from({ length: count }, (_, i) => i),
      q.Lambda(
        'i',
        q.Select(['ref', 'id'], q.Create(q.Collection(collection), { data: { i: q.Var('i'), version: 1 } })),
      ),
    );
    return client.query<string[]>(created);
  };

  let paused: string[];
  let moving: string[];
  before(async () => {
    paused = await createDocuments('paused', 60);
    moving = await createDocuments('moving', 1000);
  });

  test('full refresh: a snapshot that aged out during the read goes on from the documents not read, at a new one', async () => {
    await fullRefreshPastRetention(
      server,
      sourceConfig(server.emulator(), { name: 'paused', page_size: 1 }, { max_concurrency: 2 }),
      paused,
      'v4 snapshot aged out during a full refresh',
    );
  });

  test('incremental with deletions: the scan moves to newer snapshots after the deletions up to them; every change arrives by the next sync', async () => {
    const config = sourceConfig(
      server.emulator(),
      {
        name: 'moving',
        index: 'moving_by_ts',
        page_size: 1,
        deletions: { deletion_mode: 'deleted_field', column: 'deleted_at' },
      },
      { max_concurrency: 1 },
    );
    const catalog = configuredCatalog(await discoverCatalog(config), 'incremental');
    // Two minutes per read of pages (the writes of the test take no time): without a move, the
    // snapshot would age out at the eighth.
    const stop = tickPerQuery(server, 'v4', 2 * MINUTE, (body) => body.includes('"paginate"'));
    const { result, recordsBeforeWrite, deleted } = await readWritingAhead(
      server,
      { config, catalog },
      'moving',
      moving,
    ).finally(stop);
    assert.equal(result.code, 0, result.stdout.slice(-2000));
    assert.ok(recordsBeforeWrite > 0 && recordsBeforeWrite < moving.length - 2, 'the writes happened mid-sync');
    const moves = logs(result, 'INFO', /^moving: moving the read from snapshot \d+ to snapshot \d+/);
    assert.ok(moves.length >= 1, 'the scan moved to a newer snapshot');
    assertDocumented(moves[0], 'v4 scan moved before its snapshot ages out');
    assert.deepEqual(logs(result, 'WARN', /./), [], 'no snapshot aged out, no deletion was too old');
    const scans = new Set(states(result).map((s) => s.stream.stream_state.updates_scan?.ts));
    assert.ok(scans.size >= 2, 'the checkpoints follow the scan to its newer snapshot');

    const next = await readOk({ config, catalog, state: nextState(result) });
    const latest = latestByRef(result, next);
    const live = await server
      .rootClient()
      .query<[string, number][]>(
        q.Select(
          'data',
          q.Map(
            q.Paginate(q.Documents(q.Collection('moving')), { size: 1000 }),
            q.Lambda('r', [q.Select('id', q.Var('r')), q.Select(['data', 'version'], q.Get(q.Var('r')))]),
          ),
        ),
      );
    assert.deepEqual(
      [...latest]
        .filter(([, record]) => record.deleted_at === undefined || record.deleted_at === null)
        .map(([ref, record]) => [ref, record.data?.version])
        .sort(),
      live.sort(),
      'the latest version of every document',
    );
    assert.ok(latest.get(deleted)?.deleted_at, 'the deletion');
    assert.equal(latest.get(moving[0]!)?.data?.version, 2, 'the update of a document read before it');
  });
});
