// The tunnel under the concurrency of a read: many connections at once through one SSH
// connection, each a channel of its own, and a clean close.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Pool } from 'undici';
import { FaunaClient } from '../../src/fauna/v4/client.js';
import { openTunnel, type Tunnel } from '../../src/fauna/tunnel.js';
import { withEmulator } from '../helpers/emulator.js';
import { startPasswordBastion, type Bastion } from '../helpers/ssh.js';

// The server's latency keeps each request on its connection while the others open: all 64 are in flight together.
const server = withEmulator({ latencyMs: 100 });
let bastion: Bastion;
before(async () => {
  bastion = await startPasswordBastion('airbyte', 'pw-for-tests');
});
after(() => bastion.stop());

const open = (): Promise<Tunnel> =>
  openTunnel({
    host: bastion.host,
    port: bastion.port,
    user: 'airbyte',
    auth: { password: 'pw-for-tests' },
    knownHosts: '',
    target: { host: '127.0.0.1', port: server.emulator().port },
  });

test('64 connections in flight at once through the tunnel each get their answer', async () => {
  const tunnel = await open();
  const pool = new Pool(`http://127.0.0.1:${tunnel.local.port}`, { connections: 64, pipelining: 1 });
  try {
    const answers = await Promise.all(
      Array.from({ length: 64 }, async (_, i) => {
        const response = await pool.request({
          path: '/',
          method: 'POST',
          headers: { authorization: 'Bearer secret' },
          body: JSON.stringify({ add: [i, 1] }),
        });
        return JSON.parse(await response.body.text()).resource as number;
      }),
    );
    assert.deepEqual(
      answers,
      Array.from({ length: 64 }, (_, i) => i + 1),
    );
  } finally {
    await pool.close();
    await tunnel.close();
  }
});

test('the client closes its tunnel: close() resolves and the local end stops listening', async () => {
  const tunnel = await open();
  const client = new FaunaClient({
    domain: '127.0.0.1',
    port: server.emulator().port,
    scheme: 'http',
    secret: 'secret',
    maxRetries: 0,
    connect: { via: tunnel.local },
    onClose: () => tunnel.close(),
  });
  assert.equal(await client.query({ add: [2, 3] } as never), 5);
  await client.close();
  const probe = new Pool(`http://127.0.0.1:${tunnel.local.port}`);
  await assert.rejects(probe.request({ path: '/ping', method: 'GET' }), /ECONNREFUSED/);
  await probe.close();
});
