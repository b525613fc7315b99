// Documents written in one transaction share a ts: the [ts, ref] cursor must tell them apart.
// Across a page boundary, across the boundary of two syncs, and from every intermediate state,
// each creation and each deletion is emitted exactly once.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { CliResult, Message } from '../helpers/cli.js';
import { withEmulator } from '../helpers/emulator.js';
import { createCollection, createDocuments, q, remove } from '../helpers/fixtures.js';
import {
  assertStateMessages,
  configuredCatalog,
  discoverCatalog,
  nextState,
  readOk,
  records,
  refs,
  sourceConfig,
  states,
} from '../helpers/sync.js';

describe('documents sharing a ts', () => {
  const server = withEmulator();
  let config: object;
  let catalog: object;

  before(async () => {
    await createCollection(server.rootClient(), 'batch', 'batch_by_ts');
    config = sourceConfig(server.emulator(), {
      name: 'batch',
      index: 'batch_by_ts',
      deletions: { deletion_mode: 'deleted_field', column: 'deleted_at' },
    });
    catalog = configuredCatalog(await discoverCatalog(config), 'incremental');
  });

  /** Creates `count` documents in one transaction; returns their ids. */
  async function createInOneTransaction(count: number, tag: string): Promise<string[]> {
    const docs = await server.rootClient().query<{ ref: { id: string } }[]>(
      q.Map(
        Array.from({ length: count }, (_, i) => ({ tag, i })),
        q.Lambda('d', q.Create(q.Collection('batch'), { data: q.Var('d') })),
      ),
    );
    return docs.map((doc) => doc.ref.id);
  }

  function deleteInOneTransaction(ids: string[]): Promise<unknown> {
    return server.rootClient().query(q.Map(ids, q.Lambda('id', q.Delete(q.Ref(q.Collection('batch'), q.Var('id'))))));
  }

  /** Resumes from every intermediate state of `result`: each resumed read emits exactly the records after it. */
  async function assertEverySliceResumes(
    result: CliResult,
    inputs = { config, catalog },
    stream = 'batch',
  ): Promise<void> {
    const all = records(result);
    const checkpoints = states(result);
    assertStateMessages(result, [stream]);
    let covered = 0;
    for (const state of checkpoints.slice(0, -1)) {
      covered += state.sourceStats.recordCount;
      const resumed = await readOk({ ...inputs, state: [{ type: 'STREAM', stream: state.stream }] });
      // Ranges are read concurrently: the records after a state, in whatever order they come.
      assert.deepEqual(
        records(resumed).map(key).sort(),
        all.slice(covered).map(key).sort(),
        `resumed after ${covered} records`,
      );
      assertStateMessages(resumed, [stream]);
    }
  }

  const key = (record: Message): string =>
    `${record.data.ref}@${record.data.ts}${record.data.deleted_at ? ' deleted' : ''}`;

  test('creations and deletions of one transaction, across pages and syncs, from every intermediate state', async () => {
    const first = await createInOneTransaction(5, 'first');
    const sync1 = await readOk({ config, catalog });
    assert.deepEqual(refs(records(sync1)), [...first].sort());
    assert.equal(new Set(records(sync1).map((r) => r.data.ts)).size, 1, 'one transaction, one ts');
    // How many states the concurrent ranges add depends on timing; the first page's always falls inside the transaction.
    const inside = states(sync1)[0]!.sourceStats.recordCount;
    assert.ok(
      inside > 0 && inside < 5,
      `page size 2 over 5 documents: a state falls inside the transaction (first state after ${inside} records)`,
    );
    await assertEverySliceResumes(sync1);

    // Between syncs: a second batch in one transaction, three of the first batch deleted in one.
    const second = await createInOneTransaction(5, 'second');
    await deleteInOneTransaction(first.slice(0, 3));
    const state1 = nextState(sync1);
    const sync2 = await readOk({ config, catalog, state: state1 });
    const deletions = records(sync2).filter((r) => r.data.deleted_at !== undefined);
    const updates = records(sync2).filter((r) => r.data.deleted_at === undefined);
    assert.deepEqual(refs(deletions), first.slice(0, 3).sort());
    assert.deepEqual(refs(updates), [...second].sort());
    await assertEverySliceResumes(sync2);

    const sync3 = await readOk({ config, catalog, state: nextState(sync2, state1) });
    assert.equal(records(sync3).length, 0, 'nothing is emitted twice');
  });

  test('a document created and deleted between two syncs is reported deleted once', async () => {
    const sync1 = await readOk({ config, catalog });
    const [id] = await createDocuments(server.rootClient(), 'batch', [{ short: 'lived' }]);
    await remove(server.rootClient(), 'batch', id!);
    const sync2 = await readOk({ config, catalog, state: nextState(sync1) });
    assert.deepEqual(
      records(sync2).map((r) => [r.data.ref, Object.keys(r.data)]),
      [[id, ['ref', 'ts', 'deleted_at']]],
    );
    const sync3 = await readOk({ config, catalog, state: nextState(sync2, nextState(sync1)) });
    assert.equal(records(sync3).length, 0);
  });

  test('an index with an extra array value has several entries per document, across pages: each document is emitted once', async () => {
    const client = server.rootClient();
    await createCollection(client, 'tagged');
    await client.query(
      q.CreateIndex({
        name: 'tagged_by_ts',
        source: q.Collection('tagged'),
        terms: [],
        values: [{ field: 'ts' }, { field: 'ref' }, { field: ['data', 'tags'] }],
      }),
    );
    const ids = await createDocuments(client, 'tagged', [
      { tags: ['a', 'b', 'c'] },
      { tags: ['x'] },
      { tags: ['p', 'q'] },
    ]);
    const tagged = sourceConfig(server.emulator(), { name: 'tagged', index: 'tagged_by_ts' });
    const taggedCatalog = configuredCatalog(await discoverCatalog(tagged), 'incremental');
    const result = await readOk({ config: tagged, catalog: taggedCatalog });
    assert.deepEqual(refs(records(result)), [...ids].sort());
    await assertEverySliceResumes(result, { config: tagged, catalog: taggedCatalog }, 'tagged');
    const again = await readOk({ config: tagged, catalog: taggedCatalog, state: nextState(result) });
    assert.equal(records(again).length, 0);
  });
  test('a deletion at exactly the ts a saved cursor names is emitted: the scan asks for ts - 1, as the core reads a bare ts', async () => {
    const client = server.rootClient();
    await createCollection(client, 'pair', 'pair_by_ts');
    const [kept, gone] = await createDocuments(client, 'pair', [{ n: 1 }, { n: 2 }]);
    const updated = await client.query<{ ts: number }>(
      q.Do(
        q.Delete(q.Ref(q.Collection('pair'), gone!)),
        q.Update(q.Ref(q.Collection('pair'), kept!), { data: { n: 3 } }),
      ),
    );
    const pair = sourceConfig(server.emulator(), {
      name: 'pair',
      index: 'pair_by_ts',
      deletions: { deletion_mode: 'deleted_field', column: 'deleted_at' },
    });
    const pairCatalog = configuredCatalog(await discoverCatalog(pair), 'incremental');
    const saved = (cursors: object) => [
      { type: 'STREAM', stream: { stream_descriptor: { name: 'pair' }, stream_state: cursors } },
    ];
    const updatesCursor = { ts: updated.ts, ref: kept };
    // On the core a bare `after: T` is {ts: T, action: "add"}, past the removes at T: asking for T
    // would lose the deletion made in the transaction the cursor names.
    for (const cursors of [
      { updates_cursor: updatesCursor },
      { updates_cursor: updatesCursor, remove_cursor: { ts: updated.ts } },
    ]) {
      const result = await readOk({ config: pair, catalog: pairCatalog, state: saved(cursors) });
      assert.deepEqual(
        records(result).map((r) => [r.data.ref, r.data.deleted_at !== undefined]),
        [[gone, true]],
        JSON.stringify(cursors),
      );
    }
  });
});
