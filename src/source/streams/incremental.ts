import { withoutFullRefresh } from '../state.js';
import { readDeletions } from './deletions.js';
import { log, snapshotTime, type StreamContext } from './context.js';
import { readUpdates } from './updates.js';

/** One incremental sync of a stream: deletions first (as the Python connector), then updates, both at one snapshot. */
export async function readIncremental(context: StreamContext, index: string): Promise<void> {
  // A full refresh left unfinished would otherwise resume, some day, from its old snapshot.
  context.checkpoints.state = withoutFullRefresh(context.checkpoints.state);
  const snapshot = await snapshotTime(context.client);
  const since = context.checkpoints.state.updates_cursor?.ts;
  await log(context, 'INFO', `incremental sync with index '${index}' up to snapshot ${snapshot}, `
    + (since === undefined ? 'from the beginning' : `from ts ${since}`));
  if (context.settings.deletions.mode === 'deleted_field') await readDeletions(context, snapshot);
  await readUpdates(context, index, snapshot);
}
