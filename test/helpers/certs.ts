// Certificates made at test time with openssl: a private CA, a server certificate for
// 127.0.0.1/localhost issued by it, a client certificate, and a client certificate of another CA.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Pem {
  cert: string;
  key: string;
  certFile: string;
  keyFile: string;
}

export interface TestPki {
  dir: string;
  ca: Pem;
  server: Pem;
  client: Pem;
  /** A client certificate from a CA the server does not trust. */
  strangerClient: Pem;
}

export const CA_NAME = 'source-fauna test CA';

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

function pem(dir: string, name: string): Pem {
  const certFile = join(dir, `${name}.crt`);
  const keyFile = join(dir, `${name}.key`);
  return { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8'), certFile, keyFile };
}

function selfSignedCa(dir: string, name: string, subject: string): void {
  openssl(dir, [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-days',
    '2',
    '-subj',
    subject,
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.crt`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
}

function issued(dir: string, name: string, ca: string, subject: string, extensions: string): void {
  writeFileSync(join(dir, `${name}.ext`), extensions);
  openssl(dir, [
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-subj',
    subject,
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.csr`,
  ]);
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    `${ca}.crt`,
    '-CAkey',
    `${ca}.key`,
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    `${name}.ext`,
    '-out',
    `${name}.crt`,
  ]);
}

/** A fresh PKI in a temporary folder (a few tens of milliseconds of openssl). */
export function makeTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'source-fauna-pki-'));
  selfSignedCa(dir, 'ca', `/O=source-fauna tests/CN=${CA_NAME}`);
  selfSignedCa(dir, 'stranger-ca', '/CN=some other CA');
  issued(
    dir,
    'server',
    'ca',
    '/CN=fauna.test',
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n',
  );
  issued(dir, 'client', 'ca', '/CN=airbyte', 'extendedKeyUsage=clientAuth\n');
  issued(dir, 'stranger-client', 'stranger-ca', '/CN=airbyte', 'extendedKeyUsage=clientAuth\n');
  return {
    dir,
    ca: pem(dir, 'ca'),
    server: pem(dir, 'server'),
    client: pem(dir, 'client'),
    strangerClient: pem(dir, 'stranger-client'),
  };
}
