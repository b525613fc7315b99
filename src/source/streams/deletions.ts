// Incremental deletions: the `remove` events of Documents(C) since the cursor, under the sync's
// snapshot. Every scanned event (add or remove) moves the cursor, so a page without removes
// still makes progress and an old deletion is never emitted twice. Events cannot be Ranged (Range
// is not historical), so they are read one page after another, in pages of small events.
import { parseJson } from '../../fauna/json.js';
import * as q from '../../fauna/query.js';
import { eventCursor, eventsPage } from '../queries.js';
import { queryPage, type StreamContext } from './context.js';

// An event is a few dozen bytes: a page this large stays far below the answers of documents.
const EVENTS_PAGE_SIZE = 10_000;

interface EventPosition { ts: number; ref: string; action: string }

export async function readDeletions(context: StreamContext, snapshot: number): Promise<void> {
  const { checkpoints, collection, settings, lines, out } = context;
  const saved = checkpoints.state.remove_cursor;
  let after: q.Expr;
  let boundary: EventPosition | undefined;
  if (saved?.after !== undefined) {
    after = q.wire(parseJson(saved.after));
  } else if (saved?.ts !== undefined && saved.ref !== undefined) {
    // The Python connector's cursor is the last remove it emitted: it has no action.
    boundary = { ts: saved.ts, ref: saved.ref, action: saved.action ?? 'remove' };
    after = eventCursor(collection, boundary.ts, boundary.action, boundary.ref);
  } else if (saved?.ts !== undefined) {
    after = saved.ts;
  } else {
    // Deletions are new to this stream: those since the last update sync matter, and on a first
    // sync none do (no document was emitted yet), so the scan starts at this snapshot.
    const since = checkpoints.state.updates_cursor?.ts;
    if (since === undefined) {
      checkpoints.state = { ...checkpoints.state, remove_cursor: { ts: snapshot } };
      return;
    }
    after = since;
  }
  for (;;) {
    const page = await queryPage(context, eventsPage(collection, snapshot, Math.max(settings.pageSize, EVENTS_PAGE_SIZE), after));
    const emittedAt = Date.now();
    let last: EventPosition | undefined;
    for (const event of page.data as [number, string, string][]) {
      const [ts, action, ref] = event;
      last = { ts, ref, action };
      if (boundary && ts === boundary.ts && ref === boundary.ref && action === boundary.action) continue;
      if (action !== 'remove') continue;
      checkpoints.records++;
      if (!out.record(lines.deletion(ref, ts, emittedAt))) await out.ready();
    }
    if (last !== undefined) checkpoints.state = { ...checkpoints.state, remove_cursor: last };
    if (page.after === undefined) break;
    after = q.wire(page.after);
    await checkpoints.checkpoint();
  }
}
