// The local server over TLS (`--tls-cert`, `--tls-key`, `--tls-client-ca`): HTTP/2 and HTTP/1.1
// chosen by ALPN on one port, the official driver over both, and client certificates required.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import tls from 'node:tls';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Agent } from 'undici';
import { makeTestPki } from '../../helpers/certs.js';

const BIN = fileURLToPath(new URL('../../../../bin/fauna-emulator.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const pki = makeTestPki();

/** Starts the CLI with the flags; resolves with its https URL and a stop function. */
async function serve(args: string[]): Promise<{ url: string; port: number; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [BIN, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let text = '';
  child.stdout!.setEncoding('utf8');
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: string) => {
      text += chunk;
      if (text.includes('\n')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`fauna-emulator exited with ${code}`)));
  });
  const match = /^fauna-emulator listening on (https:\/\/127\.0\.0\.1:(\d+))\n/.exec(text);
  assert.ok(match, `unexpected first line: ${text}`);
  return {
    url: match[1]!,
    port: Number(match[2]),
    stop: async () => {
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/** The ALPN protocol the server picks when offered only `protocol`. */
function negotiated(port: number, protocol: string): Promise<string | false | null> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, ca: pki.ca.cert, ALPNProtocols: [protocol] }, () => {
      resolve(socket.alpnProtocol);
      socket.destroy();
    });
    socket.on('error', reject);
  });
}

describe('fauna-emulator --tls-cert --tls-key', () => {
  let server: Awaited<ReturnType<typeof serve>>;
  before(async () => {
    server = await serve(['--tls-cert', pki.server.certFile, '--tls-key', pki.server.keyFile]);
  });
  after(() => server.stop());

  test('serves HTTP/2 and HTTP/1.1 over TLS on one port, chosen by ALPN', async () => {
    assert.equal(await negotiated(server.port, 'h2'), 'h2');
    assert.equal(await negotiated(server.port, 'http/1.1'), 'http/1.1');
  });

  test('the official driver works over HTTP/2 and over HTTP/1.1, trusting the private CA', () => {
    // The driver's HTTP/2 client takes no TLS options: the CA reaches it as Node's extra CA file, in a child process.
    const script = `
      import faunadb from 'faunadb';
      const q = faunadb.query;
      // Node.js 22+'s fetch refuses the driver's polyfilled abort signal: hand it a native one.
      const http1 = (url, { signal, ...init } = {}) => {
        if (!signal) return globalThis.fetch(url, init);
        const native = new AbortController();
        if (signal.aborted) native.abort(); else signal.addEventListener('abort', () => native.abort());
        return globalThis.fetch(url, { ...init, signal: native.signal });
      };
      const results = [];
      for (const fetch of [undefined, http1]) {
        const client = new faunadb.Client({ secret: 'secret', domain: '127.0.0.1', port: ${server.port}, scheme: 'https', ...(fetch && { fetch }) });
        const name = fetch ? 'over_http1' : 'over_http2';
        await client.query(q.CreateCollection({ name }));
        await client.query(q.Create(q.Collection(name), { data: { n: 1 } }));
        const page = await client.query(q.Paginate(q.Documents(q.Collection(name))));
        results.push([name, page.data.length]);
        await client.close();
      }
      console.log(JSON.stringify(results));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, NODE_EXTRA_CA_CERTS: pki.ca.certFile },
    });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), [
      ['over_http2', 1],
      ['over_http1', 1],
    ]);
  });

  test('a client that does not trust the CA is refused by its own TLS check', async () => {
    await assert.rejects(fetch(`${server.url}/ping`), (error: Error) =>
      /certificate/.test(String((error.cause as Error)?.message)),
    );
  });
});

describe('fauna-emulator --tls-client-ca', () => {
  let server: Awaited<ReturnType<typeof serve>>;
  before(async () => {
    server = await serve([
      '--tls-cert',
      pki.server.certFile,
      '--tls-key',
      pki.server.keyFile,
      '--tls-client-ca',
      pki.ca.certFile,
    ]);
  });
  after(() => server.stop());

  const ping = async (client?: { cert: string; key: string }): Promise<number> => {
    const dispatcher = new Agent({ connect: { ca: pki.ca.cert, ...client } });
    try {
      return (await fetch(`${server.url}/ping`, { dispatcher } as RequestInit)).status;
    } finally {
      await dispatcher.close();
    }
  };

  test('answers a client with a certificate of that CA, and refuses one without or with another', async () => {
    assert.equal(await ping({ cert: pki.client.cert, key: pki.client.key }), 200);
    await assert.rejects(ping());
    await assert.rejects(ping({ cert: pki.strangerClient.cert, key: pki.strangerClient.key }));
  });
});

test('TLS flags: a missing file, or a certificate without its key, print the usage and exit 2', () => {
  for (const args of [
    ['--tls-cert', '/nonexistent.pem', '--tls-key', pki.server.keyFile],
    ['--tls-cert', pki.server.certFile],
  ]) {
    const run = spawnSync(process.execPath, [BIN, '--port', '0', ...args], { encoding: 'utf8', timeout: 10_000 });
    assert.equal(run.status, 2, args.join(' '));
    assert.match(run.stderr, /^fauna-emulator: (cannot read --tls-cert|TLS needs both)[\s\S]*\nusage: fauna-emulator/);
  }
});
