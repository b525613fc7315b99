import { errorTrace, streamStatus } from '../airbyte/messages.js';
import type { ConfiguredAirbyteStream, StreamDescriptor } from '../airbyte/types.js';
import type { MessageWriter } from '../airbyte/writer.js';
import type { FaunaClient } from '../fauna/client.js';
import { parseCatalog } from './catalog.js';
import { parseConfig, type SourceConfig } from './config.js';
import { connect } from './connect.js';
import { describeFailure, endsSync, SetupError } from './errors.js';
import { assertReadable } from './readable.js';
import { RecordLines } from './records.js';
import { parseInputState, StreamCheckpoints, type FaunaStreamState } from './state.js';
import type { StreamContext } from './streams/context.js';
import { readFullRefresh } from './streams/full-refresh.js';
import { readIncremental } from './streams/incremental.js';
import { planStreams, type StreamPlan } from './streams/plan.js';

type Outcome = 'complete' | 'failed' | 'fatal';

/**
 * `read`: the configured streams one after the other. A stream that fails for a reason of its
 * own (unknown stream, missing index, forbidden collection) does not stop the others; a failure
 * of the whole source (bad secret, server unreachable, a bug) does. Exit code 1 if any failed.
 */
export async function read(configInput: unknown, catalogInput: unknown, stateInput: unknown, out: MessageWriter): Promise<number> {
  const config = parseConfig(configInput);
  const catalog = parseCatalog(catalogInput);
  const states = parseInputState(stateInput);
  const client = connect(config.connection, out);
  try {
    const incremental = catalog.streams.some((stream) => stream.sync_mode === 'incremental');
    const plans = new Map((await planStreams(client, config, incremental)).map((plan) => [plan.name, plan]));
    let failed = false;
    for (const configured of catalog.streams) {
      const outcome = await readStream(configured, { client, config, out, plans, states });
      if (outcome !== 'complete') failed = true;
      if (outcome === 'fatal') break;
    }
    return failed ? 1 : 0;
  } finally {
    await client.close();
  }
}

interface Sync {
  client: FaunaClient;
  config: SourceConfig;
  out: MessageWriter;
  plans: Map<string, StreamPlan>;
  states: Map<string, FaunaStreamState>;
}

async function readStream(configured: ConfiguredAirbyteStream, sync: Sync): Promise<Outcome> {
  const { out, config } = sync;
  const { name, namespace } = configured.stream;
  // PyAirbyte sends `"namespace": null`; a descriptor carries a namespace only when it is one.
  const descriptor: StreamDescriptor = typeof namespace === 'string' ? { name, namespace } : { name };
  await out.emit(streamStatus(descriptor, 'STARTED'));
  const checkpoints = new StreamCheckpoints(descriptor, out, sync.states.get(name) ?? {});
  try {
    const plan = sync.plans.get(name);
    if (plan === undefined) {
      throw new SetupError(`Stream '${name}' is not a collection this source can read; run discover again and update the catalog`);
    }
    const context: StreamContext = {
      client: sync.client,
      out,
      collection: name,
      settings: config.settings,
      lines: new RecordLines(name, config.settings),
      checkpoints,
    };
    // Fauna answers reads of a collection the role may not read with empty pages: without this
    // probe the stream would "succeed" with no records, and an overwrite destination lose its table.
    await assertReadable(sync.client, name);
    await out.emit(streamStatus(descriptor, 'RUNNING'));
    if (configured.sync_mode === 'incremental') {
      if (plan.index === undefined) {
        throw new SetupError(`Stream '${name}' cannot sync incrementally: it has no index with source '${name}', `
          + 'no terms and values [ts, ref]; create one (see the user guide) or use full refresh');
      }
      await readIncremental(context, plan.index);
    } else if (configured.sync_mode === 'full_refresh') {
      await readFullRefresh(context);
    } else {
      throw new SetupError(`Stream '${name}' has an unknown sync_mode ${JSON.stringify(configured.sync_mode)}; `
        + 'use "full_refresh" or "incremental" in the configured catalog');
    }
    await checkpoints.checkpoint();
    await out.emit(streamStatus(descriptor, 'COMPLETE'));
    return 'complete';
  } catch (error) {
    // The progress made so far is kept: the next attempt resumes from it.
    if (sync.plans.has(name)) await checkpoints.checkpoint();
    await out.emit(streamStatus(descriptor, 'INCOMPLETE'));
    const failure = describeFailure(error);
    await out.emit(errorTrace({ ...failure, stream: descriptor }));
    return endsSync(error) ? 'fatal' : 'failed';
  }
}
