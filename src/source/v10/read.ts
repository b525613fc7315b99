// `read` in FQL v10 mode: the wing over core/sync.ts. Streams are the collections the key can
// list; every collection reads incrementally from its event feed, so no stream falls back to a
// full read.
import type { MessageWriter } from '../../airbyte/writer.js';
import type { FaunaClient } from '../../fauna/v10/client.js';
import type { SourceConfig } from '../config.js';
import { freshFullRefreshes, unknownSyncMode } from '../core/mode.js';
import type { Reader } from '../core/sync.js';
import type { CollectionInfo } from './collections.js';
import { connect, planCollections } from './connect.js';
import { readIncremental } from './feed.js';
import { openFullRefresh, type Opening } from './opening.js';
import { readSnapshot } from './snapshot.js';
import { emptyState, stateOf, type StreamState } from './state.js';
import { sourceToken } from './stream.js';

export interface CollectionPlan {
  collection: CollectionInfo;
  /** The first queries of a full refresh without saved state, sent before the plan came. */
  opening?: Opening | undefined;
}

export function reader(config: SourceConfig, out: MessageWriter): Reader<FaunaClient, CollectionPlan, StreamState> {
  return {
    connect: (hooks) => connect(config.connection, out, hooks),
    close: (client) => client.close(),
    plan: async (client, configured, saved) => {
      const planned = planCollections(client, config);
      const openings = new Map(
        freshFullRefreshes(configured, saved, config.connection.maxConcurrency).map((name) => [
          name,
          openFullRefresh(client, name, config.settings),
        ]),
      );
      return new Map(
        (await planned).map((collection) => [collection.name, { collection, opening: openings.get(collection.name) }]),
      );
    },
    initial: emptyState,
    load: stateOf,
    read: async (frame, client, { collection, opening }, configured, running) => {
      const stream = { ...frame, client, collection };
      if (configured.sync_mode === 'incremental') return readIncremental(stream, running);
      if (configured.sync_mode !== 'full_refresh') throw unknownSyncMode(frame.name, configured.sync_mode);
      // The feed's token is the probe that the key may read the collection, which its pages would not tell.
      await sourceToken(stream, opening?.source);
      await running();
      // A feed position of earlier incremental syncs would not cover what this read leaves out.
      const { snapshot } = frame.checkpoints.state;
      frame.checkpoints.state = { ...emptyState(), ...(snapshot !== undefined && { snapshot }) };
      await readSnapshot(stream, opening?.start);
    },
  };
}
