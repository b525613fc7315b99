// With the local server answering 10% of queries with a fault (429, 503, connection resets, slow
// replies), a full refresh and an incremental sync emit exactly the records of a fault-free run;
// every retry is a LOG warning.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { CliResult } from '../helpers/cli.js';
import { withEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { q } from '../helpers/fixtures.js';
import { configuredCatalog, discoverCatalog, nextState, readOk, records, sourceConfig } from '../helpers/sync.js';

describe('syncs under faults', () => {
  const clean = withEmulator();
  const faulty = withEmulator({ faultRate: 0.1, faultSeed: 3 });

  /** Runs a query on the engine itself, past the HTTP layer and its fault plan. */
  function direct(server: EmulatorHandle, expr: unknown): void {
    const response = server.emulator().engine.query({ secret: 'secret', body: JSON.stringify(expr) });
    assert.ok(response.status < 300, response.body);
  }

  function load(server: EmulatorHandle, from: number, to: number): void {
    for (let i = from; i < to; i++)
      direct(server, q.Create(q.Collection('things'), { data: { i, label: `thing ${i}` } }));
  }

  before(() => {
    for (const server of [clean, faulty]) {
      direct(server, q.CreateCollection({ name: 'things', history_days: null }));
      direct(
        server,
        q.CreateIndex({
          name: 'things_by_ts',
          source: q.Collection('things'),
          terms: [],
          values: [{ field: 'ts' }, { field: 'ref' }],
        }),
      );
      load(server, 0, 15);
    }
  });

  /** The records of a run, compared by content (the two servers give different refs and ts). */
  const contents = (result: CliResult): string[] =>
    records(result)
      .map((r) => JSON.stringify(r.data.data))
      .sort();
  const retries = (result: CliResult): number =>
    result.messages.filter((m) => m.type === 'LOG' && m.log.level === 'WARN' && /retry/.test(m.log.message)).length;

  test('a full refresh and two incremental syncs under faults emit exactly the fault-free records', async () => {
    const runs = await Promise.all(
      [clean, faulty].map(async (server) => {
        const config = sourceConfig(server.emulator(), { page_size: 3 }, { max_retries: 8 });
        const discovered = await discoverCatalog(config);
        const full = await readOk({ config, catalog: configuredCatalog(discovered, 'full_refresh') });
        const incrementalCatalog = configuredCatalog(discovered, 'incremental');
        const first = await readOk({ config, catalog: incrementalCatalog });
        load(server, 15, 20);
        const second = await readOk({ config, catalog: incrementalCatalog, state: nextState(first) });
        return { full, first, second };
      }),
    );
    const [expected, actual] = runs as [(typeof runs)[0], (typeof runs)[0]];
    assert.equal(contents(expected.full).length, 15);
    assert.equal(contents(expected.second).length, 5);
    for (const key of ['full', 'first', 'second'] as const)
      assert.deepEqual(contents(actual[key]), contents(expected[key]), key);
    assert.ok(
      retries(actual.full) + retries(actual.first) + retries(actual.second) > 0,
      'the fault plan hit some queries',
    );
    assert.equal(retries(expected.full), 0);
  });
});
