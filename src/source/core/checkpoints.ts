// A stream's state while it is read, whatever its shape: where it comes from (the input state,
// checked by the stream's reader) and how it goes out (checkpoints).
import { streamState } from '../../airbyte/messages.js';
import { streamStatesOf } from '../../airbyte/state-input.js';
import type { JsonObject, StreamDescriptor } from '../../airbyte/types.js';
import type { MessageWriter } from '../../airbyte/writer.js';
import { SetupError } from '../errors.js';

/** Where a document stands in a read: its ts, then its id. */
export interface DocumentPosition {
  ts: number;
  ref: string;
}

/** A saved stream state that cannot mean anything: the stream must be reset. */
export class StateError extends SetupError {}

/**
 * The input state of each stream by name, as given; the envelope (STREAM, GLOBAL, LEGACY entries)
 * is parsed by streamStatesOf. The content of each is checked by its reader when its stream
 * is read, so a broken one fails that stream only.
 */
export function parseInputState(input: unknown): Map<string, unknown> {
  return streamStatesOf(input);
}

/** What a reader sees of its stream's state: the state, the records since the last checkpoint, and checkpoint(). */
export interface Checkpoints<State extends object = object> {
  records: number;
  state: State;
  checkpoint(): Promise<void>;
}

/**
 * The checkpoints of a part of a stream's state that a reader of its own fills (the state of one
 * database in a tree's stream): its records count for the stream, its checkpoint is the stream's.
 */
export function nestedCheckpoints<Outer extends object, Inner extends object>(
  outer: Checkpoints<Outer>,
  get: () => Inner,
  set: (state: Inner) => void,
): Checkpoints<Inner> {
  return {
    get records() {
      return outer.records;
    },
    set records(count) {
      outer.records = count;
    },
    get state() {
      return get();
    },
    set state(state) {
      set(state);
    },
    checkpoint: () => outer.checkpoint(),
  };
}

/**
 * The state of one stream during a read, and its checkpoints: each STATE carries the number of
 * records emitted since the previous one, and a state equal to the previous one with no records
 * in between is not repeated.
 */
export class StreamCheckpoints<State extends object = object> implements Checkpoints<State> {
  /** Records emitted since the last checkpoint. */
  records = 0;
  private lastEmitted: string | undefined;

  constructor(
    private readonly stream: StreamDescriptor,
    private readonly out: MessageWriter,
    public state: State,
  ) {}

  async checkpoint(): Promise<void> {
    const serialized = JSON.stringify(this.state);
    if (this.records === 0 && serialized === this.lastEmitted) return;
    const count = this.records;
    this.records = 0;
    this.lastEmitted = serialized;
    await this.out.emit(streamState(this.stream, this.state as JsonObject, count));
  }
}
