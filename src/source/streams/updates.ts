// Incremental creates and updates: the entries of the collection's [ts, ref] index from the
// cursor on, read under the sync's snapshot so a document updated during the sync is not chased
// (it is read next time). The Range start is inclusive: the boundary document, emitted by the
// previous sync, is skipped.
import { parseJson } from '../../fauna/json.js';
import * as q from '../../fauna/query.js';
import { rangeStart, updatesPage } from '../queries.js';
import { emitDocuments, queryPage, type StreamContext } from './context.js';

export async function readUpdates(context: StreamContext, index: string, snapshot: number): Promise<void> {
  const { checkpoints, collection, settings } = context;
  const start = checkpoints.state.updates_cursor ?? {};
  // An empty ref (the Python connector's cursor after an empty collection) was dropped with the input state.
  const from = rangeStart(collection, start.ts ?? 0, start.ref);
  let last = start.ts !== undefined && start.ref !== undefined ? { ts: start.ts, ref: start.ref } : undefined;
  // The Python connector saved the next-page cursor of an interrupted scan of the same Range.
  let after = start.after === undefined ? undefined : q.wire(parseJson(start.after));
  for (;;) {
    const page = await queryPage(context, updatesPage(index, from, snapshot, settings.pageSize, after));
    last = await emitDocuments(context, page.data, last);
    if (last !== undefined) checkpoints.state = { ...checkpoints.state, updates_cursor: last };
    if (page.after === undefined) break;
    after = q.wire(page.after);
    await checkpoints.checkpoint();
  }
}
