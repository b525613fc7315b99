// Per-stream state. The stream_state object keeps the Python connector's keys and shapes
// (python-peer.md §4.5), so its legacy blob migrates per stream unchanged:
//   full_sync_cursor {ts, after?}  a full refresh in progress: its snapshot and next-page cursor
//   updates_cursor   {ts, ref}     the last document emitted by incremental syncs
//   remove_cursor    {ts, ref, action}  the last collection event scanned for deletions
// `after` values are Fauna wire JSON strings.
import { streamState } from '../airbyte/messages.js';
import { streamStatesOf } from '../airbyte/state-input.js';
import type { JsonObject, StreamDescriptor } from '../airbyte/types.js';
import type { MessageWriter } from '../airbyte/writer.js';

export interface Cursor { ts?: number; ref?: string; action?: string; after?: string }

export interface FaunaStreamState {
  full_sync_cursor?: { ts: number; after?: string };
  updates_cursor?: Cursor;
  remove_cursor?: Cursor;
}

/** The input state by stream name; the envelope (STREAM, GLOBAL, LEGACY entries) is parsed by streamStatesOf. */
export function parseInputState(input: unknown): Map<string, FaunaStreamState> {
  return new Map([...streamStatesOf(input)].map(([name, state]) => [name, sanitize(state)]));
}

/** The state without a full refresh in progress: that one finished, or incremental syncs took over. */
export function withoutFullRefresh(state: FaunaStreamState): FaunaStreamState {
  const { full_sync_cursor: _finished, ...rest } = state;
  return rest;
}

/** Keeps the cursor fields of the expected types; anything else is dropped (a fresh start there). */
function sanitize(value: unknown): FaunaStreamState {
  const state: FaunaStreamState = {};
  if (!isObject(value)) return state;
  const full = cursor(value.full_sync_cursor);
  if (full?.ts !== undefined) state.full_sync_cursor = { ts: full.ts, ...(full.after !== undefined && { after: full.after }) };
  const updates = cursor(value.updates_cursor);
  if (updates) state.updates_cursor = updates;
  const removes = cursor(value.remove_cursor);
  if (removes) state.remove_cursor = removes;
  return state;
}

function cursor(value: unknown): Cursor | undefined {
  if (!isObject(value)) return undefined;
  const out: Cursor = {};
  if (typeof value.ts === 'number' && Number.isInteger(value.ts)) out.ts = value.ts;
  for (const key of ['ref', 'action', 'after'] as const) {
    const field = value[key];
    if (typeof field === 'string' && field !== '') out[key] = field;
  }
  return out;
}

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The state of one stream during a read, and its checkpoints: each STATE carries the number of
 * records emitted since the previous one, and a state equal to the previous one with no records
 * in between is not repeated.
 */
export class StreamCheckpoints {
  /** Records emitted since the last checkpoint. */
  records = 0;
  private lastEmitted: string | undefined;

  constructor(
    private readonly stream: StreamDescriptor,
    private readonly out: MessageWriter,
    public state: FaunaStreamState,
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
