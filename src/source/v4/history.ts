// Fauna purges the events older than a collection's history retention (history_days, plus 15
// minutes), and a scan of events from an older cursor silently starts past them: the deletions
// in between would be lost without a word. Fauna itself says whether its history still reaches
// a time (a read At that time fails below retention), so that is what is asked before a scan.
import { historyProbe } from './queries.js';
import { SetupError } from '../errors.js';
import { FaunaError } from '../../fauna/errors.js';
import { belowRetention, minimumAllowed, retentionShownBy } from '../core/errors.js';
import { log } from '../core/stream.js';
import type { StreamContext } from './context.js';

export async function assertHistoryReaches(context: StreamContext, since: number): Promise<void> {
  const { client, collection, settings } = context;
  try {
    await client.query(historyProbe(collection, since));
    return;
  } catch (error) {
    if (!belowRetention(error)) throw error;
    const from = new Date(Math.floor(since / 1000)).toISOString();
    // Fauna's own words name the oldest time it still has: "... minimum allowed timestamp <time>."
    const until = minimumAllowed(error) ?? 'the start of the retained history';
    if (settings.deletions.mode === 'deleted_field' && settings.deletions.invalidCursor === 'continue') {
      await log(
        context,
        'WARN',
        `deletions between ${from} and ${until} may be missing: they are older than the collection's ` +
          'history retention, and invalid_cursor_behavior is continue; reset the stream to resync without the gap',
      );
      return;
    }
    throw new SetupError(
      `The deletions of '${collection}' since ${from} cannot all be read: Fauna keeps its history ` +
        `only from ${until} on, so deletions in between may be lost. Reset the stream (a full resync), or set ` +
        'collection.deletions.invalid_cursor_behavior to continue to sync on without them; then raise its history_days ' +
        `(e.g. Update(Collection("${collection}"), { history_days: 30 })) or sync more often, so that syncs are closer together than the retention`,
    );
  }
}

/**
 * The collection's history retention (µs) as Fauna applies it, from a read at the epoch (which it
 * refuses below the retention, naming the oldest time it keeps); undefined when it keeps all
 * history or does not say.
 */
export async function historyRetention(context: StreamContext): Promise<number | undefined> {
  try {
    await context.client.query(historyProbe(context.collection, 0));
    return undefined;
  } catch (error) {
    if (!(error instanceof FaunaError)) throw error;
    return retentionShownBy(error);
  }
}
