import net from 'node:net';
import http from 'node:http';
import http2 from 'node:http2';

/**
 * One TCP port for HTTP/1.1 and cleartext HTTP/2 with prior knowledge, as Fauna's core serves
 * them: faunadb-js talks h2c by default, while its fetch mode, the Python driver and curl talk
 * HTTP/1.1. Node's http2 server only negotiates HTTP/1.1 over TLS (ALPN), so a plain listener
 * peeks at the first bytes of each connection and hands it to the matching server.
 */

export type Request = http.IncomingMessage | http2.Http2ServerRequest;
export type Response = http.ServerResponse | http2.Http2ServerResponse;
export type Handler = (req: Request, res: Response) => void;

const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');

export interface DualServer {
  listen(port: number, host: string): Promise<number>;
  /** Stops listening and drops every open connection. */
  close(): Promise<void>;
}

/** Listens on host:port; resolves with the port (the one picked when 0). */
export function listen(server: net.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

// Reads until the bytes seen either diverge from the h2 preface or complete it, then puts them
// back for the chosen server to read.
function sniff(socket: net.Socket, route: (isHttp2: boolean) => void): void {
  let seen: Buffer = Buffer.alloc(0);
  const onData = (chunk: Buffer) => {
    seen = seen.length === 0 ? chunk : Buffer.concat([seen, chunk]);
    const n = Math.min(seen.length, PREFACE.length);
    const isHttp2 = seen.subarray(0, n).equals(PREFACE.subarray(0, n));
    if (isHttp2 && n < PREFACE.length) return;
    socket.removeListener('data', onData);
    socket.pause();
    socket.unshift(seen);
    route(isHttp2);
  };
  socket.on('data', onData);
}

export function createDualServer(handler: Handler): DualServer {
  // A long keep-alive: while large pages for other connections block the event loop, a client's
  // next request may sit unread past a short timeout, which would then reset it with the request
  // in flight (seen with 16 partitions asking for pages of 10,000 documents at once).
  const h1 = http.createServer({ keepAliveTimeout: 65_000 }, handler);
  const h2 = http2.createServer({}, handler);
  const sockets = new Set<net.Socket>();
  const sessions = new Set<http2.ServerHttp2Session>();
  h2.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
    // A reset or vanished client is routine here (the fault plan causes some); not a server error.
    session.on('error', () => {});
  });
  const listener = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.setNoDelay(true);
    sniff(socket, (isHttp2) => {
      if (isHttp2) {
        // The session reads the bytes put back on its next tick; resuming now would lose them.
        h2.emit('connection', socket);
      } else {
        h1.emit('connection', socket);
        socket.resume();
      }
    });
  });

  return {
    listen: (port, host) => listen(listener, port, host),
    close: () =>
      new Promise((resolve) => {
        listener.close(() => resolve());
        for (const session of sessions) session.destroy();
        for (const socket of sockets) socket.destroy();
      }),
  };
}
