import { incrementalStart } from './queries.js';
import { assertReadable } from './readable.js';
import { withoutFullRefresh } from './state.js';
import { readDeletions } from './deletions.js';
import { historyRetention } from './history.js';
import { readAcrossSnapshots } from '../core/snapshot.js';
import { log } from '../core/stream.js';
import { queryPage, type Page, type StreamContext } from './context.js';
import { readUpdates, scanRanges } from './updates.js';

interface Start {
  ts: number;
  probe: Page;
  last: Page;
}

/**
 * One incremental sync of a stream, at one snapshot: deletions first (as the Python connector),
 * then updates. `running` is called once the collection is known to be readable. A scan that
 * outlives its snapshot goes on at a newer one, as a resumed scan does (updates.ts): the deletions
 * up to it first, then the ts ranges left and the range from the older snapshot to it. With
 * deletions, it moves before the snapshot is half as old as the collection's history, since the
 * deletions since the older snapshot could no longer be read after it.
 */
export async function readIncremental(
  context: StreamContext,
  index: string,
  running: () => Promise<void>,
): Promise<void> {
  const { checkpoints, collection } = context;
  // A full refresh left unfinished would otherwise resume, some day, from its old snapshot.
  checkpoints.state = withoutFullRefresh(checkpoints.state);
  const start = (await queryPage(context, incrementalStart(collection, index))) as unknown as Start;
  await assertReadable(context.client, collection, start.probe);
  await running();
  const saved = checkpoints.state.updates_scan;
  const since = checkpoints.state.updates_cursor?.ts;
  await log(
    context,
    'INFO',
    `incremental sync with index '${index}' up to snapshot ${start.ts}, ` +
      (saved !== undefined
        ? `resuming the ranges left at snapshot ${saved.ts}`
        : since === undefined
          ? 'from the beginning'
          : `from ts ${since}`),
  );
  const deletions = context.settings.deletions.mode === 'deleted_field';
  await openScan(context, start, deletions);
  const pace = { retention: deletions ? await historyRetention(context) : undefined };
  await readAcrossSnapshots(
    context,
    start.ts,
    (snapshot, progress) =>
      readUpdates(context, index, snapshot, checkpoints.state.updates_scan!.ranges, pace, progress),
    async () => {
      const next = (await queryPage(context, incrementalStart(collection, index))) as unknown as Start;
      await openScan(context, next, deletions);
      await checkpoints.checkpoint();
      return next.ts;
    },
  );
}

/** The scan of `start`'s snapshot: the ranges left and the new ones up to it, after the deletions up to it. */
async function openScan(context: StreamContext, start: Start, deletions: boolean): Promise<void> {
  const { checkpoints } = context;
  const saved = checkpoints.state.updates_scan;
  const ranges = scanRanges(checkpoints.state, start.ts, start.last, context.concurrency);
  // Deletions come first and may refuse the sync (a cursor beyond the history retention): the
  // state then keeps what it was, with no scan of this snapshot in it.
  if (deletions) await readDeletions(context, start.ts);
  checkpoints.state = {
    ...checkpoints.state,
    updates_scan: { ts: start.ts, ranges, ...(saved?.last && { last: saved.last }) },
  };
}
