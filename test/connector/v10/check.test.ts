// FQL v10 mode: check, discover and read with the guide's v10 role and key (the FQL of
// docs/fql-v10.md, run as printed), a role that may not read a collection (which v10 sets would
// hide), a bad secret, a state written by the other API, and the config rules of v10 mode.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { fql as rawFql, type Client } from 'fauna';
import { parseConfig } from '../../../src/source/config.js';
import { runCli, type CliResult } from '../../helpers/cli.js';
import { assertDocumented } from '../../helpers/documented.js';
import { withEmulator } from '../../helpers/emulator.js';
import {
  configuredCatalog,
  discoverCatalog,
  errors,
  read,
  records,
  sourceConfig,
  statuses,
} from '../../helpers/sync.js';
import { createV10Collection, fql, run, v10Client, v10Config } from './helpers.js';

const guide = readFileSync(new URL('../../../../docs/fql-v10.md', import.meta.url), 'utf8');
const blocks = [...guide.matchAll(/^```fql10\n([\s\S]*?)^```$/gm)].map(([, source]) => source!);

const status = (result: CliResult) => result.messages.find((m) => m.type === 'CONNECTION_STATUS')?.connectionStatus;

describe('FQL v10: check, permissions, states of the other API', () => {
  const server = withEmulator();
  let client: Client;
  let guideSecret: string;

  before(async () => {
    client = v10Client(server);
    await createV10Collection(client, 'orders');
    await createV10Collection(client, 'secrets');
    await run(client, fql`orders.create({ id: "1", total: 5 })`);
    await run(client, fql`secrets.create({ id: "1", code: "x" })`);
    // The guide's FQL, as printed: the role, its key, then more history for orders.
    for (const source of blocks) {
      const result = (await run(client, rawFql([source] as unknown as TemplateStringsArray))) as { secret?: string };
      if (typeof result?.secret === 'string') guideSecret = result.secret;
    }
  });
  after(() => client.close());

  test('the guide has the FQL of the role, the key and history_days, and a config the connector takes', () => {
    assert.equal(blocks.length, 3);
    assert.ok(guideSecret, 'the guide creates a key');
    const configs = [...guide.matchAll(/^```json config\n([\s\S]*?)^```$/gm)].map(([, text]) => JSON.parse(text!));
    assert.equal(configs.length, 1);
    assert.equal(parseConfig(configs[0]).fqlVersion, '10');
  });

  test("the guide's key: check names the collection it may not read, which v10 would hide", async () => {
    const result = await runCli(['check'], { config: v10Config(server, {}, { secret: guideSecret }) });
    assert.equal(status(result).status, 'FAILED');
    assert.match(status(result).message, /may not read the documents of collection 'secrets'/);
    assertDocumented(status(result).message, 'v10 check, a collection the role may not read');
    const single = await runCli(['check'], { config: v10Config(server, { name: 'orders' }, { secret: guideSecret }) });
    assert.deepEqual(status(single), { status: 'SUCCEEDED' });
    const history = await run(client, fql`orders.definition.history_days`);
    assert.equal(Number(history), 7, 'the guide raised history_days');
  });

  // The probe (the event source) comes with the plan in both modes (v10/read.ts).
  for (const mode of ['incremental', 'full_refresh'] as const) {
    test(`the guide's key, ${mode}: the readable collection syncs, the other fails alone with the documented message`, async () => {
      const config = v10Config(server, {}, { secret: guideSecret });
      const catalog = configuredCatalog(await discoverCatalog(config), mode);
      const result = await read({ config, catalog });
      assert.equal(result.code, 1);
      assert.deepEqual(
        records(result, 'orders').map((r) => r.data.ref),
        ['1'],
      );
      assert.equal(records(result, 'secrets').length, 0);
      assert.deepEqual(statuses(result, 'secrets'), ['STARTED', 'INCOMPLETE']);
      const [error] = errors(result);
      assert.equal(error.failure_type, 'config_error');
      assertDocumented(error.message, 'v10 read, a collection the role may not read');
    });
  }

  test('a bad secret: check says Unauthorized', async () => {
    const result = await runCli(['check'], { config: v10Config(server, {}, { secret: 'not-a-secret' }) });
    assert.deepEqual(status(result), { status: 'FAILED', message: 'Failed to connect to database: Unauthorized' });
  });

  test('single-collection mode: an unknown collection, and a v4 index, are refused with what to do', async () => {
    const unknown = await runCli(['check'], { config: v10Config(server, { name: 'nope' }) });
    assert.equal(status(unknown).status, 'FAILED');
    assertDocumented(status(unknown).message, 'v10 check, unknown collection');
    const index = await runCli(['check'], { config: v10Config(server, { name: 'orders', index: 'orders_by_ts' }) });
    assert.equal(status(index).status, 'FAILED');
    assert.match(status(index).message, /collection.index is an FQL v4 index/);
    assertDocumented(status(index).message, 'v10 config with a v4 index');
  });

  test('a state written by the other API fails the stream with a config_error that says to reset', async () => {
    const v10 = v10Config(server, { name: 'orders' });
    const v4 = sourceConfig(server.emulator(), { name: 'orders' });
    const stateOf = (streamState: object) => [
      { type: 'STREAM', stream: { stream_descriptor: { name: 'orders' }, stream_state: streamState } },
    ];
    const runs: [object, object, RegExp][] = [
      [v10, { updates_cursor: { ts: 1, ref: '1' } }, /written by the connector in FQL v4 mode/],
      [v4, { fql_version: '10', feed: { cursor: 'gsJ' } }, /written by the connector in FQL v10 mode/],
    ];
    for (const [config, state, message] of runs) {
      const catalog = configuredCatalog(await discoverCatalog(config), 'full_refresh');
      const result = await read({ config, catalog, state: stateOf(state) });
      assert.equal(result.code, 1);
      const [error] = errors(result);
      assert.equal(error.failure_type, 'config_error');
      assert.match(error.message, message);
      assertDocumented(error.message, 'a state of the other API');
      assert.equal(records(result).length, 0);
    }
  });
});
