// `read` in FQL v4 mode: the wing over core/sync.ts. Streams are the collections of the plan
// (with the index of each for incremental syncs); a full refresh reads id ranges at a snapshot, an
// incremental sync the index's entries and the collection's events since the saved cursors.
import { logMessage } from '../../airbyte/messages.js';
import type { MessageWriter } from '../../airbyte/writer.js';
import type { FaunaClient } from '../../fauna/v4/client.js';
import type { SourceConfig } from '../config.js';
import { connect } from './connect.js';
import type { Reader } from '../core/sync.js';
import { stateOf, type StreamState } from './state.js';
import { openFullRefresh, readFullRefresh, type Opening } from './full-refresh.js';
import { readIncremental } from './incremental.js';
import { freshFullRefreshes } from '../core/mode.js';
import { readMode } from './mode.js';
import { planStreams, type StreamPlan } from './plan.js';

interface Plan extends StreamPlan {
  /** The first answer of a full refresh without saved state, asked for before the plan came. */
  opening: Opening | undefined;
}

export function reader(config: SourceConfig, out: MessageWriter): Reader<FaunaClient, Plan, StreamState> {
  return {
    connect: (hooks) => connect(config.connection, out, hooks),
    close: (client) => client.close(),
    plan: async (client, configured, saved) => {
      const incremental = configured.some((stream) => stream.sync_mode === 'incremental');
      const planned = planStreams(client, config, incremental);
      // The streams that start first send their first query along with the plan's, a round trip
      // sooner; its answer waits for the plan, so a failure of the plan (a wrong secret, an unknown
      // collection) is reported as before, and the early answer is dropped.
      const openings = new Map(
        freshFullRefreshes(configured, saved, config.connection.maxConcurrency).map((name) => [
          name,
          openFullRefresh(client, name, config.settings),
        ]),
      );
      return new Map((await planned).map((plan) => [plan.name, { ...plan, opening: openings.get(plan.name) }]));
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
