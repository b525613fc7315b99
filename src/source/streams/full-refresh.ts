// Full refresh: every document of the collection as of one snapshot, read page by page under
// At(snapshot) and checkpointed after every page, so a restarted sync resumes where it stopped
// and still sees the same consistent snapshot.
import { parseJson, stringifyJson } from '../../fauna/json.js';
import * as q from '../../fauna/query.js';
import { documentsPage } from '../queries.js';
import { withoutFullRefresh } from '../state.js';
import { emitDocuments, log, queryPage, snapshotTime, SnapshotExpiredError, type StreamContext } from './context.js';

export async function readFullRefresh(context: StreamContext): Promise<void> {
  const { checkpoints, collection, settings } = context;
  const saved = checkpoints.state.full_sync_cursor;
  let snapshot: number;
  let after: q.Expr | undefined;
  let resumed = saved !== undefined;
  if (saved) {
    snapshot = saved.ts;
    after = saved.after === undefined ? undefined : q.wire(parseJson(saved.after));
    await log(context, 'INFO', `resuming the full refresh of snapshot ${snapshot} from its saved cursor`);
  } else {
    snapshot = await snapshotTime(context.client);
    await log(context, 'INFO', `full refresh of snapshot ${snapshot}`);
  }
  for (;;) {
    const query = documentsPage(collection, snapshot, settings.pageSize, after);
    let page;
    try {
      page = await queryPage(context, query);
    } catch (error) {
      // A saved snapshot that aged out between two attempts restarts the stream; one that ages out
      // while this sync runs would again and again, so that is reported with what to change.
      if (!resumed || !(error instanceof SnapshotExpiredError)) throw error;
      await log(context, 'WARN', `the saved snapshot ${snapshot} is older than the collection's history retention; `
        + 'restarting the full refresh from the beginning at a new snapshot');
      resumed = false;
      snapshot = await snapshotTime(context.client);
      after = undefined;
      continue;
    }
    resumed = false;
    await emitDocuments(context, page.data);
    if (page.after === undefined) break;
    after = q.wire(page.after);
    checkpoints.state = { ...checkpoints.state, full_sync_cursor: { ts: snapshot, after: stringifyJson(page.after) } };
    await checkpoints.checkpoint();
  }
  checkpoints.state = withoutFullRefresh(checkpoints.state);
}
