// `read` in FQL v10 mode: the wing over core/sync.ts. Streams are the collections the key can
// list; every collection reads incrementally from its event feed, so no stream falls back to a
// full read.
import type { MessageWriter } from '../../airbyte/writer.js';
import type { FaunaClient } from '../../fauna/v10/client.js';
import type { SourceConfig } from '../config.js';
import { unfinishedArchive } from '../archive/live.js';
import { StateError } from '../core/checkpoints.js';
import { unknownSyncMode } from '../core/mode.js';
import type { Reader } from '../core/sync.js';
import { listWithExtras, type CollectionInfo } from './collections.js';
import { connect, planCollections } from './connect.js';
import { readIncremental } from './feed.js';
import { readSnapshot } from './snapshot.js';
import { emptyState, stateOf, type StreamState } from './state.js';
import { sourceToken, type Stream } from './stream.js';
import { firstPageSize } from '../core/paging.js';
import { MAX_PAGE } from './queries.js';

/** A stream's collection, and what the plan brought of it: its event source token, the start of its read, its id ends. */
type Plan = CollectionInfo & Partial<Pick<Stream, 'token' | 'opening' | 'ends'>>;

/** `tree`: the reader reads the databases of a tree (src/source/tree/), each stream's read one of many (Stream.tree). */
export function reader(
  config: SourceConfig,
  out: MessageWriter,
  { tree = false } = {},
): Reader<FaunaClient, Plan, StreamState> {
  let incremental = new Set<string>();
  return {
    connect: (hooks) => connect(config.connection, out, hooks),
    close: (client) => client.close(),
    plan: async (client, configured, saved) => {
      incremental = new Set(configured.filter((s) => s.sync_mode === 'incremental').map((s) => s.stream.name));
      // The event source of every stream (the probe that it is readable) comes with the plan, and
      // so does the first query of each of the first streams that start with a read of the whole
      // collection: a database whose collections are small is read in that round trip. An
      // incremental stream with a saved state gets the ids that bound its catch-up's ranges.
      const names = configured.map(({ stream }) => stream.name);
      const { collections, tokens, starts, ends } = await listWithExtras(
        client,
        {
          sources: names,
          starts: names.filter((name) => !saved.has(name)).slice(0, config.connection.maxConcurrency),
          ends: names.filter((name) => saved.has(name) && incremental.has(name)),
        },
        firstPageSize(config.settings, MAX_PAGE),
      );
      const plans = await planCollections(client, config, collections);
      return new Map(
        plans.map((info) => [
          info.name,
          { ...info, token: tokens.get(info.name), opening: starts.get(info.name), ends: ends.get(info.name) },
        ]),
      );
    },
    initial: emptyState,
    load: (name, saved) => {
      // A state of an export archive read (archive/state.ts) is taken over once the archive was read whole.
      const unfinished = incremental.has(name) ? unfinishedArchive(name, saved) : undefined;
      if (unfinished !== undefined) throw new StateError(unfinished);
      return stateOf(name, saved);
    },
    read: async (frame, client, collection, configured, running) => {
      const { token, opening, ends, ...info } = collection;
      const stream = { ...frame, client, collection: info, token, opening, ends, tree };
      if (configured.sync_mode === 'incremental') return readIncremental(stream, running);
      if (configured.sync_mode !== 'full_refresh') throw unknownSyncMode(frame.name, configured.sync_mode);
      // The feed's token is the probe that the key may read the collection, which its pages would not tell.
      await sourceToken(stream);
      await running();
      // A feed position of earlier incremental syncs would not cover what this read leaves out.
      const { snapshot } = frame.checkpoints.state;
      frame.checkpoints.state = { ...emptyState(), ...(snapshot !== undefined && { snapshot }) };
      await readSnapshot(stream);
    },
  };
}
