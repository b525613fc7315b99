// How long the collection keeps its history, which is how long a snapshot stays readable. Fauna
// answers a read below it with the oldest time it keeps (whatever the role: the time is checked
// before any document is); FQL v10 does not say when it answered, so the time of the client's
// latest answer stands in: their difference is the retention the server applies. When the answer
// has another shape, the rule of Fauna's docs: history_days, plus 15 minutes.
import { FaunaError } from '../../fauna/errors.js';
import { retentionShownBy } from '../core/errors.js';
import { epochRead } from './queries.js';
import type { Stream } from './stream.js';

const DAY = 86_400e6;
const GRACE = 15 * 60e6;

/** The collection's history retention in µs; undefined when it keeps all history. */
export async function historyRetention(stream: Stream): Promise<number | undefined> {
  const { historyDays, name } = stream.collection;
  if (historyDays === null) return undefined;
  try {
    await stream.client.query(epochRead(name));
  } catch (error) {
    if (!(error instanceof FaunaError)) throw error;
    const shown = retentionShownBy(error, stream.client.lastTxnTime);
    if (shown !== undefined) return shown;
  }
  return historyDays * DAY + GRACE;
}
