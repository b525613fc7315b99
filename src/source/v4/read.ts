// `read` in FQL v4 mode: the wing over core/sync.ts. Streams are the collections of the plan
// (with the index of each for incremental syncs); a full refresh reads id ranges at a snapshot, an
// incremental sync the index's entries and the collection's events since the saved cursors.
import { logMessage } from '../../airbyte/messages.js';
import type { MessageWriter } from '../../airbyte/writer.js';
import type { FaunaClient } from '../../fauna/v4/client.js';
import type { WireValue } from '../../fauna/wire.js';
import { isObject } from '../../airbyte/json-kind.js';
import { early, type Early } from '../core/early.js';
import type { SourceConfig } from '../config.js';
import { connect } from './connect.js';
import type { Reader } from '../core/sync.js';
import { stateOf, type StreamState } from './state.js';
import { openingsQuery, readFullRefresh } from './full-refresh.js';
import { readIncremental } from './incremental.js';
import { readMode } from './mode.js';
import { planStreams, planStreamsWith, type StreamPlan } from './plan.js';

interface Plan extends StreamPlan {
  /** The first answer of a full refresh without saved state, when it came with the plan. */
  opening: Early<WireValue> | undefined;
}

export function reader(config: SourceConfig, out: MessageWriter): Reader<FaunaClient, Plan, StreamState> {
  return {
    connect: (hooks) => connect(config.connection, out, hooks),
    close: (client) => client.close(),
    plan: async (client, configured, saved) => {
      const incremental = configured.some((stream) => stream.sync_mode === 'incremental');
      // The streams that start first send their first queries along with the plan's, a round trip
      // sooner and all in one (a database of a tree with small collections is read in it).
      const fresh = configured
        .filter((stream) => stream.sync_mode === 'full_refresh' && !saved.has(stream.stream.name))
        .slice(0, config.connection.maxConcurrency)
        .map(({ stream: { name } }) => name);
      const { plans, also } =
        fresh.length === 0
          ? { plans: await planStreams(client, config, incremental), also: undefined }
          : await planStreamsWith(client, config, incremental, openingsQuery(fresh, config.settings));
      // A collection missing from the answer (created meanwhile) has no opening: its stream sends its own query.
      const openings = isObject(also) ? also : {};
      return new Map(
        plans.map((plan) => {
          const opening = openings[plan.name];
          return [
            plan.name,
            { ...plan, opening: opening === undefined || opening === null ? undefined : early(opening) },
          ];
        }),
      );
    },
    initial: () => ({}),
    load: stateOf,
    read: async (frame, client, plan, configured, running) => {
      const context = { ...frame, client, collection: plan.name, opening: plan.opening };
      // Fauna answers reads of a collection the role may not read with empty pages: the readers
      // probe it with their first query (then call `running`), else the stream would "succeed"
      // with no records, and an overwrite destination lose its table.
      const read = readMode(configured.sync_mode, plan);
      if (read.mode === 'incremental') {
        await readIncremental(context, read.index, running);
      } else {
        if (read.warning !== undefined) await out.emit(logMessage('WARN', read.warning));
        await readFullRefresh(context, running);
      }
    },
  };
}
