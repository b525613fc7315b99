// Answers the local Fauna server never gives but a proxy or a broken server in front of Fauna
// can: HTML error pages, empty or truncated bodies. Each must end in a clear error, retried only
// when the status says the server is temporarily unable to answer.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaunaClient } from '../../src/fauna/v4/client.js';
import { TransportError } from '../../src/fauna/errors.js';
import { failureType } from '../../src/source/errors.js';
import * as q from '../../src/fauna/v4/query.js';

interface Canned {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

describe('FaunaClient facing a misbehaving proxy', () => {
  let replies: Canned[] = [];
  let server: Server;
  let port: number;
  const reasons: string[] = [];

  before(async () => {
    server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        const reply = replies.shift() ?? { status: 500, body: 'no reply left' };
        response.writeHead(reply.status, reply.headers ?? {});
        response.end(reply.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function query(canned: Canned[]): Promise<unknown> {
    replies = canned;
    reasons.length = 0;
    const client = new FaunaClient({
      domain: '127.0.0.1',
      port,
      scheme: 'http',
      secret: 's',
      maxRetries: 2,
      retryBaseDelayMs: 1,
      onRetry: (info) => reasons.push(info.reason),
    });
    try {
      return await client.query(q.Now());
    } catch (error) {
      return error;
    } finally {
      await client.close();
    }
  }

  test('a 502 HTML page is retried, then the real answer is returned', async () => {
    const answer = await query([
      { status: 502, body: '<html>Bad Gateway</html>', headers: { 'content-type': 'text/html' } },
      { status: 200, body: '{"resource":{"@ts":"2024-01-01T00:00:00Z"}}' },
    ]);
    assert.deepEqual(answer, { '@ts': '2024-01-01T00:00:00Z' });
    assert.deepEqual(reasons, ['502']);
  });

  test('a 200 that is not JSON is a clear error, not retried', async () => {
    const error = await query([{ status: 200, body: '<html>captive portal</html>' }]);
    assert.ok(error instanceof TransportError);
    assert.match(error.message, /answered 200 with a body that is not JSON/);
    assert.deepEqual(reasons, []);
  });

  test('a 200 with an empty body is retried, and exhausting retries is a transient error', async () => {
    const empty = { status: 200, body: '' };
    const error = await query([empty, empty, empty]);
    assert.deepEqual(reasons, ['empty body', 'empty body']);
    assert.equal(failureType(error), 'transient_error');
    assert.match((error as Error).message, /after 3 attempts.*empty body/);
  });

  test('a 401 without a Fauna error body is still a config error', async () => {
    const error = await query([{ status: 401, body: 'Unauthorized' }]);
    assert.equal(failureType(error), 'config_error');
    assert.deepEqual(reasons, []);
  });

  test('a JSON answer without a resource is a clear error', async () => {
    const error = await query([{ status: 200, body: '{"data":[]}' }]);
    assert.ok(error instanceof TransportError);
    assert.match(error.message, /without a resource/);
  });
});
