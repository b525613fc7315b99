// `read` in FQL v10 mode: every configured stream, up to max_concurrency at once, as the v4 read
// does (a stream's own failure does not stop the others; a failure of the whole source ends the
// sync). Every collection reads incrementally from its event feed, so no stream falls back to a
// full read.
import type { ConfiguredAirbyteStream } from '../../airbyte/types.js';
import type { MessageWriter } from '../../airbyte/writer.js';
import type { FaunaV10Client } from '../../fauna/v10/client.js';
import { parseCatalog } from '../catalog.js';
import type { SourceConfig } from '../config.js';
import { RecordLines } from '../records.js';
import { parseInputState } from '../state.js';
import { runStream, runStreams, type StreamOutcome } from '../stream-run.js';
import { unknownSyncMode } from '../streams/mode.js';
import { Slots } from '../streams/paging.js';
import type { CollectionInfo } from './collections.js';
import { connectV10, planCollections } from './connect.js';
import { readIncremental } from './feed.js';
import { readSnapshot } from './snapshot.js';
import { emptyState, v10StateOf, type V10StreamState } from './state.js';
import { sourceToken, type V10Stream } from './stream.js';

interface Sync {
  client: FaunaV10Client;
  config: SourceConfig;
  out: MessageWriter;
  collections: Map<string, CollectionInfo>;
  states: Map<string, unknown>;
  pages: Slots;
}

export async function readV10(config: SourceConfig, catalogInput: unknown, stateInput: unknown, out: MessageWriter): Promise<number> {
  const catalog = parseCatalog(catalogInput);
  const states = parseInputState(stateInput);
  const client = await connectV10(config.connection, out);
  try {
    const collections = new Map((await planCollections(client, config)).map((info) => [info.name, info]));
    const concurrency = config.connection.maxConcurrency;
    const sync: Sync = { client, config, out, collections, states, pages: new Slots(concurrency) };
    return await runStreams(catalog.streams, concurrency, (configured) => readStream(configured, sync));
  } finally {
    await client.close();
  }
}

function readStream(configured: ConfiguredAirbyteStream, sync: Sync): Promise<StreamOutcome> {
  const { out, config } = sync;
  const { name } = configured.stream;
  const collection = sync.collections.get(name);
  return runStream<V10StreamState>(configured, out, {
    known: collection !== undefined,
    initial: emptyState(),
    load: () => v10StateOf(name, sync.states.get(name)),
    read: async (checkpoints, running) => {
      const stream: V10Stream = {
        client: sync.client,
        out,
        collection: collection!,
        settings: config.settings,
        lines: new RecordLines(name, config.settings, configured.stream.json_schema),
        checkpoints,
        concurrency: config.connection.maxConcurrency,
        slots: sync.pages,
      };
      if (configured.sync_mode === 'incremental') return readIncremental(stream, running);
      if (configured.sync_mode !== 'full_refresh') throw unknownSyncMode(name, configured.sync_mode);
      // The feed's token is the probe that the key may read the collection, which its pages would not tell.
      await sourceToken(stream);
      await running();
      // A feed position of earlier incremental syncs would not cover what this read leaves out.
      const { snapshot } = checkpoints.state;
      checkpoints.state = { ...emptyState(), ...(snapshot !== undefined && { snapshot }) };
      await readSnapshot(stream);
    },
  });
}
