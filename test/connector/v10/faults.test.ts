// FQL v10 mode under faults: with the local server answering 10% of /query/1 and /feed/1 requests
// with a fault (429, 503, connection resets, slow replies), a full refresh and two incremental
// syncs emit exactly the records of a fault-free server, each retry a LOG warning (the `fauna`
// driver would retry only query 429s); and a server that admits few queries at once (429 above
// the limit) makes the connector lower its queries in flight instead of failing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Client } from 'fauna';
import type { CliResult } from '../../helpers/cli.js';
import { withEmulator, type EmulatorHandle } from '../../helpers/emulator.js';
import { configuredCatalog, discoverCatalog, nextState, readOk, records } from '../../helpers/sync.js';
import { createV10Collection, DELETIONS, fql, run, v10Client, v10Config } from './helpers.js';

describe('FQL v10: syncs under faults', () => {
  const clean = withEmulator();
  const faulty = withEmulator({ faultRate: 0.1, faultSeed: 6 });
  const narrow = withEmulator({ maxConcurrentQueries: 2, latencyMs: 20 });
  const clients: Client[] = [];

  const lines = (result: CliResult): string[] =>
    records(result)
      .map((r) => JSON.stringify({ ...r.data, ts: 0 }))
      .sort();
  const warnings = (result: CliResult, pattern: RegExp): number =>
    result.messages.filter((m) => m.type === 'LOG' && m.log.level === 'WARN' && pattern.test(m.log.message)).length;

  /** Creates documents with the driver, each retried until the fault plan lets it through (a faulted request changes nothing). */
  async function load(server: EmulatorHandle, from: number, to: number): Promise<void> {
    const client = v10Client(server);
    clients.push(client);
    for (let i = from; i < to; i++)
      await retrying(() =>
        run(client, fql`things.create({ id: ${String(1000 + i)}, i: ${i}, label: ${`thing ${i}`} })`),
      );
  }

  async function retrying<T>(attempt: () => Promise<T>): Promise<T> {
    for (let tries = 1; ; tries++) {
      try {
        return await attempt();
      } catch (error) {
        if (tries === 20) throw error;
      }
    }
  }

  before(async () => {
    for (const server of [clean, faulty, narrow]) {
      const client = v10Client(server);
      clients.push(client);
      await retrying(() => createV10Collection(client, 'things'));
    }
    await load(clean, 0, 15);
    await load(faulty, 0, 15);
    await load(narrow, 0, 40);
  });
  after(() => {
    for (const client of clients) client.close();
  });

  test('a full refresh and two incremental syncs under faults emit exactly the fault-free records', async () => {
    const runs = await Promise.all(
      [clean, faulty].map(async (server) => {
        const config = v10Config(
          server,
          { page_size: 3, deletions: DELETIONS },
          { max_retries: 10, max_concurrency: 3 },
        );
        const discovered = await discoverCatalog(config);
        const full = await readOk({ config, catalog: configuredCatalog(discovered, 'full_refresh') });
        const incremental = configuredCatalog(discovered, 'incremental');
        const first = await readOk({ config, catalog: incremental });
        await load(server, 15, 20);
        const second = await readOk({ config, catalog: incremental, state: nextState(first) });
        return { full, first, second };
      }),
    );
    const [expected, actual] = runs as [(typeof runs)[0], (typeof runs)[0]];
    assert.equal(lines(expected.full).length, 15);
    assert.deepEqual(lines(actual.full), lines(expected.full));
    assert.deepEqual(lines(actual.first), lines(expected.first));
    assert.equal(lines(expected.second).length, 5);
    assert.deepEqual(lines(actual.second), lines(expected.second));
    const retries = [actual.full, actual.first, actual.second].reduce(
      (sum, result) => sum + warnings(result, /retry \d+ of/),
      0,
    );
    assert.ok(retries > 0, 'the faulty server made the connector retry');
  });

  test('a server that admits two queries at once: the connector lowers its queries in flight and reads everything', async () => {
    const config = v10Config(narrow, { page_size: 2 }, { max_retries: 10, max_concurrency: 8 });
    const result = await readOk({ config, catalog: configuredCatalog(await discoverCatalog(config), 'full_refresh') });
    assert.equal(records(result).length, 40);
    assert.ok(warnings(result, /Fauna queries in flight: limit 8 -> 4 of 8 \(429/) >= 1, 'the limit was halved on 429');
  });
});
