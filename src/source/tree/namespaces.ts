// `read` of a database tree in the namespaces layout: a wing over core/sync.ts whose streams are
// (database, collection) pairs, the stream's namespace the database path (none for the key's own
// database). Each stream is one database's collection, read by its API's own reader under the
// database's scoped server-readonly secret, in that reader's state shape.
import { streamKey } from '../../airbyte/stream-key.js';
import type { MessageWriter } from '../../airbyte/writer.js';
import type { SourceConfig } from '../config.js';
import type { Reader } from '../core/sync.js';
import { isUnauthorized } from '../errors.js';
import type { TreeApi } from './api.js';
import { keyConnection, planDatabases, warn } from './databases.js';
import { pathName } from './paths.js';

/** A stream's database and the API reader's plan; `gone` when its database is no longer in the tree. */
type NamespacePlan<Client, Plan> = { path: string; client: Client; plan: Plan } | { path: string; gone: true };

/** The path of a stream's namespace: the key's own database has none. */
const pathOf = (namespace: string | null | undefined): string => (typeof namespace === 'string' ? namespace : '');

export function namespacesReader<Client, Plan, State extends object>(
  config: SourceConfig,
  out: MessageWriter,
  api: TreeApi<Client, Plan, State>,
): Reader<Client, NamespacePlan<Client, Plan>, State> {
  const { reader } = api;
  return {
    ...keyConnection(api),
    plan: async (client, configured, saved) => {
      const { kept, databases } = await planDatabases(config, out, api, client, (path) => {
        const mine = configured.filter(({ stream }) => pathOf(stream.namespace) === path);
        const states = new Map<string, unknown>();
        for (const { stream } of mine)
          if (saved.has(streamKey(stream))) states.set(stream.name, saved.get(streamKey(stream)));
        return { configured: mine, saved: states };
      });
      const streams = new Map<string, NamespacePlan<Client, Plan>>();
      for (const { path, client: scoped, plans } of databases) {
        for (const [name, plan] of plans) {
          streams.set(streamKey({ name, namespace: path === '' ? undefined : path }), { path, client: scoped, plan });
        }
      }
      // A database deleted (or left out) since discover ends its streams without failing the sync.
      for (const { stream } of configured) {
        const path = pathOf(stream.namespace);
        if (!kept.has(path)) streams.set(streamKey(stream), { path, gone: true });
      }
      return streams;
    },
    initial: () => reader.initial(),
    load: (name, saved) => reader.load(name, saved),
    read: async (frame, _client, plan, configured, running) => {
      if ('gone' in plan) {
        await warn(
          out,
          `${plan.path}.${frame.name}: ${pathName(plan.path)} is no longer in the tree (deleted, or left out by ` +
            `databases.include/exclude): nothing is read; run discover again to drop its streams`,
        );
        return;
      }
      try {
        await reader.read(frame, plan.client, plan.plan, configured, running);
      } catch (error) {
        if (!isUnauthorized(error)) throw error;
        await warn(
          out,
          `${plan.path}.${frame.name}: ${pathName(plan.path)} was deleted during the sync: its read stopped`,
        );
      }
    },
  };
}
