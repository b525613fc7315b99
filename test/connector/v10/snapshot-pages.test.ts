// FQL v10 reads of a collection larger than a page, as a running Fauna core answers them: one id
// range open at both ends (max_concurrency 1) is sent as `all()`, since the core refuses `all({})`.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Client } from 'fauna';
import { withEmulator } from '../../helpers/emulator.js';
import { configuredCatalog, discoverCatalog, readOk, records, refs } from '../../helpers/sync.js';
import { createV10Collection, fql, run, v10Client, v10Config } from './helpers.js';

describe('FQL v10: reads of several pages', () => {
  const server = withEmulator();
  let client: Client;
  const ids: string[] = [];

  before(async () => {
    client = v10Client(server);
    await createV10Collection(client, 'big');
    const created = await run(client, fql`Set.sequence(0, 7).toArray().map(i => big.create({ i: i }).id)`);
    ids.push(...(created as string[]));
  });
  after(() => client.close());

  test('one range (max_concurrency 1): every document once on the first sync', async () => {
    const config = v10Config(server, { name: 'big', page_size: 2 }, { max_concurrency: 1 });
    const catalog = configuredCatalog(await discoverCatalog(config), 'full_refresh');
    const result = await readOk({ config, catalog });
    assert.deepEqual(refs(records(result)), [...ids].sort());
  });
});
