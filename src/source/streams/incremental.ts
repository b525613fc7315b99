import { readDeletions } from './deletions.js';
import { snapshotTime, type StreamContext } from './context.js';
import { readUpdates } from './updates.js';

/** One incremental sync of a stream: deletions first (as the Python connector), then updates, both at one snapshot. */
export async function readIncremental(context: StreamContext, index: string): Promise<void> {
  const snapshot = await snapshotTime(context.client);
  if (context.settings.deletions.mode === 'deleted_field') await readDeletions(context, snapshot);
  await readUpdates(context, index, snapshot);
}
