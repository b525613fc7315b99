// A sync against a small server (2 queries at once, 429 above) completes with the same records
// as against an unlimited one, and never has more than its budget of queries in flight.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { withEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { q } from '../helpers/fixtures.js';
import type { RunningEmulator } from '../../emulator/index.js';
import { configuredCatalog, discoverCatalog, readOk, records, sourceConfig } from '../helpers/sync.js';

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
    run(
      q.CreateIndex({ name: `${name}_by_ts`, source: q.Collection(name), values: [{ field: 'ts' }, { field: 'ref' }] }),
    );
    const rows = Array.from({ length: DOCUMENTS }, (_, i) => [
      String(1000 + i * 7),
      { i, name: `${name}-${i}`, tags: [i % 3] },
    ]);
    run(
      q.Map(rows, q.Lambda(['id', 'data'], q.Create(q.Ref(q.Collection(name), q.Var('id')), { data: q.Var('data') }))),
    );
  }
}

interface Sync {
  /** The records without `ts`, which each server stamps itself, sorted. */
  records: unknown[];
  /** The connector's LOG messages. */
  logs: { level: string; message: string }[];
  /** Queries of the read answered 429 by the server. */
  throttled: number;
}

async function fullRefresh(server: RunningEmulator): Promise<Sync> {
  const config = sourceConfig(server, { page_size: 4 }, { max_concurrency: BUDGET, max_retries: 8 });
  const catalog = configuredCatalog(await discoverCatalog(config), 'full_refresh');
  const throttledBefore = server.queries.throttled;
  const result = await readOk({ config, catalog });
  const throttled = server.queries.throttled - throttledBefore;
  const stripped = records(result)
    .map(({ stream, data: { ts, ...rest } }) => {
      assert.equal(typeof ts, 'number');
      return { stream, ...rest };
    })
    .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  return { records: stripped, logs: result.messages.filter((m) => m.type === 'LOG').map((m) => m.log), throttled };
}

describe('a full refresh against a server limited to 2 queries in flight', () => {
  const small = withEmulator({ maxConcurrentQueries: 2, latencyMs: 5 });
  const unlimited = withEmulator({ latencyMs: 5 });

  test(`gives the same records as an unlimited server, with at most ${BUDGET} queries in flight`, async () => {
    load(small);
    load(unlimited);
    const expected = await fullRefresh(unlimited.emulator());
    assert.equal(expected.records.length, COLLECTIONS.length * DOCUMENTS);
    const limited = await fullRefresh(small.emulator());
    assert.deepEqual(limited.records, expected.records);
    const { queries } = small.emulator();
    assert.ok(queries.peakInFlight <= BUDGET, `the server saw ${queries.peakInFlight} queries in flight`);
    assert.equal(queries.inFlight, 0);
    // Every 429 of the read was retried and logged; any of them lowered the limit, at WARN.
    const { throttled } = limited;
    const retried = limited.logs.filter(
      (l) => l.level === 'WARN' && l.message.startsWith('Fauna query failed (429 too many requests)'),
    );
    assert.equal(retried.length, throttled);
    const lowered = limited.logs.filter(
      (l) =>
        l.level === 'WARN' &&
        /^Fauna queries in flight: limit \d+ -> \d+ of 16 \(429 too many requests\)$/.test(l.message),
    );
    assert.equal(
      lowered.length > 0,
      throttled > 0,
      `${throttled} answers 429, ${lowered.length} warnings of a lowered limit`,
    );
  });
});
