// The errors of a read pinned to a snapshot, whatever the API: Fauna keeps a collection's history
// for history_days only (plus 15 minutes), so a snapshot, a cursor or a feed position older than
// that can no longer be read.
import { FaunaError } from '../../fauna/errors.js';
import { timeToMicros } from '../../fauna/v10/tagged.js';
import { SetupError } from '../errors.js';

/** The snapshot aged out of the collection's history while this sync read it. */
export class SnapshotExpiredError extends SetupError {}

/** 400 "Requested timestamp … less than minimum allowed timestamp …": a time below the history retention. */
export function belowRetention(error: unknown): error is FaunaError {
  return error instanceof FaunaError && error.status === 400 && /minimum allowed timestamp/i.test(error.description);
}

/** The oldest time a retention error names, as Fauna words it (RFC 3339 time, or microseconds); undefined when it names none. */
export function minimumAllowed(error: FaunaError): string | undefined {
  return /minimum allowed timestamp (\S+?)\.?$/.exec(error.description)?.[1];
}

/**
 * The history retention (µs) that a read below it shows: the time of the failed transaction less
 * the oldest time it names; undefined when the error is another or does not say both. FQL v10
 * answers it as a protocol error, with no txn_ts (`ProtocolError` in
 * `ext/api/src/main/scala/api/fql2/FQL2Response.scala` of `fauna/faunadb`): `latest`, the time of
 * the client's latest answer, stands in for it; being a little earlier, it gives a retention a
 * little shorter, on the safe side.
 */
export function retentionShownBy(error: unknown, latest?: number): number | undefined {
  if (!belowRetention(error)) return undefined;
  const now = error.txnTs ?? (latest ? latest : undefined);
  if (now === undefined) return undefined;
  const text = minimumAllowed(error);
  if (text === undefined) return undefined;
  let oldest: number;
  try {
    oldest = /^\d+$/.test(text) ? Number(text) : timeToMicros(text);
  } catch {
    return undefined;
  }
  return now > oldest ? now - oldest : undefined;
}

/** Reads at a snapshot: below the retention, a SnapshotExpiredError with `message()` is thrown instead. */
export async function atSnapshot<T>(read: () => Promise<T>, message: () => string): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (!belowRetention(error)) throw error;
    throw new SnapshotExpiredError(message());
  }
}
