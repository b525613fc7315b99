// RATE_LIMITED stream statuses through the real CLIs: `fauna-emulator --max-concurrent-queries 1`
// answers 429 with Retry-After: 1 above one query in flight (each taking 20 ms); the connector, reading the demo
// database with four, shows each running stream RUNNING with the reason RATE_LIMITED and its
// quota_reset (Retry-After after the 429), then RUNNING again once queries pass.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Message } from '../helpers/cli.js';
import { startDemoServer, type DemoServer } from '../helpers/demo-server.js';
import { assertValidMessage } from '../helpers/protocol.js';
import { configuredCatalog, discoverCatalog, readOk, records, sourceConfig } from '../helpers/sync.js';
import { PRODUCT_COUNT } from '../../emulator/demo-data.js';

describe('a sync against a server that answers 429', () => {
  let server: DemoServer;

  before(async () => {
    server = await startDemoServer(['--max-concurrent-queries', '1', '--latency-ms', '20']);
  });
  after(() => server?.stop());

  test('shows RUNNING with RATE_LIMITED and quota_reset, then RUNNING again', async () => {
    const config = (concurrency: number): object => ({
      ...sourceConfig(server, { page_size: 100 }, { max_concurrency: concurrency, max_retries: 8 }),
      secret: server.readOnlySecret,
    });
    // Discover one query at a time, which the server answers without 429.
    const catalog = configuredCatalog(await discoverCatalog(config(1)), 'full_refresh');
    const result = await readOk({ config: config(4), catalog });
    result.messages.forEach(assertValidMessage);
    assert.equal(records(result, 'products').length, PRODUCT_COUNT);
    const retried = result.messages.filter(
      (m: Message) => m.type === 'LOG' && m.log.message.startsWith('Fauna query failed (429'),
    );
    assert.ok(retried.length > 0, 'the server answered 429');

    const traces = result.messages
      .filter((m: Message) => m.type === 'TRACE' && m.trace.type === 'STREAM_STATUS')
      .map((m: Message) => ({ at: m.trace.emitted_at, ...m.trace.stream_status }));
    // products, the largest stream, ends last: the last query answered ends the rate limit.
    const products = traces.filter((t: Message) => t.stream_descriptor.name === 'products');
    assert.equal(products[0].status, 'STARTED');
    assert.equal(products.at(-1).status, 'COMPLETE');
    const limited = products.findIndex((t: Message) => t.reasons !== undefined);
    assert.ok(limited > 0, `products was shown rate limited: ${JSON.stringify(products)}`);
    for (const t of traces.filter((t: Message) => t.reasons !== undefined)) {
      assert.equal(t.status, 'RUNNING');
      assert.equal(t.reasons.length, 1);
      assert.equal(t.reasons[0].type, 'RATE_LIMITED');
      const wait = t.reasons[0].rate_limited.quota_reset - t.at;
      assert.ok(wait <= 1000, `quota_reset is at most Retry-After (1 s) after the status: ${wait} ms`);
    }
    const again = products.slice(limited + 1).find((t: Message) => t.status === 'RUNNING' && t.reasons === undefined);
    assert.ok(again, `products was shown RUNNING again: ${JSON.stringify(products)}`);
  });
});
