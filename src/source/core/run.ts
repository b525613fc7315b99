// The frame of one stream's read, for both APIs: STARTED; the saved state loaded (until it is
// understood, no checkpoint may replace it); the read; then the last checkpoint and COMPLETE, or,
// on a failure, a checkpoint of the progress made (the next attempt resumes from it), INCOMPLETE
// and the error trace of that stream.
import { errorTrace, streamStatus } from '../../airbyte/messages.js';
import type { ConfiguredAirbyteStream, StreamDescriptor } from '../../airbyte/types.js';
import { describeFailure, endsSync, SetupError } from '../errors.js';
import { StreamCheckpoints } from './checkpoints.js';
import { Slots } from './paging.js';
import type { RunningStreams } from './running.js';

/** `fatal`: a failure of the whole source (bad secret, server gone, a bug) rather than of this stream. */
export type StreamOutcome = 'complete' | 'failed' | 'fatal';

export interface StreamRun<State extends object> {
  /** Whether the stream is one this source can read (a collection it listed). */
  known: boolean;
  /** The state to start from when there is no saved one. */
  initial: State;
  /** The saved state, checked. */
  load: () => State;
  /** The read; `running` emits RUNNING, once the collection is known to be readable. */
  read: (checkpoints: StreamCheckpoints<State>, running: () => Promise<void>) => Promise<void>;
}

/** The failure of a configured stream whose collection the source cannot list. */
export const unknownStream = (name: string): SetupError =>
  new SetupError(
    `Stream '${name}' is not a collection this source can read; run discover again and update the catalog`,
  );

/** The stream's descriptor in messages. */
export function descriptorOf(configured: ConfiguredAirbyteStream): StreamDescriptor {
  const { name, namespace } = configured.stream;
  // PyAirbyte sends `"namespace": null`; a descriptor carries a namespace only when it is one.
  return typeof namespace === 'string' ? { name, namespace } : { name };
}

export async function runStream<State extends object>(
  configured: ConfiguredAirbyteStream,
  streams: RunningStreams,
  run: StreamRun<State>,
): Promise<StreamOutcome> {
  const { out } = streams;
  const { name } = configured.stream;
  const descriptor = descriptorOf(configured);
  await out.emit(streamStatus(descriptor, 'STARTED'));
  const checkpoints = new StreamCheckpoints<State>(descriptor, out, run.initial);
  let loaded = false;
  try {
    if (!run.known) {
      throw unknownStream(name);
    }
    checkpoints.state = run.load();
    loaded = true;
    try {
      await run.read(checkpoints, () => streams.running(descriptor));
    } finally {
      streams.ended(descriptor);
    }
    await checkpoints.checkpoint();
    await out.emit(streamStatus(descriptor, 'COMPLETE'));
    return 'complete';
  } catch (error) {
    if (loaded) await checkpoints.checkpoint();
    await out.emit(streamStatus(descriptor, 'INCOMPLETE'));
    await out.emit(errorTrace({ ...describeFailure(error), stream: descriptor }));
    return endsSync(error) ? 'fatal' : 'failed';
  }
}

/**
 * Reads the streams, up to `concurrency` at once. A stream that fails for a reason of its own
 * does not stop the others; a failure of the whole source lets the streams already running end
 * and starts no other. The exit code: 1 if any stream did not complete.
 */
export async function runStreams<S>(
  streams: S[],
  concurrency: number,
  read: (stream: S) => Promise<StreamOutcome>,
): Promise<number> {
  const slots = new Slots(concurrency);
  let halted = false;
  const outcomes = await Promise.all(
    streams.map((stream) =>
      slots.with(async () => {
        if (halted) return 'skipped';
        const outcome = await read(stream);
        if (outcome === 'fatal') halted = true;
        return outcome;
      }),
    ),
  );
  return outcomes.every((outcome) => outcome === 'complete') ? 0 : 1;
}
