// The state of a stream read with FQL v10. It says which API wrote it (`fql_version: "10"`):
// cursors of one API mean nothing to the other, so a state of the other API is refused with the
// way out (a reset), never read as an empty one.
//   snapshot {ts, parts}    a read of the whole collection in progress: its snapshot T and, for
//                           each id range not finished, the cursor (pinned to T) of its next page,
//                           the first id it has not read and its last id (none: open above), so
//                           that it can go on at a newer snapshot; a bare cursor of an earlier
//                           version is still read
//   feed {cursor, through_ts?} | {start_ts}  where the collection's event feed resumes: the cursor
//                           of the last page polled, or the snapshot T of the first full read;
//                           events at or before through_ts (start_ts) were emitted already
import { StateError } from '../core/checkpoints.js';
import { isObject } from '../../airbyte/json-kind.js';

export interface FeedPosition {
  cursor?: string;
  start_ts?: number;
  /** With a cursor of a poll's snapshot: the time of the last event emitted, which that cursor may give again. */
  through_ts?: number;
}

/** An id range of a snapshot read: the cursor of its next page; `from`, `to`: its ids left (inclusive), when known. */
export interface SnapshotPart {
  after: string;
  from?: string;
  to?: string;
}

export interface StreamState {
  fql_version: '10';
  snapshot?: { ts: number; parts: SnapshotPart[] };
  feed?: FeedPosition;
}

// Keys only the v4 reader writes (and the Python connector before it).
const V4_KEYS = ['full_sync_cursor', 'updates_cursor', 'updates_scan', 'remove_cursor'];

export const emptyState = (): StreamState => ({ fql_version: '10' });

/** The saved state of stream `name`, checked field by field. */
export function stateOf(name: string, value: unknown): StreamState {
  if (value === undefined || value === null) return emptyState();
  const fail = (path: string, expected: string, found: unknown): never => {
    throw new StateError(
      `The saved state of stream '${name}' cannot be resumed: ${path} should be ${expected}, ` +
        `but it is ${JSON.stringify(found)}. Reset the stream (clear its state) to sync it again from the beginning`,
    );
  };
  if (!isObject(value)) return fail('stream_state', 'an object', value);
  const version = value.fql_version;
  if (
    version !== '10' &&
    (version !== undefined || V4_KEYS.some((key) => value[key] !== undefined && value[key] !== null))
  ) {
    throw new StateError(
      `The saved state of stream '${name}' was written by the connector in FQL v4 mode, and this ` +
        'connection now reads with FQL v10 (fql_version "10"): their cursors differ. Reset the connection (or this ' +
        'stream) so that it syncs again from the beginning with FQL v10',
    );
  }
  const state = emptyState();
  const snapshot = value.snapshot;
  if (snapshot !== undefined && snapshot !== null) {
    if (!isObject(snapshot)) return fail('snapshot', 'an object', snapshot);
    if (!isMicros(snapshot.ts)) return fail('snapshot.ts', 'an integer (a time in microseconds)', snapshot.ts);
    const parts = Array.isArray(snapshot.parts) ? snapshot.parts.map(snapshotPart) : [undefined];
    if (parts.some((part) => part === undefined)) {
      return fail(
        'snapshot.parts',
        'an array of id ranges ({"after": "<Fauna cursor>", "from": "<id>", "to": "<id>"})',
        snapshot.parts,
      );
    }
    state.snapshot = { ts: snapshot.ts, parts: parts as SnapshotPart[] };
  }
  const feed = value.feed;
  if (feed !== undefined && feed !== null) {
    if (!isObject(feed)) return fail('feed', 'an object', feed);
    if (typeof feed.cursor === 'string' && feed.cursor !== '') {
      state.feed = { cursor: feed.cursor, ...(isMicros(feed.through_ts) && { through_ts: feed.through_ts }) };
    } else if (isMicros(feed.start_ts)) state.feed = { start_ts: feed.start_ts };
    else fail('feed', 'a feed cursor {"cursor": "..."} or a start time {"start_ts": <microseconds>}', feed);
  }
  return state;
}

/** A saved id range, or a bare cursor (earlier versions); undefined when it is neither. */
function snapshotPart(value: unknown): SnapshotPart | undefined {
  if (typeof value === 'string') return value === '' ? undefined : { after: value };
  if (!isObject(value) || typeof value.after !== 'string' || value.after === '') return undefined;
  const { after, from, to } = value;
  if ((from !== undefined && !isId(from)) || (to !== undefined && !isId(to))) return undefined;
  return { after, ...(from !== undefined && { from }), ...(to !== undefined && { to }) };
}

const isId = (value: unknown): value is string => typeof value === 'string' && /^\d+$/.test(value);

function isMicros(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
