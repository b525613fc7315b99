import { logMessage } from '../airbyte/messages.js';
import type { MessageWriter } from '../airbyte/writer.js';
import { FaunaClient } from '../fauna/client.js';
import type { ConnectionConfig } from './config.js';

/** A Fauna client for the config; each retry becomes a LOG warning (never with the secret). */
export function connect(connection: ConnectionConfig, out: MessageWriter): FaunaClient {
  return new FaunaClient({
    domain: connection.domain,
    port: connection.port,
    scheme: connection.scheme,
    secret: connection.secret,
    timeoutMs: connection.timeoutMs,
    maxRetries: connection.maxRetries,
    maxConcurrency: connection.maxConcurrency,
    onRetry: ({ attempt, delayMs, reason }) => {
      void out.emit(logMessage('WARN', `Fauna query failed (${reason}); retry ${attempt} of ${connection.maxRetries} in ${delayMs} ms`));
    },
    onConcurrencyChange: ({ limit, previous, max, reason }) => {
      void out.emit(logMessage(limit < previous ? 'WARN' : 'INFO', `Fauna queries in flight: limit ${previous} -> ${limit} of ${max} (${reason})`));
    },
  });
}
