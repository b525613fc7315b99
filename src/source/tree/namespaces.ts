// `read` of a database tree in the namespaces layout: a wing over core/sync.ts whose streams are
// (database, collection) pairs, the stream's namespace the database path (none for the key's own
// database). Each stream is one database's collection, read by its API's own reader under the
// database's scoped server-readonly secret, in that reader's state shape. The databases are
// planned through window.ts, as the core starts their streams, as in the union layout.
import { streamKey } from '../../airbyte/stream-key.js';
import type { MessageWriter } from '../../airbyte/writer.js';
import type { SourceConfig } from '../config.js';
import { unknownStream } from '../core/run.js';
import type { Reader } from '../core/sync.js';
import { isUnauthorized } from '../errors.js';
import type { TreeApi } from './api.js';
import { keptPaths, keyConnection, planDatabase, warn } from './databases.js';
import { pathName } from './paths.js';
import { PlanWindow } from './window.js';

/**
 * A stream's database: its place in the window of the sync's databases, whose plan of the
 * database the stream takes as it starts; `gone` when its database is no longer in the tree.
 */
type NamespacePlan<Client, Plan> =
  { path: string; window: PlanWindow<Client, Plan>; index: number } | { path: string; gone: true };

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
      const kept = new Set(await keptPaths(config, out, api, client));
      // The kept databases in the order the core starts their streams (the catalog's), and how many streams each has.
      const indexes = new Map<string, number>();
      const streams: number[] = [];
      for (const { stream } of configured) {
        const path = pathOf(stream.namespace);
        if (!kept.has(path)) continue;
        const index = indexes.get(path) ?? indexes.size;
        indexes.set(path, index);
        streams[index] = (streams[index] ?? 0) + 1;
      }
      const inputs = (path: string) => {
        const mine = configured.filter(({ stream }) => pathOf(stream.namespace) === path);
        const states = new Map<string, unknown>();
        for (const { stream } of mine)
          if (saved.has(streamKey(stream))) states.set(stream.name, saved.get(streamKey(stream)));
        return { configured: mine, saved: states };
      };
      const window = new PlanWindow<Client, Plan>(
        [...indexes.keys()],
        streams,
        config.connection.maxConcurrency,
        (path) => planDatabase(config, out, api, client, path, inputs),
      );
      // A database deleted (or left out) since discover ends its streams without failing the sync.
      return new Map(
        configured.map(({ stream }) => {
          const path = pathOf(stream.namespace);
          const index = indexes.get(path);
          return [streamKey(stream), index === undefined ? { path, gone: true } : { path, window, index }];
        }),
      );
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
      const planned = await plan.window.take(plan.index, frame.name);
      if (planned === 'deleted') return;
      if (planned === undefined) throw unknownStream(frame.name);
      try {
        await reader.read(frame, planned.client, planned.plan, configured, running);
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
