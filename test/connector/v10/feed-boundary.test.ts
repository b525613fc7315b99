// FQL v10 feeds at their boundary: a feed position at time T (start_ts T, or the cursor that ends a
// poll read at T) excludes only the first event of a transaction at T, as on the core. The other
// documents that transaction wrote were read already (by the full read at T, or by that poll):
// each is emitted once, never again from the next poll.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Client } from 'fauna';
import { encodeCursor } from '../../../emulator/v10/feed/cursor.js';
import { withEmulator } from '../../helpers/emulator.js';
import { configuredCatalog, discoverCatalog, readOk, records, refs, states } from '../../helpers/sync.js';
import { createV10Collection, fql, v10Client, v10Config } from './helpers.js';

describe('FQL v10: events at a feed boundary', () => {
  const server = withEmulator();
  let client: Client;
  let catalog: object;
  let config: object;
  let boundary: number;
  let later: string;

  const stateAt = (feed: object) => [
    { type: 'STREAM', stream: { stream_descriptor: { name: 'edge' }, stream_state: { fql_version: '10', feed } } },
  ];

  before(async () => {
    client = v10Client(server);
    await createV10Collection(client, 'edge');
    // One transaction writes three documents at time `boundary`: three events at the same time.
    boundary = (await client.query(fql`Set.sequence(0, 3).forEach(i => edge.create({ i: i }))`)).txn_ts!;
    later = (await client.query<string>(fql`edge.create({ i: 3 }).id`)).data;
    config = v10Config(server, { name: 'edge' });
    catalog = configuredCatalog(await discoverCatalog(config), 'incremental');
  });
  after(() => client.close());

  test('from start_ts T (a full read at T): none of the events at T, the later one once', async () => {
    const result = await readOk({ config, catalog, state: stateAt({ start_ts: boundary }) });
    assert.deepEqual(refs(records(result)), [later]);
    const saved = states(result).at(-1).stream.stream_state.feed;
    assert.ok(
      saved.parts.some((part: { through_ts: number }) => part.through_ts > boundary),
      'the state says which events the cursor that ends the poll may repeat',
    );
  });

  test('from the cursor that ends a poll at T: none of the events at T again', async () => {
    const feed = { cursor: encodeCursor({ ts: boundary, ord: 0 }), through_ts: boundary };
    const result = await readOk({ config, catalog, state: stateAt(feed) });
    assert.deepEqual(refs(records(result)), [later]);
  });
});
