import { logMessage } from '../airbyte/messages.js';
import type { MessageWriter } from '../airbyte/writer.js';
import type { FaunaClientOptions } from '../fauna/layers.js';
import type { ConnectOptions } from '../fauna/tls.js';
import type { ConnectionConfig } from './config.js';
import type { ClientHooks } from './core/sync.js';

/** A client of either API (its class) for the config, the tunnel opened; `hooks` from a sync. */
export async function connectClient<Client>(
  Client: new (options: FaunaClientOptions) => Client,
  connection: ConnectionConfig,
  out: MessageWriter,
  hooks?: ClientHooks,
): Promise<Client> {
  return new Client(await clientOptions(connection, out, hooks));
}

/** The options of a client for the config (v4's FaunaClient or v10's), the tunnel opened; `hooks` from a sync. */
async function clientOptions(
  connection: ConnectionConfig,
  out: MessageWriter,
  hooks?: ClientHooks,
): Promise<FaunaClientOptions> {
  const { tls, tunnel: tunnelConfig } = connection;
  if (tls.skipVerify && connection.scheme === 'https') {
    await out.emit(
      logMessage(
        'WARN',
        'TLS certificate verification is OFF (tls.skip_certificate_verification): the connector ' +
          'accepts any certificate, so whoever sits on the network path can read your Fauna credentials and data. Set tls.ca_certificate instead',
      ),
    );
  }
  // ssh2 is loaded only for a tunnel: it would add a tenth of a second to every start.
  const tunnel =
    tunnelConfig &&
    (await (
      await import('../fauna/tunnel.js')
    ).openTunnel({ ...tunnelConfig, target: { host: connection.domain, port: connection.port } }));
  if (tunnel) {
    const { fingerprint, pinned } = tunnel.hostKey;
    await out.emit(
      logMessage(
        'INFO',
        `SSH tunnel to ${connection.domain}:${connection.port} through ${tunnelConfig!.user}@${tunnelConfig!.host}:${tunnelConfig!.port} ` +
          (pinned
            ? `(host key ${fingerprint} matches known_hosts)`
            : `(host key ${fingerprint} accepted unchecked: set known_hosts to pin it)`),
      ),
    );
  }
  const connect: ConnectOptions = {
    ...(tls.ca !== undefined && { ca: tls.ca }),
    ...(tls.cert !== undefined && { cert: tls.cert }),
    ...(tls.key !== undefined && { key: tls.key }),
    ...(tls.passphrase !== undefined && { passphrase: tls.passphrase }),
    ...(tls.skipVerify && { rejectUnauthorized: false }),
    ...(tunnel && { via: tunnel.local }),
  };
  return {
    domain: connection.domain,
    port: connection.port,
    scheme: connection.scheme,
    secret: connection.secret,
    timeoutMs: connection.timeoutMs,
    maxRetries: connection.maxRetries,
    maxConcurrency: connection.maxConcurrency,
    connect,
    ...(tunnel && { onClose: () => tunnel.close() }),
    ...hooks,
    onRetry: ({ attempt, delayMs, reason }) => {
      void out.emit(
        logMessage(
          'WARN',
          `Fauna query failed (${reason}); retry ${attempt} of ${connection.maxRetries} in ${delayMs} ms`,
        ),
      );
    },
    onConcurrencyChange: ({ limit, previous, max, reason }) => {
      void out.emit(
        logMessage(
          limit < previous ? 'WARN' : 'INFO',
          `Fauna queries in flight: limit ${previous} -> ${limit} of ${max} (${reason})`,
        ),
      );
    },
  };
}
