// The state of a stream read with FQL v10. It says which API wrote it (`fql_version: "10"`):
// cursors of one API mean nothing to the other, so a state of the other API is refused with the
// way out (a reset), never read as an empty one.
//   snapshot {ts, parts}    a read of the whole collection in progress: its snapshot T and, for
//                           each id range not finished, the cursor (pinned to T) of its next page
//                           (none: a range cut from another, not started), the first id it has not
//                           read and its last id (none: open above), so that it can go on at a
//                           newer snapshot; a bare cursor of an earlier version is still read
//   feed {parts}            where the collection's event feed resumes, per id range: each part is
//                           the documents whose id is in [from, to) (a bound left out is open),
//                           with the cursor of its last page polled, or the snapshot T of the first
//                           full read; events at or before through_ts (start_ts) were emitted
//                           already. The parts cover every id, once. A part merged from several
//                           (feed-merge.ts) starts at the earliest of their times, and `emitted`
//                           [{from, to, through_ts}] says, for the ids [from, to) of each, that
//                           its events at or before through_ts were emitted already; an entry is
//                           dropped once a poll of the part passes it
//   feed {cursor, through_ts?} | {start_ts}  the state of earlier versions (and of an export
//                           archive's first sync): one position for the whole collection, read as
//                           a single part
import { StateError } from '../core/checkpoints.js';
import { isObject } from '../../airbyte/json-kind.js';

export interface FeedPosition {
  cursor?: string;
  start_ts?: number;
  /** With a cursor of a poll's snapshot: the time of the last event emitted, which that cursor may give again. */
  through_ts?: number;
}

/**
 * An id range of a snapshot read: the cursor of its next page (none: not started); `from`, `to`:
 * its ids left (inclusive), when known, as they always are without a cursor.
 */
export interface SnapshotPart {
  after?: string;
  from?: string;
  to?: string;
}

/** The feed of the documents whose id is in [from, to) (decimal ids; a bound left out is open). */
export interface FeedPart extends FeedPosition {
  from?: string;
  to?: string;
  /** Ids of the part in [from, to) whose events at or before through_ts were emitted already (a merged part). */
  emitted?: EmittedIds[];
}

export interface EmittedIds {
  from?: string;
  to?: string;
  through_ts: number;
}

/** Where the feed resumes: a position per id range. */
export interface FeedState {
  parts: FeedPart[];
}

export interface StreamState {
  fql_version: '10';
  snapshot?: { ts: number; parts: SnapshotPart[] };
  feed?: FeedState;
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
    if (feed.parts === undefined) state.feed = { parts: [positionOf(feed, 'feed', fail)] };
    else {
      if (!Array.isArray(feed.parts) || feed.parts.length === 0) {
        return fail('feed.parts', 'a non-empty array of feed parts', feed.parts);
      }
      state.feed = { parts: feed.parts.map((part, i) => partOf(part, `feed.parts[${i}]`, fail)) };
      coverCheck(state.feed.parts, fail);
    }
  }
  return state;
}

type Fail = (path: string, expected: string, found: unknown) => never;

function positionOf(value: Record<string, unknown>, path: string, fail: Fail): FeedPosition {
  if (typeof value.cursor === 'string' && value.cursor !== '') {
    return { cursor: value.cursor, ...(isMicros(value.through_ts) && { through_ts: value.through_ts }) };
  }
  if (isMicros(value.start_ts)) return { start_ts: value.start_ts };
  return fail(path, 'a feed cursor {"cursor": "..."} or a start time {"start_ts": <microseconds>}', value);
}

function partOf(value: unknown, path: string, fail: Fail): FeedPart {
  if (!isObject(value)) return fail(path, 'an object', value);
  const part: FeedPart = { ...positionOf(value, path, fail), ...boundsOf(value, path, fail) };
  if (value.emitted === undefined || value.emitted === null) return part;
  if (!Array.isArray(value.emitted)) return fail(`${path}.emitted`, 'an array', value.emitted);
  part.emitted = value.emitted.map((entry, i) => emittedOf(entry, part, `${path}.emitted[${i}]`, fail));
  return part;
}

/** An entry of a merged part's `emitted`: ids within the part's, and a time. */
function emittedOf(value: unknown, part: FeedPart, path: string, fail: Fail): EmittedIds {
  if (!isObject(value)) return fail(path, 'an object', value);
  if (!isMicros(value.through_ts)) {
    return fail(`${path}.through_ts`, 'an integer (a time in microseconds)', value.through_ts);
  }
  const { from, to } = boundsOf(value, path, fail);
  const within =
    compareBound(part.from, from) <= 0 &&
    (part.to === undefined || (to !== undefined && BigInt(to) <= BigInt(part.to))) &&
    (from === undefined || to === undefined || BigInt(from) < BigInt(to));
  if (!within) {
    return fail(path, `ids within its part's (from: ${part.from ?? 'open'}, to: ${part.to ?? 'open'})`, value);
  }
  return { ...(from !== undefined && { from }), ...(to !== undefined && { to }), through_ts: value.through_ts };
}

/** The id bounds `from` and `to` of a saved object, each a decimal 64-bit id when present. */
function boundsOf(value: Record<string, unknown>, path: string, fail: Fail): { from?: string; to?: string } {
  const bounds: { from?: string; to?: string } = {};
  for (const bound of ['from', 'to'] as const) {
    const id = value[bound];
    if (id === undefined || id === null) continue;
    if (typeof id !== 'string' || !/^(0|[1-9]\d{0,18})$/.test(id) || BigInt(id) >= 2n ** 63n) {
      return fail(`${path}.${bound}`, 'a document id (a decimal 64-bit integer, as a string)', id);
    }
    bounds[bound] = id;
  }
  return bounds;
}

/** The parts, in id order, must cover every id once: the first open below, each ending where the next begins, the last open above. */
function coverCheck(parts: FeedPart[], fail: Fail): void {
  const sorted = [...parts].sort((a, b) => compareBound(a.from, b.from));
  sorted.forEach((part, i) => {
    const next = sorted[i + 1];
    const joined = next === undefined ? part.to === undefined : part.to !== undefined && part.to === next.from;
    const starts = i > 0 || part.from === undefined;
    if (
      !joined ||
      !starts ||
      (part.from !== undefined && part.to !== undefined && BigInt(part.from) >= BigInt(part.to))
    ) {
      fail('feed.parts', 'id ranges that cover every document id once (from, to)', parts);
    }
  });
}

/** Lower bounds in id order, an open one first. */
function compareBound(a: string | undefined, b: string | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A saved id range, or a bare cursor (earlier versions); undefined when it is neither. */
function snapshotPart(value: unknown): SnapshotPart | undefined {
  if (typeof value === 'string') return value === '' ? undefined : { after: value };
  if (!isObject(value)) return undefined;
  const { after, from, to } = value;
  const cursor = typeof after === 'string' && after !== '';
  if (!(cursor || (after === undefined && isId(from)))) return undefined;
  if ((from !== undefined && !isId(from)) || (to !== undefined && !isId(to))) return undefined;
  return { ...(cursor && { after }), ...(from !== undefined && { from }), ...(to !== undefined && { to }) };
}

const isId = (value: unknown): value is string => typeof value === 'string' && /^\d+$/.test(value);

function isMicros(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
