// The errors of a read pinned to a snapshot, whatever the API: Fauna keeps a collection's history
// for history_days only (plus 15 minutes), so a snapshot, a cursor or a feed position older than
// that can no longer be read.
import { FaunaError } from '../../fauna/errors.js';
import { SetupError } from '../errors.js';

/** The snapshot aged out of the collection's history while this sync read it. */
export class SnapshotExpiredError extends SetupError {}

/** 400 "Requested timestamp … less than minimum allowed timestamp …": a time below the history retention. */
export function belowRetention(error: unknown): error is FaunaError {
  return error instanceof FaunaError && error.status === 400 && /minimum allowed timestamp/i.test(error.description);
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
