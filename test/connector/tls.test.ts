// TLS to Fauna: a private CA made by the test, verification skipped on request, mutual TLS,
// against the local server speaking HTTPS, through the real CLI.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { CA_NAME, makeTestPki } from '../helpers/certs.js';
import type { CliResult } from '../helpers/cli.js';
import { checkStatus } from '../helpers/check.js';
import { withEmulator } from '../helpers/emulator.js';
import { createCollection, createDocuments } from '../helpers/fixtures.js';
import { configuredCatalog, discoverCatalog, readOk, records, sourceConfig } from '../helpers/sync.js';

const pki = makeTestPki();

const logs = (result: CliResult, level: string): string[] =>
  result.messages.filter((m) => m.type === 'LOG' && m.log.level === level).map((m) => m.log.message);

describe('TLS with a private CA', { concurrency: 4 }, () => {
  const server = withEmulator({ tls: { cert: pki.server.cert, key: pki.server.key } }, { ca: pki.ca.cert });
  const config = (tls?: object, collection: object = {}): object =>
    sourceConfig(server.emulator(), collection, { scheme: 'https', ...(tls && { tls }) });

  before(async () => {
    assert.match(server.url(), /^https:/);
    const client = server.rootClient();
    await createCollection(client, 'users', 'users_by_ts');
    await createDocuments(client, 'users', [{ name: 'ada' }, { name: 'grace' }, { name: 'edsger' }]);
  });

  test('the CA certificate field makes the certificate trusted: check, discover and read work over HTTPS', async () => {
    const tls = { ca_certificate: pki.ca.cert };
    assert.deepEqual((await checkStatus(config(tls))).status, { status: 'SUCCEEDED' });
    const catalog = await discoverCatalog(config(tls));
    const result = await readOk({ config: config(tls), catalog: configuredCatalog(catalog, 'incremental', ['users']) });
    assert.deepEqual(
      records(result, 'users')
        .map((r) => r.data.data.name)
        .sort(),
      ['ada', 'edsger', 'grace'],
    );
  });

  test('without the CA the certificate is refused, and the message names its issuer and the field to set', async () => {
    const { status } = await checkStatus(config());
    assert.equal(status.status, 'FAILED');
    assert.match(
      status.message ?? '',
      new RegExp(`not trusted: it was issued by ".*CN=${CA_NAME}.*" \\(UNABLE_TO_VERIFY_LEAF_SIGNATURE\\)`),
    );
    assert.match(status.message ?? '', /tls\.ca_certificate/);
  });

  test('another CA in the field does not make the certificate trusted', async () => {
    const { status } = await checkStatus(config({ ca_certificate: pki.strangerClient.cert }));
    assert.equal(status.status, 'FAILED');
    assert.match(status.message ?? '', /not trusted/);
  });

  test('skipping verification connects without the CA, and says so in a WARN log', async () => {
    const { result, status } = await checkStatus(config({ skip_certificate_verification: true }));
    assert.deepEqual(status, { status: 'SUCCEEDED' });
    assert.ok(
      logs(result, 'WARN').some((m) => /TLS certificate verification is OFF/.test(m)),
      result.stdout,
    );
    const verified = await checkStatus(config({ ca_certificate: pki.ca.cert, skip_certificate_verification: false }));
    assert.deepEqual(logs(verified.result, 'WARN'), []);
  });

  test('a CA field that is not PEM is a config problem naming the field', async () => {
    const { status } = await checkStatus(config({ ca_certificate: 'not a certificate' }));
    assert.equal(status.status, 'FAILED');
    assert.match(status.message ?? '', /^tls\.ca_certificate is not a PEM certificate/);
  });
});

describe('mutual TLS', { concurrency: 4 }, () => {
  const server = withEmulator(
    { tls: { cert: pki.server.cert, key: pki.server.key, clientCa: pki.ca.cert } },
    { ca: pki.ca.cert },
  );
  const config = (tls: object): object =>
    sourceConfig(server.emulator(), {}, { scheme: 'https', tls: { ca_certificate: pki.ca.cert, ...tls } });

  test('the right client certificate is accepted', async () => {
    const { status } = await checkStatus(config({ client_certificate: pki.client.cert, client_key: pki.client.key }));
    assert.deepEqual(status, { status: 'SUCCEEDED' });
  });

  test('without a client certificate the server refuses, and check says one is required', async () => {
    const { status } = await checkStatus(config({}));
    assert.equal(status.status, 'FAILED');
    assert.match(
      status.message ?? '',
      /refused the TLS client certificate .*it requires one: set tls\.client_certificate and tls\.client_key/,
    );
  });

  test('a client certificate of a CA the server does not trust is refused, and the key never shows', async () => {
    const { result, status } = await checkStatus(
      config({ client_certificate: pki.strangerClient.cert, client_key: pki.strangerClient.key }),
    );
    assert.equal(status.status, 'FAILED');
    assert.match(
      status.message ?? '',
      /refused the TLS client certificate .*check tls\.client_certificate and tls\.client_key/,
    );
    for (const line of pki.strangerClient.key.split('\n').filter((l) => l.length > 16)) {
      assert.ok(!result.stdout.includes(line) && !result.stderr.includes(line));
    }
  });

  test('a client certificate without its key is a config problem', async () => {
    const { status } = await checkStatus(config({ client_certificate: pki.client.cert }));
    assert.deepEqual(status, {
      status: 'FAILED',
      message: 'tls.client_certificate and tls.client_key go together: set both for mutual TLS, or neither',
    });
  });
});
