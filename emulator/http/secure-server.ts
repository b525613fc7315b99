import http2 from 'node:http2';
import type net from 'node:net';
import { listen, type DualServer, type Handler } from './server.js';

/** PEM contents of the server's certificate and key, and optionally the CA its clients must present a certificate of. */
export interface TlsSettings {
  cert: string;
  key: string;
  clientCa?: string;
}

/**
 * HTTPS on one port: HTTP/2 and HTTP/1.1 chosen by ALPN, as the core behind a TLS proxy serves
 * them. With `clientCa` the handshake fails for a client without a certificate issued by it (mTLS).
 */
export function createSecureServer(handler: Handler, tls: TlsSettings): DualServer {
  const server = http2.createSecureServer(
    {
      cert: tls.cert,
      key: tls.key,
      allowHTTP1: true,
      ...(tls.clientCa !== undefined && { ca: tls.clientCa, requestCert: true, rejectUnauthorized: true }),
    },
    handler,
  );
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.setNoDelay(true);
  });
  // A refused handshake (mTLS without a certificate) or a vanished client is the client's problem.
  server.on('tlsClientError', () => {});
  server.on('session', (session) => session.on('error', () => {}));

  return {
    listen: (port, host) => listen(server, port, host),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
