// The databases a sync of a tree reads: the tree listed, the patterns applied, and each kept
// database planned by its API's reader under its scoped server-readonly secret, as its streams
// reach it (window.ts), in either layout.
import { logMessage } from '../../airbyte/messages.js';
import type { ConfiguredAirbyteStream } from '../../airbyte/types.js';
import type { MessageWriter } from '../../airbyte/writer.js';
import type { SourceConfig } from '../config.js';
import type { ClientHooks } from '../core/sync.js';
import { isUnauthorized } from '../errors.js';
import type { TreeApi } from './api.js';
import { listTree } from './list.js';
import { keepPaths, pathName, scopedSecret } from './paths.js';

export interface PlannedDatabase<Client, Plan> {
  path: string;
  client: Client;
  /** The API reader's plan of this database: its streams by name. */
  plans: Map<string, Plan>;
}

/** What one database's plan is given: the configured streams it may read and their saved states, by name. */
export type DatabaseInputs = (path: string) => { configured: ConfiguredAirbyteStream[]; saved: Map<string, unknown> };

/** The paths of the tree that the patterns keep, in listing order. */
export async function keptPaths<Client, Plan, State extends object>(
  config: SourceConfig,
  out: MessageWriter,
  api: TreeApi<Client, Plan, State>,
  client: Client,
): Promise<string[]> {
  return keepPaths(await listTree(api, client, config.connection.secret, out), config.tree!);
}

/** The plan of one database under its scoped secret; undefined, with a WARN, for one deleted meanwhile. */
export async function planDatabase<Client, Plan, State extends object>(
  config: SourceConfig,
  out: MessageWriter,
  api: TreeApi<Client, Plan, State>,
  client: Client,
  path: string,
  inputs: DatabaseInputs,
): Promise<PlannedDatabase<Client, Plan> | undefined> {
  const scoped = api.withSecret(client, scopedSecret(config.connection.secret, path, 'server-readonly'));
  const { configured, saved } = inputs(path);
  try {
    return { path, client: scoped, plans: await api.reader.plan(scoped, configured, saved) };
  } catch (error) {
    if (!isUnauthorized(error)) throw error;
    await warn(out, `${pathName(path)} was deleted while the sync started: it is skipped`);
    return undefined;
  }
}

/** A tree reader's connection: the API reader's, under the key's own secret (scoped clients share it). */
export function keyConnection<Client, Plan, State extends object>(api: TreeApi<Client, Plan, State>) {
  return {
    connect: (hooks: ClientHooks) => api.reader.connect(hooks),
    close: (client: Client) => api.reader.close(client),
  };
}

/** check and discover have no stream statuses to show a rate limit in (as the API wings' own). */
export const NO_STREAM_HOOKS: ClientHooks = { onRateLimit: () => undefined };

export const warn = (out: MessageWriter, message: string): Promise<void> => out.emit(logMessage('WARN', message));
