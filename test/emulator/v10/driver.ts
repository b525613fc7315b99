// The official v10 driver (`fauna`) against the local server, over either transport: its default
// NodeHTTP2Client talks h2c, its FetchClient HTTP/1.1 with a Content-Type.
import { Client, FetchClient, type ClientConfiguration } from 'fauna';
import type { EmulatorHandle, Transport } from '../../helpers/emulator.js';

export interface V10Clients {
  /** A v10 client with any secret (default: the root secret); closed by `close()`. */
  client(secret?: string, config?: Partial<ClientConfiguration>): Client;
  close(): void;
}

export function v10Clients(server: EmulatorHandle, transport: Transport): V10Clients {
  const clients: Client[] = [];
  return {
    client(secret = 'secret', config = {}) {
      const endpoint = new URL(server.url());
      const http =
        transport === 'http1'
          ? new FetchClient({
              url: endpoint.toString(),
              fetch_keepalive: false,
              http2_session_idle_ms: 0,
              http2_max_streams: 0,
            })
          : undefined;
      const client = new Client({ secret, endpoint, query_timeout_ms: 60_000, ...config }, http);
      clients.push(client);
      return client;
    },
    close() {
      for (const client of clients.splice(0)) client.close();
    },
  };
}

/** Moves the server's clock (transaction times and the wall clock of retention) forward. */
export function advanceClock(server: EmulatorHandle, micros: number): void {
  const clock = (server.emulator().engine as unknown as { state: { clock: { now(): number } } }).state.clock;
  const now = clock.now.bind(clock);
  clock.now = () => now() + micros;
}

/** POSTs a raw body to a v10 endpoint over HTTP/1.1: for exact wire bytes and malformed requests. */
export async function post(
  server: EmulatorHandle,
  path: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: any; text: string; headers: Headers }> {
  const res = await fetch(`${server.url()}${path}`, {
    method: 'POST',
    body,
    headers: { authorization: 'Bearer secret', 'x-format': 'tagged', ...headers },
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text, headers: res.headers };
}
