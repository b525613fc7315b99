// `read` in FQL v10 mode: every configured stream, up to max_concurrency at once, as the v4 read
// does (a stream's own failure does not stop the others; a failure of the whole source ends the
// sync). Every collection reads incrementally from its event feed, so no stream falls back to a
// full read.
import { errorTrace, streamStatus } from '../../airbyte/messages.js';
import type { ConfiguredAirbyteStream, StreamDescriptor } from '../../airbyte/types.js';
import type { MessageWriter } from '../../airbyte/writer.js';
import type { FaunaV10Client } from '../../fauna/v10/client.js';
import { parseCatalog } from '../catalog.js';
import type { SourceConfig } from '../config.js';
import { describeFailure, endsSync, SetupError } from '../errors.js';
import { RecordLines } from '../records.js';
import { parseInputState, StreamCheckpoints } from '../state.js';
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
  halted: boolean;
}

export async function readV10(config: SourceConfig, catalogInput: unknown, stateInput: unknown, out: MessageWriter): Promise<number> {
  const catalog = parseCatalog(catalogInput);
  const states = parseInputState(stateInput);
  const client = await connectV10(config.connection, out);
  try {
    const collections = new Map((await planCollections(client, config)).map((info) => [info.name, info]));
    const sync: Sync = { client, config, out, collections, states, pages: new Slots(config.connection.maxConcurrency), halted: false };
    const slots = new Slots(config.connection.maxConcurrency);
    const complete = await Promise.all(catalog.streams.map((configured) => slots.with(async () => {
      if (sync.halted) return false;
      return readStream(configured, sync);
    })));
    return complete.every(Boolean) ? 0 : 1;
  } finally {
    await client.close();
  }
}

async function readStream(configured: ConfiguredAirbyteStream, sync: Sync): Promise<boolean> {
  const { out, config } = sync;
  const { name, namespace } = configured.stream;
  const descriptor: StreamDescriptor = typeof namespace === 'string' ? { name, namespace } : { name };
  await out.emit(streamStatus(descriptor, 'STARTED'));
  const checkpoints = new StreamCheckpoints<V10StreamState>(descriptor, out, emptyState());
  let stateLoaded = false;
  try {
    const collection = sync.collections.get(name);
    if (collection === undefined) {
      throw new SetupError(`Stream '${name}' is not a collection this source can read; run discover again and update the catalog`);
    }
    checkpoints.state = v10StateOf(name, sync.states.get(name));
    stateLoaded = true;
    const stream: V10Stream = {
      client: sync.client,
      out,
      collection,
      settings: config.settings,
      lines: new RecordLines(name, config.settings, configured.stream.json_schema),
      checkpoints,
      concurrency: config.connection.maxConcurrency,
      slots: sync.pages,
    };
    if (configured.sync_mode === 'incremental') {
      await readIncremental(stream, () => out.emit(streamStatus(descriptor, 'RUNNING')));
    } else if (configured.sync_mode === 'full_refresh') {
      // The feed's token is the probe that the key may read the collection.
      await sourceToken(stream);
      await out.emit(streamStatus(descriptor, 'RUNNING'));
      await readSnapshot(stream);
    } else {
      throw new SetupError(`Stream '${name}' has an unknown sync_mode ${JSON.stringify(configured.sync_mode)}; `
        + 'use "full_refresh" or "incremental" in the configured catalog');
    }
    await checkpoints.checkpoint();
    await out.emit(streamStatus(descriptor, 'COMPLETE'));
    return true;
  } catch (error) {
    // The progress made so far is kept: the next attempt resumes from it.
    if (stateLoaded) await checkpoints.checkpoint();
    await out.emit(streamStatus(descriptor, 'INCOMPLETE'));
    await out.emit(errorTrace({ ...describeFailure(error), stream: descriptor }));
    if (endsSync(error)) sync.halted = true;
    return false;
  }
}
