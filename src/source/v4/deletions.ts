// Incremental deletions: the `remove` events of Documents(C) since the cursor, under the sync's
// snapshot. Every scanned event (add or remove) moves the cursor, so a page without removes
// still makes progress and an old deletion is never emitted twice; a finished scan leaves the
// cursor just past its snapshot, so the next sync knows how far this one looked. Events cannot be
// Ranged (Range is not historical), so they are read one page after another, in pages of small events.
// A scan in progress checkpoints the page's `after`, the full event cursor Fauna returns: a bare ts
// is the cursor {ts, action: "add"} and at one ts removes sort before adds, so resuming from a ts
// would skip the removes of a transaction cut by a page boundary.
import { parseJson, stringifyJson } from '../../fauna/json.js';
import * as q from '../../fauna/v4/query.js';
import { eventCursor, eventsPage } from './queries.js';
import { assertHistoryReaches } from './history.js';
import { firstPageSize } from '../core/paging.js';
import { emitDeletion } from '../core/stream.js';
import { MAX_PAGE, queryPage, type StreamContext } from './context.js';

// An event is a few dozen bytes: a page this large stays far below the answers of documents.
const EVENTS_PAGE_SIZE = 10_000;

interface EventPosition {
  ts: number;
  ref: string;
  action: string;
}

interface ScanStart {
  after: q.Expr;
  since: number | undefined;
  boundary?: EventPosition;
}

export async function readDeletions(context: StreamContext, snapshot: number): Promise<void> {
  const { checkpoints, collection, settings } = context;
  const start = scanStart(context);
  if (start === undefined) {
    // Deletions are new to this stream and it has no update cursor either: on a first sync no
    // document was emitted yet, so no deletion matters and the scan starts at this snapshot.
    checkpoints.state = { ...checkpoints.state, remove_cursor: { ts: snapshot } };
    return;
  }
  if (start.since !== undefined) await assertHistoryReaches(context, start.since);
  const { boundary } = start;
  let after = start.after;
  for (;;) {
    const page = await queryPage(
      context,
      eventsPage(collection, snapshot, Math.max(firstPageSize(settings, MAX_PAGE), EVENTS_PAGE_SIZE), after),
    );
    const emittedAt = Date.now();
    for (const event of page.data as [number, string, string][]) {
      const [ts, action, ref] = event;
      if (boundary && ts === boundary.ts && ref === boundary.ref && action === boundary.action) continue;
      if (action !== 'remove') continue;
      await emitDeletion(context, ref, ts, emittedAt);
    }
    if (page.after === undefined) break;
    checkpoints.state = { ...checkpoints.state, remove_cursor: { after: stringifyJson(page.after) } };
    after = q.wire(page.after);
    await checkpoints.checkpoint();
  }
  // Every event up to the snapshot (inclusive) was scanned: the next scan starts after it.
  checkpoints.state = { ...checkpoints.state, remove_cursor: { ts: snapshot + 1 } };
}

/** Where the scan resumes, and `since`: the oldest time whose events it still needs. */
function scanStart({ checkpoints, collection }: StreamContext): ScanStart | undefined {
  const saved = checkpoints.state.remove_cursor;
  if (saved?.after !== undefined) {
    // The Python connector's cursor of an interrupted scan: an event object {ts, action, document}.
    const after = parseJson(saved.after);
    const ts = (after as { ts?: unknown } | null)?.ts;
    return { after: q.wire(after), since: typeof ts === 'number' ? ts : saved.ts };
  }
  if (saved?.ts !== undefined && saved.ref !== undefined) {
    // The Python connector's cursor is the last remove it emitted: it has no action.
    const boundary = { ts: saved.ts, ref: saved.ref, action: saved.action ?? 'remove' };
    return { after: eventCursor(collection, boundary.ts, boundary.action, boundary.ref), since: boundary.ts, boundary };
  }
  if (saved?.ts !== undefined) return { after: fromTs(saved.ts), since: saved.ts };
  // Deletions are new to this stream: those since the last update sync matter.
  const since = checkpoints.state.updates_cursor?.ts;
  return since === undefined ? undefined : { after: fromTs(since), since };
}

/** The bare cursor whose page starts with every event at `ts`: the bare ts is {ts, action: "add"}, past ts's removes. */
function fromTs(ts: number): number {
  return ts - 1;
}
