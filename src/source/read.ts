import { logMessage } from '../airbyte/messages.js';
import type { ConfiguredAirbyteStream } from '../airbyte/types.js';
import type { MessageWriter } from '../airbyte/writer.js';
import type { FaunaClient } from '../fauna/client.js';
import { parseCatalog } from './catalog.js';
import { parseConfig, type SourceConfig } from './config.js';
import { connect } from './connect.js';
import { RecordLines } from './records.js';
import { parseInputState, streamStateOf } from './state.js';
import { runStream, runStreams, type StreamOutcome } from './stream-run.js';
import type { StreamContext } from './streams/context.js';
import { openFullRefresh, readFullRefresh, type Opening } from './streams/full-refresh.js';
import { readIncremental } from './streams/incremental.js';
import { readMode } from './streams/mode.js';
import { Slots } from './streams/paging.js';
import { planStreams, type StreamPlan } from './streams/plan.js';
import { Serial } from './streams/ranges.js';

/**
 * `read`: the configured streams, up to max_concurrency of them at once, their messages
 * interleaved. A stream that fails for a reason of its own (unknown stream, missing index,
 * forbidden collection, unusable state) does not stop the others; a failure of the whole source
 * (bad secret, server unreachable, a bug) lets the streams already running end and starts no
 * other. Exit code 1 if any failed.
 */
export async function read(configInput: unknown, catalogInput: unknown, stateInput: unknown, out: MessageWriter): Promise<number> {
  const config = parseConfig(configInput);
  if (config.fqlVersion === '10') return (await import('./v10/read.js')).readV10(config, catalogInput, stateInput, out);
  const catalog = parseCatalog(catalogInput);
  const states = parseInputState(stateInput);
  const client = await connect(config.connection, out);
  try {
    const incremental = catalog.streams.some((stream) => stream.sync_mode === 'incremental');
    const concurrency = config.connection.maxConcurrency;
    const planned = planStreams(client, config, incremental);
    // The streams that start first send their first query along with the plan's, a round trip
    // sooner; its answer waits for the plan, so a failure of the plan (a wrong secret, an unknown
    // collection) is reported as before, and the early answer is dropped.
    const fresh = catalog.streams.filter((configured) => configured.sync_mode === 'full_refresh' && !states.has(configured.stream.name));
    const openings = new Map(fresh.slice(0, concurrency).map(({ stream: { name } }) => [name, openFullRefresh(client, name, config.settings.pageSize)]));
    const plans = new Map((await planned).map((plan) => [plan.name, plan]));
    const sync: Sync = { client, config, out, plans, states, openings, pages: new Slots(concurrency) };
    return await runStreams(catalog.streams, concurrency, (configured) => readStream(configured, sync));
  } finally {
    await client.close();
  }
}

interface Sync {
  client: FaunaClient;
  config: SourceConfig;
  out: MessageWriter;
  plans: Map<string, StreamPlan>;
  /** Raw saved state by stream name, checked when the stream is read. */
  states: Map<string, unknown>;
  /** The first answer of a full refresh without saved state, asked for before the plan came. */
  openings: Map<string, Opening>;
  pages: Slots;
}

function readStream(configured: ConfiguredAirbyteStream, sync: Sync): Promise<StreamOutcome> {
  const { out, config } = sync;
  const { name } = configured.stream;
  const plan = sync.plans.get(name);
  return runStream(configured, out, {
    known: plan !== undefined,
    initial: {},
    load: () => streamStateOf(name, sync.states.get(name)),
    read: async (checkpoints, running) => {
      const context: StreamContext = {
        client: sync.client,
        out,
        collection: name,
        settings: config.settings,
        lines: new RecordLines(name, config.settings, configured.stream.json_schema),
        checkpoints,
        slots: sync.pages,
        concurrency: config.connection.maxConcurrency,
        serial: new Serial(),
        opening: sync.openings.get(name),
      };
      // Fauna answers reads of a collection the role may not read with empty pages: the readers
      // probe it with their first query (then call `running`), else the stream would "succeed"
      // with no records, and an overwrite destination lose its table.
      const read = readMode(configured.sync_mode, plan!);
      if (read.mode === 'incremental') {
        await readIncremental(context, read.index, running);
      } else {
        if (read.warning !== undefined) await out.emit(logMessage('WARN', read.warning));
        await readFullRefresh(context, running);
      }
    },
  });
}
