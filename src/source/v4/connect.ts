import type { MessageWriter } from '../../airbyte/writer.js';
import { FaunaClient } from '../../fauna/v4/client.js';
import type { ConnectionConfig } from '../config.js';
import { connectClient } from '../connect.js';
import type { ClientHooks } from '../core/sync.js';

/**
 * A Fauna client for the config, through the SSH tunnel if one is configured (opened here, closed
 * by the client's close()); each retry becomes a LOG warning (never with the secret).
 */
export const connect = (connection: ConnectionConfig, out: MessageWriter, hooks?: ClientHooks): Promise<FaunaClient> =>
  connectClient(FaunaClient, connection, out, hooks);
