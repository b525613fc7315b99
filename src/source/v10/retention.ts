// How long the collection keeps its history, which is how long a snapshot stays readable. Fauna
// answers a read below it with the oldest time it keeps and the time of the answer: their
// difference is the retention the server applies. When it does not say (a role without
// history_read, an answer of another shape), the rule of Fauna's docs: history_days, plus 15
// minutes.
import { FaunaError } from '../../fauna/errors.js';
import { timeToMicros } from '../../fauna/v10/tagged.js';
import { belowRetention } from '../core/errors.js';
import { epochRead } from './queries.js';
import type { Stream } from './stream.js';

const DAY = 86_400e6;
const GRACE = 15 * 60e6;

/** The collection's history retention in µs; undefined when it keeps all history. */
export async function historyRetention(stream: Stream): Promise<number | undefined> {
  const { historyDays, name } = stream.collection;
  if (historyDays === null) return undefined;
  const rule = historyDays * DAY + GRACE;
  try {
    await stream.client.query(epochRead(name));
  } catch (error) {
    if (!(error instanceof FaunaError)) throw error;
    const oldest = belowRetention(error) ? minimumAllowed(error.description) : undefined;
    if (oldest !== undefined && error.txnTs !== undefined && error.txnTs > oldest) return error.txnTs - oldest;
  }
  return rule;
}

/** The oldest time a retention error names (RFC 3339, or microseconds), in µs. */
function minimumAllowed(description: string): number | undefined {
  const text = /minimum allowed timestamp (\S+?)\.?$/.exec(description)?.[1];
  if (text === undefined) return undefined;
  if (/^\d+$/.test(text)) return Number(text);
  try {
    return timeToMicros(text);
  } catch {
    return undefined;
  }
}
