// `read`, whatever the API: the configured streams, up to max_concurrency of them at once, their
// messages interleaved, each in the frame of core/run.ts. A reader (a wing: v4/, v10/) says how to
// connect, which streams it can read, how its state is shaped, and how to read one stream.
import { streamKey } from '../../airbyte/stream-key.js';
import type { ConfiguredAirbyteStream } from '../../airbyte/types.js';
import type { MessageWriter } from '../../airbyte/writer.js';
import type { RateLimitHook } from '../../fauna/rate-limit.js';
import { parseCatalog } from '../catalog.js';
import type { SourceConfig } from '../config.js';
import { parseInputState } from './checkpoints.js';
import { Slots } from './paging.js';
import { runStream, runStreams } from './run.js';
import { RunningStreams } from './running.js';
import { streamFrame, type StreamFrame } from './stream.js';

/** What the core asks of a wing's client. */
export interface ClientHooks {
  /** FaunaClientOptions.onRateLimit: the streams show the rate limit. */
  onRateLimit: RateLimitHook;
}

export interface Reader<Client, Plan, State extends object> {
  connect(hooks: ClientHooks): Promise<Client>;
  close(client: Client): Promise<void>;
  /**
   * The streams this source can read, by stream key (airbyte/stream-key.ts: the name, unless the
   * stream has a namespace). `configured` and `saved` (the raw saved state by stream key) say what
   * the sync will read.
   */
  plan(client: Client, configured: ConfiguredAirbyteStream[], saved: Map<string, unknown>): Promise<Map<string, Plan>>;
  /** The state of a stream without a saved one. */
  initial(): State;
  /** The saved state of stream `name`, checked (a StateError names what is wrong). */
  load(name: string, saved: unknown): State;
  /** Reads one stream; `running` emits RUNNING once the collection is known to be readable. */
  read(
    frame: StreamFrame<State>,
    client: Client,
    plan: Plan,
    configured: ConfiguredAirbyteStream,
    running: () => Promise<void>,
  ): Promise<void>;
}

/**
 * A stream that fails for a reason of its own (unknown stream, missing index, forbidden
 * collection, unusable state) does not stop the others; a failure of the whole source (bad
 * secret, server unreachable, a bug) lets the streams already running end and starts no other.
 * Exit code 1 if any failed.
 */
export async function readStreams<Client, Plan, State extends object>(
  config: SourceConfig,
  catalogInput: unknown,
  stateInput: unknown,
  out: MessageWriter,
  reader: Reader<Client, Plan, State>,
): Promise<number> {
  const catalog = parseCatalog(catalogInput);
  const saved = parseInputState(stateInput);
  const streams = new RunningStreams(out);
  const client = await reader.connect({ onRateLimit: streams.onRateLimit });
  try {
    const plans = await reader.plan(client, catalog.streams, saved);
    const concurrency = config.connection.maxConcurrency;
    const sync = { out, settings: config.settings, slots: new Slots(concurrency), concurrency };
    return await runStreams(catalog.streams, concurrency, (configured) => {
      const { name } = configured.stream;
      const key = streamKey(configured.stream);
      const plan = plans.get(key);
      return runStream(configured, streams, {
        known: plan !== undefined,
        initial: reader.initial(),
        load: () => reader.load(name, saved.get(key)),
        read: (checkpoints, running) =>
          reader.read(streamFrame(configured, sync, checkpoints), client, plan!, configured, running),
      });
    });
  } finally {
    await reader.close(client);
  }
}
