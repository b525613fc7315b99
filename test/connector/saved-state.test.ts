// Saved stream states other than this version's own: those 0.2.0 wrote (one cursor per stream),
// what PyAirbyte adds to them, and contents that cannot mean anything, which fail the stream with
// a config_error saying how to recover instead of silently starting over.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { withEmulator } from '../helpers/emulator.js';
import { createCollection, createDocuments, q } from '../helpers/fixtures.js';
import {
  configuredCatalog,
  discoverCatalog,
  errors,
  read,
  readOk,
  records,
  refs,
  sourceConfig,
  states,
  statuses,
} from '../helpers/sync.js';

describe('saved states', () => {
  const server = withEmulator();
  let ids: string[];
  let snapshot: number;
  let late: string;
  let config: object;

  before(async () => {
    const client = server.rootClient();
    await createCollection(client, 'saved', 'saved_by_ts');
    ids = await createDocuments(
      client,
      'saved',
      Array.from({ length: 8 }, (_, i) => ({ i })),
    );
    snapshot = await client.query<number>(q.ToMicros(q.Now()));
    [late] = await createDocuments(client, 'saved', [{ late: true }]);
    config = sourceConfig(server.emulator(), {}, { max_concurrency: 3 });
  });

  const stateOf = (streamState: unknown, extra: object = {}): object[] => [
    { type: 'STREAM', stream: { stream_descriptor: { name: 'saved' }, stream_state: streamState }, ...extra },
  ];
  const sorted = (values: string[]): string[] => [...values].sort();

  async function sync(mode: 'full_refresh' | 'incremental', state: object[]): Promise<ReturnType<typeof read>> {
    return read({ config, catalog: configuredCatalog(await discoverCatalog(config), mode), state });
  }

  test('0.2.0: a full refresh in progress {ts, after} resumes in its snapshot from that document', async () => {
    // 0.2.0 saved the Fauna cursor of the next page: [<ref>] in wire JSON.
    const after = JSON.stringify([
      {
        '@ref': { id: ids[3], collection: { '@ref': { id: 'saved', collection: { '@ref': { id: 'collections' } } } } },
      },
    ]);
    const result = await sync('full_refresh', stateOf({ full_sync_cursor: { ts: snapshot, after } }));
    assert.equal(result.code, 0, result.stdout);
    assert.deepEqual(refs(records(result)), sorted(ids.slice(3)), 'from the cursor on, nothing after the snapshot');
    assert.deepEqual(states(result).at(-1).stream.stream_state, {});
  });

  test('0.2.0: an incremental cursor {ts, ref} continues after that document', async () => {
    const first = await readOk({ config, catalog: configuredCatalog(await discoverCatalog(config), 'incremental') });
    const cursorOf = (ref: string) => records(first).find((r) => r.data.ref === ref).data;
    const { ts } = cursorOf(ids[5]!);
    const result = await sync('incremental', stateOf({ updates_cursor: { ts, ref: ids[5] } }));
    assert.deepEqual(refs(records(result)), sorted([...ids.slice(6), late]));
  });

  test("PyAirbyte's additions: keys with null values and a float recordCount are accepted", async () => {
    const state = stateOf(
      {
        full_sync_cursor: null,
        updates_cursor: { ts: null, ref: null, after: null },
        remove_cursor: null,
        extra: null,
      },
      { sourceStats: { recordCount: 3.0 } },
    );
    const result = await sync('incremental', state);
    assert.equal(result.code, 0, result.stdout);
    assert.deepEqual(refs(records(result)), sorted([...ids, late]));
  });

  const broken: [string, unknown, RegExp][] = [
    [
      'a full_sync_cursor that is a string',
      { full_sync_cursor: 'x' },
      /full_sync_cursor should be an object, but it is "x"/,
    ],
    [
      'a ts that is a string',
      { full_sync_cursor: { ts: '1700000000000000' } },
      /full_sync_cursor\.ts should be an integer/,
    ],
    [
      'a range end that is not an id',
      { full_sync_cursor: { ts: 1, ranges: [{ from: '1', to: 'z' }] } },
      /full_sync_cursor\.ranges\[0\]\.to should be a document id/,
    ],
    [
      'an updates cursor ref that is a number',
      { updates_cursor: { ts: 1, ref: 5 } },
      /updates_cursor\.ref should be a document id/,
    ],
    [
      'an after cursor that is not JSON',
      { updates_cursor: { after: '[1,' } },
      /updates_cursor\.after should be a Fauna cursor/,
    ],
  ];
  for (const [what, streamState, message] of broken) {
    test(`${what}: config_error for that stream, saying to reset it; its state is kept`, async () => {
      const result = await sync('full_refresh', stateOf(streamState));
      assert.equal(result.code, 1);
      const [error, ...more] = errors(result);
      assert.equal(more.length, 0);
      assert.equal(error.failure_type, 'config_error');
      assert.match(error.message, /^The saved state of stream 'saved' cannot be resumed: /);
      assert.match(error.message, message);
      assert.match(error.message, /Reset the stream \(clear its state\)/);
      assert.deepEqual(statuses(result, 'saved'), ['STARTED', 'INCOMPLETE']);
      assert.equal(
        records(result).length + states(result).length,
        0,
        'no record, and no state replacing the saved one',
      );
    });
  }
});
