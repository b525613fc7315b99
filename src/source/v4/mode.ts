import { unknownSyncMode } from '../core/mode.js';
import type { StreamPlan } from './plan.js';

/** How a configured stream is read: its sync_mode, unless the stream cannot honour it. */
export type ReadMode = { mode: 'incremental'; index: string } | { mode: 'full_refresh'; warning?: string };

/**
 * Incremental asked of a stream without an Incremental Sync Index reads it in full, as Airbyte's
 * Python CDK reads a stream without a cursor: PyAirbyte asks incremental of every stream by
 * default, and failing that stream would abort its whole read. Its records still carry the
 * primary key `ref` and the cursor `ts`, so a deduplicating destination keeps one row per
 * document; what the full read cannot carry is the deletions, hence the warning.
 */
export function readMode(syncMode: unknown, plan: StreamPlan): ReadMode {
  if (syncMode === 'full_refresh') return { mode: 'full_refresh' };
  if (syncMode !== 'incremental') throw unknownSyncMode(plan.name, syncMode);
  if (plan.index !== undefined) return { mode: 'incremental', index: plan.index };
  return {
    mode: 'full_refresh',
    warning:
      `Stream '${plan.name}' has no Incremental Sync Index, so it is read in full although incremental was asked for; ` +
      'documents deleted in Fauna stay in a destination that appends or deduplicates: create the index (source ' +
      `'${plan.name}', no terms, values [ts, ref]) to sync deletions, or sync this stream in full refresh with overwrite`,
  };
}
