import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import faunadb from 'faunadb';
import { TRANSPORTS, withEmulator, type EmulatorHandle, type Transport } from '../../helpers/emulator.js';
import { bearer, rawRequest } from '../../helpers/raw-http.js';

type Outcome = number | 'reset';

async function outcome(emulator: EmulatorHandle, transport: Transport, body: string): Promise<Outcome> {
  try {
    return (await rawRequest(emulator.url(), transport, { headers: bearer('secret'), body })).status;
  } catch {
    return 'reset';
  }
}

async function sequence(emulator: EmulatorHandle, count: number): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (let i = 0; i < count; i++) outcomes.push(await outcome(emulator, 'http1', '"x"'));
  return outcomes;
}

describe('the fault plan', () => {
  const first = withEmulator({ faultRate: 0.5, faultSeed: 42 });
  const second = withEmulator({ faultRate: 0.5, faultSeed: 42 });
  const other = withEmulator({ faultRate: 0.5, faultSeed: 43 });

  test('is the same sequence for the same seed, and another for another seed', async () => {
    const a = await sequence(first, 24);
    assert.deepEqual(await sequence(second, 24), a);
    assert.notDeepEqual(await sequence(other, 24), a);
    assert.ok(a.some((o) => o !== 200) && a.some((o) => o === 200), `both faults and answers expected: ${a.join(' ')}`);
  });
});

describe('fault rates and kinds', () => {
  const emulator = withEmulator({ faultRate: 0.4, faultSeed: 7 });

  test('about the given share of queries fail, with 429, 503 and resets; ping is never faulted', async () => {
    const outcomes: Outcome[] = [];
    const total = 400;
    let issued = 0;
    const workers = Array.from({ length: 16 }, async () => {
      while (issued++ < total) outcomes.push(await outcome(emulator, 'http1', '"x"'));
    });
    await Promise.all(workers);
    const count = (o: Outcome) => outcomes.filter((x) => x === o).length;
    // 40% of requests are faulted and three of the four fault kinds fail the request.
    const failed = total - count(200);
    assert.ok(failed > total * 0.2 && failed < total * 0.4, `failed ${failed} of ${total}`);
    for (const kind of [429, 503, 'reset'] as const) assert.ok(count(kind) > total * 0.05, `${kind}: ${count(kind)}`);
    assert.equal(count(200) + count(429) + count(503) + count('reset'), total);

    for (let i = 0; i < 20; i++) {
      const ping = await rawRequest(emulator.url(), 'http1', { method: 'GET', path: '/ping' });
      assert.equal(ping.status, 200);
    }
  });

  test('429 says when to retry; faults carry Fauna error bodies', async () => {
    let seen = 0;
    for (let i = 0; i < 60 && seen < 2; i++) {
      const res = await rawRequest(emulator.url(), 'http1', { headers: bearer('secret'), body: '"x"' }).catch(
        () => undefined,
      );
      if (res?.status === 429) {
        assert.equal(res.headers['retry-after'], '1');
        assert.deepEqual(JSON.parse(res.text), {
          errors: [{ code: 'too many requests', description: 'Too many pending requests.' }],
        });
        seen |= 1;
      }
      if (res?.status === 503) {
        assert.deepEqual(JSON.parse(res.text), { errors: [{ code: 'time out', description: 'Read timed out' }] });
        seen |= 2;
      }
    }
  });

  for (const transport of TRANSPORTS) {
    test(`the driver sees Fauna's error classes and resets over ${transport}, and keeps working`, async () => {
      const client = emulator.client('secret', transport);
      const failures = new Set<string>();
      let answers = 0;
      for (let i = 0; i < 40; i++) {
        try {
          assert.equal(await client.query('x'), 'x');
          answers++;
        } catch (error) {
          if (error instanceof faunadb.errors.TooManyRequests) failures.add('429');
          else if (error instanceof faunadb.errors.UnavailableError) failures.add('503');
          else failures.add('reset');
        }
      }
      assert.deepEqual([...failures].sort(), ['429', '503', 'reset']);
      assert.ok(answers > 10, `answers: ${answers}`);
    });
  }
});

describe('a faulted request changes nothing', () => {
  const emulator = withEmulator({ faultRate: 0.5, faultSeed: 3 });

  test('only the answered creates exist afterwards', async () => {
    const { engine } = emulator.emulator();
    const direct = (body: string) =>
      JSON.parse(engine.query({ secret: 'secret', body }).body) as { resource: { data: unknown[] } };
    direct('{"create_collection":{"object":{"name":"faults"}}}');
    let created = 0;
    for (let i = 0; i < 40; i++) {
      const body = `{"create":{"collection":"faults"},"params":{"object":{"data":{"object":{"i":${i}}}}}}`;
      const result = await outcome(emulator, TRANSPORTS[i % 2]!, body);
      if (result === 201) created++;
      else assert.ok(result === 429 || result === 503 || result === 'reset', `unexpected ${result}`);
    }
    assert.ok(created > 0 && created < 40, `created ${created}`);
    const page = direct('{"paginate":{"documents":{"collection":"faults"}},"size":100}');
    assert.equal(page.resource.data.length, created);
  });
});

describe('latency', () => {
  const emulator = withEmulator({ latencyMs: 120 });

  test('is added to every request', async () => {
    for (const request of [
      { method: 'GET', path: '/ping' },
      { headers: bearer('secret'), body: '"x"' },
    ]) {
      const started = performance.now();
      await rawRequest(emulator.url(), 'http2', request);
      assert.ok(performance.now() - started >= 115, 'answered before the configured latency');
    }
  });
});
