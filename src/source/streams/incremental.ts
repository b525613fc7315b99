import { incrementalStart } from '../queries.js';
import { assertReadable } from '../readable.js';
import { withoutFullRefresh } from '../state.js';
import { readDeletions } from './deletions.js';
import { log, queryPage, SnapshotExpiredError, type Page, type StreamContext } from './context.js';
import { readUpdates, scanRanges } from './updates.js';

interface Start { ts: number; probe: Page; last: Page }

/**
 * One incremental sync of a stream, at one snapshot: deletions first (as the Python connector),
 * then updates. A scan left unfinished resumes in its own snapshot. `running` is called once the
 * collection is known to be readable.
 */
export async function readIncremental(context: StreamContext, index: string, running: () => Promise<void>): Promise<void> {
  const { checkpoints, collection } = context;
  // A full refresh left unfinished would otherwise resume, some day, from its old snapshot.
  checkpoints.state = withoutFullRefresh(checkpoints.state);
  const start = await queryPage(context, incrementalStart(collection, index)) as unknown as Start;
  await assertReadable(context.client, collection, start.probe);
  await running();
  const saved = checkpoints.state.updates_scan;
  if (saved !== undefined) {
    await log(context, 'INFO', `resuming the incremental sync with index '${index}' of snapshot ${saved.ts}`);
    try {
      await scan(context, index, saved.ts, saved.ranges);
      return;
    } catch (error) {
      if (!(error instanceof SnapshotExpiredError) || checkpoints.state.updates_scan !== saved) throw error;
      await log(context, 'WARN', `the saved snapshot ${saved.ts} is older than the collection's history retention; `
        + 'restarting the incremental sync from its cursor at a new snapshot');
      const { updates_scan: _expired, ...rest } = checkpoints.state;
      checkpoints.state = rest;
    }
  }
  const since = checkpoints.state.updates_cursor?.ts;
  await log(context, 'INFO', `incremental sync with index '${index}' up to snapshot ${start.ts}, `
    + (since === undefined ? 'from the beginning' : `from ts ${since}`));
  const ranges = scanRanges(checkpoints.state, start.last, context.concurrency);
  checkpoints.state = { ...checkpoints.state, updates_scan: { ts: start.ts, ranges } };
  await scan(context, index, start.ts, ranges);
}

async function scan(context: StreamContext, index: string, snapshot: number, ranges: Parameters<typeof readUpdates>[3]): Promise<void> {
  if (context.settings.deletions.mode === 'deleted_field') await readDeletions(context, snapshot);
  await readUpdates(context, index, snapshot, ranges);
}
