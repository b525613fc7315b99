// The stream state of an FQL v4 read (docs/state.md). The stream_state object keeps the keys of
// the Python connector (airbytehq/airbyte, airbyte-integrations/connectors/source-fauna,
// source_fauna/source.py) for what that connector knows, and adds the ranges of a partitioned read in progress:
//   full_sync_cursor {ts, ranges}   a full refresh in progress: its snapshot, and the document id
//                                   ranges still to read ({from, to}, inclusive digit strings)
//   updates_cursor   {ts, ref}      the last document emitted by completed incremental syncs
//   updates_scan     {ts, ranges, last?}  an incremental sync in progress: its snapshot, the ts
//                                   ranges of the index still to read ({from, ref?, to}: from ts
//                                   `from` on, skipping the entry (from, ref) already emitted, up to
//                                   ts `to` inclusive), and the last document it emitted so far
//   remove_cursor    {ts}               where the next scan for deletions starts (every event at ts)
//                    {after}            a scan in progress: the event cursor Fauna returned with its last page
//                    {ts, ref, action}  read on input: the last event scanned by earlier versions
// Read on input besides: the `after` cursor strings (Fauna wire JSON) of 0.2.0 and of the Python
// connector in full_sync_cursor, updates_cursor and remove_cursor.
import { parseJson } from '../../fauna/json.js';
import type { WireValue } from '../../fauna/wire.js';
import type { JsonObject } from '../../airbyte/types.js';
import { StateError, type DocumentPosition } from '../core/checkpoints.js';
import { isObject } from '../../airbyte/json-kind.js';

export interface Cursor {
  ts?: number;
  ref?: string;
  action?: string;
  after?: string;
}

export interface IdRange {
  from: string;
  to: string;
}
export interface TsRange {
  from: number;
  ref?: string;
  to: number;
}

export interface StreamState {
  full_sync_cursor?: { ts: number; ranges?: IdRange[]; after?: string };
  updates_cursor?: Cursor;
  updates_scan?: { ts: number; ranges: TsRange[]; last?: DocumentPosition };
  remove_cursor?: Cursor;
}

/**
 * The state of stream `name` from its saved value. Keys with a null value (PyAirbyte adds them)
 * and unknown keys are ignored, as is the Python connector's empty `ref` of an empty collection;
 * a value that is there but cannot be a cursor throws a StateError naming it.
 */
export function stateOf(name: string, value: unknown): StreamState {
  if (value === undefined || value === null) return {};
  const check = new Checker(name);
  const root = check.object(value, 'stream_state')!;
  if (root.fql_version !== undefined && root.fql_version !== null && root.fql_version !== '4') {
    throw new StateError(
      `The saved state of stream '${name}' was written by the connector in FQL v${String(root.fql_version)} mode, ` +
        'and this connection now reads with FQL v4 (fql_version "4"): their cursors differ. Reset the connection (or this ' +
        'stream) so that it syncs again from the beginning with FQL v4',
    );
  }
  const state: StreamState = {};
  const full = check.object(root.full_sync_cursor, 'full_sync_cursor');
  if (full) {
    const ts = check.integer(full.ts, 'full_sync_cursor.ts', true)!;
    const ranges = check.list(full.ranges, 'full_sync_cursor.ranges', (range, path) => {
      const object = check.object(range, path)!;
      return { from: check.id(object.from, `${path}.from`, true)!, to: check.id(object.to, `${path}.to`, true)! };
    });
    const after = check.cursorString(full.after, 'full_sync_cursor.after');
    if (after !== undefined && cursorRefId(after) === undefined)
      check.fail('full_sync_cursor.after', 'the cursor of a document ([<ref>])', after);
    state.full_sync_cursor = { ts, ...(ranges && { ranges }), ...(after !== undefined && { after }) };
  }
  const updates = check.cursor(root.updates_cursor, 'updates_cursor');
  if (updates) state.updates_cursor = updates;
  const scan = check.object(root.updates_scan, 'updates_scan');
  if (scan) {
    const ranges =
      check.list(scan.ranges, 'updates_scan.ranges', (range, path) => {
        const object = check.object(range, path)!;
        const ref = check.id(object.ref, `${path}.ref`);
        return {
          from: check.integer(object.from, `${path}.from`, true)!,
          ...(ref !== undefined && { ref }),
          to: check.integer(object.to, `${path}.to`, true)!,
        };
      }) ?? [];
    const last = check.object(scan.last, 'updates_scan.last');
    state.updates_scan = {
      ts: check.integer(scan.ts, 'updates_scan.ts', true)!,
      ranges,
      ...(last && {
        last: {
          ts: check.integer(last.ts, 'updates_scan.last.ts', true)!,
          ref: check.id(last.ref, 'updates_scan.last.ref', true)!,
        },
      }),
    };
  }
  const removes = check.cursor(root.remove_cursor, 'remove_cursor');
  if (removes) state.remove_cursor = removes;
  return state;
}

const ID = /^-?\d{1,19}$/;

/** Field checks of one stream's saved state; each failure names the field and the way out. */
class Checker {
  constructor(private readonly stream: string) {}

  fail(path: string, expected: string, value: unknown): never {
    throw new StateError(
      `The saved state of stream '${this.stream}' cannot be resumed: ${path} should be ${expected}, ` +
        `but it is ${JSON.stringify(value)}. Reset the stream (clear its state) to sync it again from the beginning`,
    );
  }

  object(value: unknown, path: string): JsonObject | undefined {
    if (value === undefined || value === null) return undefined;
    return isObject(value) ? value : this.fail(path, 'an object', value);
  }

  list<T>(value: unknown, path: string, item: (value: unknown, path: string) => T): T[] | undefined {
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) this.fail(path, 'an array', value);
    return value.map((entry, index) => item(entry, `${path}[${index}]`));
  }

  integer(value: unknown, path: string, required = false): number | undefined {
    if ((value === undefined || value === null) && !required) return undefined;
    if (typeof value === 'number' && Number.isInteger(value)) return value;
    return this.fail(path, 'an integer (a time in microseconds)', value);
  }

  /** A document id: digits in a string; the Python connector's "" (no document yet) is none. */
  id(value: unknown, path: string, required = false): string | undefined {
    if ((value === undefined || value === null || value === '') && !required) return undefined;
    if (typeof value === 'string' && ID.test(value)) return value;
    return this.fail(path, 'a document id (digits in a string)', value);
  }

  cursorString(value: unknown, path: string): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') this.fail(path, 'a Fauna cursor in a string', value);
    try {
      parseJson(value);
    } catch {
      this.fail(path, 'a Fauna cursor in a string (wire JSON)', value);
    }
    return value;
  }

  cursor(value: unknown, path: string): Cursor | undefined {
    const object = this.object(value, path);
    if (!object) return undefined;
    const out: Cursor = {};
    const ts = this.integer(object.ts, `${path}.ts`);
    if (ts !== undefined) out.ts = ts;
    const ref = this.id(object.ref, `${path}.ref`);
    if (ref !== undefined) out.ref = ref;
    if (object.action !== undefined && object.action !== null) {
      if (typeof object.action !== 'string') this.fail(`${path}.action`, 'an event action', object.action);
      out.action = object.action;
    }
    const after = this.cursorString(object.after, `${path}.after`);
    if (after !== undefined) out.after = after;
    return out;
  }
}

/** The state without a full refresh in progress: that one finished, or incremental syncs took over. */
export function withoutFullRefresh(state: StreamState): StreamState {
  const { full_sync_cursor: _finished, ...rest } = state;
  return rest;
}

/** The document id of a ref in a saved `after` cursor: the first ref of the cursor array. */
export function cursorRefId(after: string): string | undefined {
  const cursor = parseJson(after) as WireValue;
  const items = Array.isArray(cursor) ? cursor : [cursor];
  for (const item of items) {
    if (isObject(item) && isObject(item['@ref']) && typeof item['@ref'].id === 'string' && ID.test(item['@ref'].id)) {
      return item['@ref'].id;
    }
  }
  return undefined;
}
