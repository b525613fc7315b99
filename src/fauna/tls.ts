// TLS and routing of the connections to Fauna: a private CA trusted next to the public ones, a
// client certificate (mTLS), and connections sent to a tunnel's local end while the certificate
// is still checked against Fauna's own name. Also turns handshake failures into messages that
// say who issued the certificate that was not trusted.
import net from 'node:net';
import tls from 'node:tls';
import { buildConnector, type Connector } from './undici.js';
import { TransportError } from './errors.js';

export interface ConnectOptions {
  /** PEM of CAs trusted in addition to the public ones Node ships. */
  ca?: string;
  /** PEM client certificate and key for mutual TLS, and the key's passphrase. */
  cert?: string;
  key?: string;
  passphrase?: string;
  /** false accepts any server certificate: verification skipped. */
  rejectUnauthorized?: boolean;
  /** Where TCP connections go instead of the origin's host and port (a tunnel's local end). */
  via?: { host: string; port: number };
}

// Node's codes for a chain that does not end at a trusted CA.
const UNTRUSTED = new Set([
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
]);
// The rest of OpenSSL's verification results, and Node's name check.
const INVALID = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_REJECTED',
  'INVALID_CA',
  'INVALID_PURPOSE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);
// Alerts a server sends when it wants a client certificate it did not get or does not accept.
const CLIENT_CERT_REFUSED =
  /^ERR_SSL_(SSLV3|TLSV1|TLSV13)_ALERT_(CERTIFICATE_REQUIRED|BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_UNKNOWN|UNSUPPORTED_CERTIFICATE|ACCESS_DENIED|HANDSHAKE_FAILURE)$/;

/** The undici connector for the origin: TLS options, and the detour through `via` if any. */
export function connector(origin: URL, options: ConnectOptions): Connector {
  const { via } = options;
  const base = buildConnector(secureOptions(origin, options));
  if (via === undefined) return base;
  // `host` (hence SNI) stays the origin's; only the address dialled changes.
  return (target, callback) => base({ ...target, hostname: via.host, port: String(via.port) }, callback);
}

/** A TransportError for a failed TLS handshake, or undefined when `code` is not one. */
export async function tlsFailure(
  code: string,
  detail: string,
  origin: URL,
  options: ConnectOptions,
): Promise<TransportError | undefined> {
  const at = `Fauna at ${origin.origin}`;
  if (UNTRUSTED.has(code)) {
    const issuer = await peerIssuer(origin, options);
    return new TransportError(
      `The TLS certificate of ${at} is not trusted: it was issued by ${issuer ?? 'an unknown CA'} (${code}). ` +
        "Put that CA's certificate (PEM) in tls.ca_certificate, or have the server send its full certificate chain",
      { reason: 'untrusted certificate', retryable: false },
    );
  }
  if (INVALID.has(code)) {
    return new TransportError(
      `The TLS certificate of ${at} is not valid: ${detail} (${code}). Check the domain, or renew the server's certificate`,
      {
        reason: 'invalid certificate',
        retryable: false,
      },
    );
  }
  // A server that refuses the client certificate after a TLS 1.3 handshake alerts on the next
  // read, which undici may only see as a closed connection: a fresh connection tells which.
  const refusal = CLIENT_CERT_REFUSED.test(code)
    ? code
    : DROPPED.has(code) && origin.protocol === 'https:'
      ? await handshakeRefusal(origin, options)
      : undefined;
  if (refusal === undefined) return undefined;
  const fix =
    options.cert === undefined
      ? 'it requires one: set tls.client_certificate and tls.client_key'
      : 'check tls.client_certificate and tls.client_key: the server must trust the CA that issued the certificate';
  const how =
    refusal === 'closed' ? 'closed every connection right after the TLS handshake, before any answer' : refusal;
  return new TransportError(`${at} refused the TLS client certificate (${how}): ${fix}`, {
    reason: 'client certificate refused',
    retryable: false,
  });
}

const DROPPED = new Set(['UND_ERR_SOCKET', 'ECONNRESET']);

/**
 * One request on a new TLS connection: the alert code if the server refused the client
 * certificate, 'closed' if it hung up after the handshake of a client that presented one
 * without answering, undefined if it answered (the first failure was something else).
 */
function handshakeRefusal(origin: URL, options: ConnectOptions): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = secureProbe(origin, options);
    let answered = false;
    const done = (outcome: string | undefined) => {
      socket.destroy();
      resolve(outcome);
    };
    socket.setTimeout(10_000, () => done(undefined));
    socket.on('secureConnect', () =>
      socket.write(`GET /ping HTTP/1.1\r\nhost: ${origin.host}\r\nconnection: close\r\n\r\n`),
    );
    socket.on('data', () => {
      answered = true;
    });
    socket.on('error', (error: Error & { code?: string }) =>
      done(error.code !== undefined && CLIENT_CERT_REFUSED.test(error.code) ? error.code : undefined),
    );
    socket.on('close', () => done(!answered && socket.authorized && options.cert !== undefined ? 'closed' : undefined));
  });
}

/** The issuer of the top certificate the server presents, e.g. "CN=Acme Root CA, O=Acme". */
function peerIssuer(origin: URL, options: ConnectOptions): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = secureProbe(origin, { ...options, rejectUnauthorized: false });
    const done = (issuer: string | undefined) => {
      socket.destroy();
      resolve(issuer);
    };
    socket.setTimeout(10_000, () => done(undefined));
    socket.on('error', () => done(undefined));
    socket.on('secureConnect', () => {
      let cert = socket.getPeerCertificate(true);
      while (cert.issuerCertificate !== undefined && cert.issuerCertificate !== cert) cert = cert.issuerCertificate;
      const names = Object.entries(cert.issuer ?? {}).map(([key, value]) => `${key}=${String(value)}`);
      done(names.length > 0 ? `"${names.join(', ')}"` : undefined);
    });
  });
}

/** A TLS connection to the origin (or through `via`) with the connector's own TLS options. */
function secureProbe(origin: URL, options: ConnectOptions): tls.TLSSocket {
  const host = hostOf(origin);
  return tls.connect({
    ...secureOptions(origin, options),
    host: options.via?.host ?? host,
    port: options.via?.port ?? Number(origin.port || 443),
    ...(net.isIP(host) === 0 && { servername: host }),
  });
}

function secureOptions(origin: URL, options: ConnectOptions): tls.ConnectionOptions {
  const { via: _via, ca, ...tlsOptions } = options;
  return {
    ...tlsOptions,
    // Node's `ca` replaces its bundled roots: keep them, the private CA is trusted in addition.
    ...(ca !== undefined && { ca: [...tls.rootCertificates, ca] }),
    // Through a tunnel the socket's peer is 127.0.0.1: the certificate must still name Fauna's host.
    checkServerIdentity: (_host, cert) => tls.checkServerIdentity(hostOf(origin), cert),
  };
}

function hostOf(origin: URL): string {
  return origin.hostname.replace(/^\[(.*)\]$/, '$1');
}
