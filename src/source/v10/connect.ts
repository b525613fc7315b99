import type { MessageWriter } from '../../airbyte/writer.js';
import { FaunaClient } from '../../fauna/v10/client.js';
import type { ConnectionConfig, SourceConfig } from '../config.js';
import { connectClient } from '../connect.js';
import type { ClientHooks } from '../core/sync.js';
import { SetupError } from '../errors.js';
import { listCollections, type CollectionInfo } from './collections.js';

/** A v10 client for the config, through the SSH tunnel and TLS settings as the v4 one. */
export const connect = (connection: ConnectionConfig, out: MessageWriter, hooks?: ClientHooks): Promise<FaunaClient> =>
  connectClient(FaunaClient, connection, out, hooks);

/** The collections of the config: its one collection, or every collection the key can list (`listed`, when the caller listed them). */
export async function planCollections(
  client: FaunaClient,
  config: SourceConfig,
  listed?: CollectionInfo[],
): Promise<CollectionInfo[]> {
  const collections = listed ?? (await listCollections(client));
  if (config.single === undefined) return collections;
  const { collection } = config.single;
  const found = collections.find((info) => info.name === collection);
  if (found === undefined) {
    throw new SetupError(
      `Collection '${collection}' (collection.name) is not among the collections the key can list: check the ` +
        `name, and that the key's role may read Collection (privileges Collection { read } in FSL)`,
    );
  }
  return [found];
}
