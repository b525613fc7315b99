// What the tree wing needs of an API's wing (v4/tree.ts, v10/tree.ts): its reader of one
// database, the child databases a key lists, clients under scoped secrets, discover's streams.
import type { MessageWriter } from '../../airbyte/writer.js';
import type { SourceConfig } from '../config.js';
import type { Reader } from '../core/sync.js';
import type { FoundStream } from '../schema.js';

export interface TreeApi<Client, Plan, State extends object> {
  /** Reads one database: the wing's own reader, given that database's client. */
  reader: Reader<Client, Plan, State>;
  /**
   * The databases directly inside the client's, and for each whether it is known to have no child
   * database (then it is not listed in turn); an empty list for a key that is not admin. With
   * `schema`, the wing may also bring, from the same round trip, what its discoverStreams needs of
   * the client's database.
   */
  children(
    client: Client,
    schema?: boolean,
  ): Promise<{ children: { name: string; leaf: boolean }[]; schema?: unknown }>;
  /** A client on the same connections that sends `secret`. */
  withSecret(client: Client, secret: string): Client;
  /** `schema`: what the listing of the database brought (children's), if anything. */
  discoverStreams(client: Client, config: SourceConfig, schema?: unknown): Promise<FoundStream[]>;
}

/** Something done with the tree API of any wing. */
export type TreeUse<R> = <Client, Plan, State extends object>(api: TreeApi<Client, Plan, State>) => Promise<R>;

/** Runs `use` with the tree API of the config's fql_version (the wing imported lazily). */
export async function withTreeApi<R>(config: SourceConfig, out: MessageWriter, use: TreeUse<R>): Promise<R> {
  if (config.fqlVersion === '10') return use((await import('../v10/tree.js')).treeApi(config, out));
  return use((await import('../v4/tree.js')).treeApi(config, out));
}
