// A sync against a small server (2 queries at once, 429 above) completes with the same records
// as against an unlimited one, and never has more than its budget of queries in flight.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { withEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { q } from '../helpers/fixtures.js';
import { configuredCatalog, discoverCatalog, readOk, records, sourceConfig, type ServerAddress } from '../helpers/sync.js';

const BUDGET = 16;
const COLLECTIONS = ['alpha', 'beta', 'gamma', 'delta'];
const DOCUMENTS = 25;

/** The same collections, custom ids and data on a server, written straight to its engine. */
function load(server: EmulatorHandle): void {
  const run = (expr: unknown) => {
    const answer = server.emulator().engine.query({ secret: 'secret', body: JSON.stringify(expr) });
    assert.ok(answer.status < 300, answer.body);
  };
  for (const name of COLLECTIONS) {
    run(q.CreateCollection({ name }));
    run(q.CreateIndex({ name: `${name}_by_ts`, source: q.Collection(name), values: [{ field: 'ts' }, { field: 'ref' }] }));
    const rows = Array.from({ length: DOCUMENTS }, (_, i) => [String(1000 + i * 7), { i, name: `${name}-${i}`, tags: [i % 3] }]);
    run(q.Map(rows, q.Lambda(['id', 'data'], q.Create(q.Ref(q.Collection(name), q.Var('id')), { data: q.Var('data') }))));
  }
}

/** A full refresh of every collection; the records without `ts`, which each server stamps itself. */
async function fullRefresh(server: ServerAddress): Promise<unknown[]> {
  const config = sourceConfig(server, { page_size: 4 }, { max_concurrency: BUDGET, max_retries: 8 });
  const catalog = configuredCatalog(await discoverCatalog(config), 'full_refresh');
  const result = await readOk({ config, catalog });
  return records(result)
    .map(({ stream, data: { ts, ...rest } }) => {
      assert.equal(typeof ts, 'number');
      return { stream, ...rest };
    })
    .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}

describe('a full refresh against a server limited to 2 queries in flight', () => {
  const small = withEmulator({ maxConcurrentQueries: 2, latencyMs: 5 });
  const unlimited = withEmulator({ latencyMs: 5 });

  test(`gives the same records as an unlimited server, with at most ${BUDGET} queries in flight`, async () => {
    load(small);
    load(unlimited);
    const expected = await fullRefresh(unlimited.emulator());
    assert.equal(expected.length, COLLECTIONS.length * DOCUMENTS);
    assert.deepEqual(await fullRefresh(small.emulator()), expected);
    const { queries } = small.emulator();
    assert.ok(queries.peakInFlight <= BUDGET, `the server saw ${queries.peakInFlight} queries in flight`);
    assert.equal(queries.inFlight, 0);
  });
});
