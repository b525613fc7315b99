// The SSH tunnel, through the real CLI: OpenSSH's sshd started by the test (key logins, host
// keys, forwarding refused) and an in-process ssh2 server (password logins), in front of the
// local server speaking TLS with a private CA, so the certificate is checked through the tunnel.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { makeTestPki } from '../helpers/certs.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { checkStatus } from '../helpers/check.js';
import { withEmulator } from '../helpers/emulator.js';
import { createCollection, q } from '../helpers/fixtures.js';
import {
  CLOSED_PORT,
  sshdUnavailable,
  sshKeyPair,
  startPasswordBastion,
  startSshd,
  type Bastion,
} from '../helpers/ssh.js';
import { configuredCatalog, discoverCatalog, errors, readOk, records, sourceConfig } from '../helpers/sync.js';

const pki = makeTestPki();
const keys = mkdtempSync(join(tmpdir(), 'source-fauna-ssh-keys-'));
const allowedKey = sshKeyPair(keys, 'allowed');
const otherKey = sshKeyPair(keys, 'other');
const DOCUMENTS = 3000;

const infoLogs = (result: CliResult): string[] =>
  result.messages.filter((m) => m.type === 'LOG' && m.log.level === 'INFO').map((m) => m.log.message);

function assertNoSecret(result: CliResult, secret: string): void {
  for (const piece of [
    secret,
    ...secret.split('\n').filter((line) => line.length >= 16 && !line.startsWith('-----')),
  ]) {
    assert.ok(!result.stdout.includes(piece) && !result.stderr.includes(piece), 'a secret shows in the output');
  }
}

describe('SSH tunnel', { concurrency: 2 }, () => {
  const server = withEmulator({ tls: { cert: pki.server.cert, key: pki.server.key } }, { ca: pki.ca.cert });
  let sshd: Bastion | undefined;
  let noForwarding: Bastion | undefined;
  let passwords: Bastion;
  const skip = sshdUnavailable();

  before(async () => {
    const client = server.rootClient();
    await createCollection(client, 'items', 'items_by_ts');
    for (let start = 0; start < DOCUMENTS; start += 500) {
      const batch = Array.from({ length: 500 }, (_, i) => ({
        i: start + i,
        name: `item ${start + i}`,
        tags: ['a', 'b'],
        at: q.Time('2024-01-02T03:04:05Z'),
      }));
      await client.query(q.Map(batch, q.Lambda('data', q.Create(q.Collection('items'), { data: q.Var('data') }))));
    }
    passwords = await startPasswordBastion('airbyte', 'correct horse battery staple');
    if (skip === undefined) {
      sshd = await startSshd(allowedKey.publicKey);
      noForwarding = await startSshd(allowedKey.publicKey, { allowTcpForwarding: false });
    }
  });
  after(async () => {
    await Promise.all([sshd?.stop(), noForwarding?.stop(), passwords?.stop()]);
  });

  const config = (tunnel: object, fauna: { port?: number } = {}): object =>
    sourceConfig(
      { host: '127.0.0.1', port: fauna.port ?? server.emulator().port },
      { page_size: 250 },
      { scheme: 'https', tls: { ca_certificate: pki.ca.cert }, tunnel_method: tunnel },
    );
  const keyAuth = (bastion: Bastion, extra: object = {}): object => ({
    tunnel_method: 'SSH_KEY_AUTH',
    tunnel_host: bastion.host,
    tunnel_port: bastion.port,
    tunnel_user: bastion.user,
    ssh_key: allowedKey.privateKey,
    ...extra,
  });

  test(
    'key authentication through sshd: check succeeds and logs the host key it accepted unchecked',
    { skip },
    async () => {
      const { result, status } = await checkStatus(config(keyAuth(sshd!)));
      assert.deepEqual(status, { status: 'SUCCEEDED' });
      assert.ok(
        infoLogs(result).some((m) =>
          /^SSH tunnel to 127\.0\.0\.1:\d+ through .+ \(host key SHA256:\S+ accepted unchecked/.test(m),
        ),
        result.stdout,
      );
      assertNoSecret(result, allowedKey.privateKey);
    },
  );

  test('the bastion host key is checked against known_hosts when given', { skip }, async () => {
    const pinned = await checkStatus(config(keyAuth(sshd!, { known_hosts: sshd!.knownHosts })));
    assert.deepEqual(pinned.status, { status: 'SUCCEEDED' });
    assert.ok(
      infoLogs(pinned.result).some((m) => /matches known_hosts/.test(m)),
      pinned.result.stdout,
    );
    const { status } = await checkStatus(config(keyAuth(sshd!, { known_hosts: passwords.knownHosts })));
    assert.equal(status.status, 'FAILED');
    assert.match(status.message ?? '', /presented host key SHA256:\S+, which is not in tunnel_method\.known_hosts/);
  });

  test('a key the bastion does not know: SSH authentication refused, and the key never shows', { skip }, async () => {
    const { result, status } = await checkStatus(config(keyAuth(sshd!, { ssh_key: otherKey.privateKey })));
    assert.equal(status.status, 'FAILED');
    assert.match(
      status.message ?? '',
      /The SSH bastion 127\.0\.0\.1:\d+ refused the login of user '.+' with the SSH key: check tunnel_method\.tunnel_user and ssh_key/,
    );
    assertNoSecret(result, otherKey.privateKey);
  });

  test('a closed bastion port: the bastion is unreachable', async () => {
    const closed = { ...passwords, port: CLOSED_PORT };
    const { status } = await checkStatus(config(keyAuth(closed)));
    assert.equal(status.status, 'FAILED');
    assert.match(
      status.message ?? '',
      /Cannot reach the SSH bastion at 127\.0\.0\.1:\d+ \(ECONNREFUSED\): check tunnel_method\.tunnel_host and tunnel_port/,
    );
  });

  test('Fauna unreachable from the bastion, and a bastion that forbids forwarding', { skip }, async () => {
    const { status } = await checkStatus(config(keyAuth(sshd!), { port: CLOSED_PORT }));
    assert.equal(status.status, 'FAILED');
    assert.match(
      status.message ?? '',
      /The SSH bastion 127\.0\.0\.1:\d+ cannot reach Fauna at 127\.0\.0\.1:\d+ \(.+\): check the domain and port as the bastion resolves them/,
    );
    const forbidden = await checkStatus(config(keyAuth(noForwarding!)));
    assert.equal(forbidden.status.status, 'FAILED');
    assert.match(
      forbidden.status.message ?? '',
      /refused to forward connections to Fauna at 127\.0\.0\.1:\d+ \(administratively prohibited\): .*AllowTcpForwarding yes/,
    );
  });

  test('password authentication (ssh2 server): accepted, and refused with a wrong password that never shows', async () => {
    const tunnel = (password: string): object => ({
      tunnel_method: 'SSH_PASSWORD_AUTH',
      tunnel_host: passwords.host,
      tunnel_port: passwords.port,
      tunnel_user: 'airbyte',
      tunnel_user_password: password,
    });
    assert.deepEqual((await checkStatus(config(tunnel('correct horse battery staple')))).status, {
      status: 'SUCCEEDED',
    });
    const { result, status } = await checkStatus(config(tunnel('wrong password 1234')));
    assert.equal(status.status, 'FAILED');
    assert.match(
      status.message ?? '',
      /refused the login of user 'airbyte' with the password: check tunnel_method\.tunnel_user and tunnel_user_password/,
    );
    assertNoSecret(result, 'wrong password 1234');
  });

  test(`a full read of ${DOCUMENTS} documents through the tunnel gives the records of a direct read`, async () => {
    const bastion = sshd ?? passwords;
    const tunnel = sshd
      ? keyAuth(sshd)
      : {
          tunnel_method: 'SSH_PASSWORD_AUTH',
          tunnel_host: passwords.host,
          tunnel_port: passwords.port,
          tunnel_user: 'airbyte',
          tunnel_user_password: 'correct horse battery staple',
        };
    const direct = config({ tunnel_method: 'NO_TUNNEL' });
    const tunnelled = config(tunnel);
    const catalog = configuredCatalog(await discoverCatalog(tunnelled), 'incremental', ['items']);
    const [viaTunnel, viaDirect] = await Promise.all([
      readOk({ config: tunnelled, catalog }),
      readOk({ config: direct, catalog }),
    ]);
    // Ranges are read concurrently: the same records, in whatever order the pages came back.
    const data = (result: CliResult) =>
      records(result, 'items')
        .map((r) => r.data)
        .sort((x, y) => (x.ref < y.ref ? -1 : 1));
    assert.equal(data(viaTunnel).length, DOCUMENTS, `through ${bastion.host}:${bastion.port}`);
    assert.deepEqual(data(viaTunnel), data(viaDirect));
    assert.deepEqual(errors(viaTunnel), []);
  });

  test('read fails with a config_error trace when the tunnel cannot open', async () => {
    const closed = { ...passwords, port: CLOSED_PORT };
    const result = await runCli(['read'], { config: config(keyAuth(closed)), catalog: { streams: [] } });
    assert.equal(result.code, 1);
    assert.equal(errors(result)[0]?.failure_type, 'config_error');
    assert.match(errors(result)[0]?.message ?? '', /Cannot reach the SSH bastion/);
  });
});
