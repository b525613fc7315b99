// A read of a whole collection at one snapshot outlives its process through checkpoints: the
// next attempt resumes the saved snapshot. A saved snapshot that aged out between two attempts
// restarts the read at a new one. A snapshot that ages out (or is about to) while this attempt
// reads it is not restarted, which a collection too big to read within the retention would do
// forever: the read goes on from the last document read at a newer snapshot, and the wing makes
// sure that whatever changed since the older one still comes (from the feed, or the index scan).
import { SnapshotExpiredError } from './errors.js';
import { log, type StreamFrame } from './stream.js';

/** A read left unfinished at snapshot `ts`; `resume(progress)` reads on, calling `progress` once something was emitted. */
export interface SavedRead<T> {
  ts: number;
  resume: (progress: () => void) => Promise<T>;
}

/** Resumes the saved read if there is one; `restart()` reads from the beginning at a new snapshot. */
export async function resumeOrRestart<T>(
  frame: StreamFrame,
  saved: SavedRead<T> | undefined,
  restart: () => Promise<T>,
): Promise<T> {
  if (saved === undefined) return restart();
  await log(frame, 'INFO', `resuming the read of snapshot ${saved.ts}`);
  let progressed = false;
  try {
    return await saved.resume(() => {
      progressed = true;
    });
  } catch (error) {
    if (progressed || !(error instanceof SnapshotExpiredError)) throw error;
    await log(
      frame,
      'WARN',
      `the saved snapshot ${saved.ts} is older than the collection's history retention; ` +
        'reading the collection again from the beginning at a new snapshot',
    );
  }
  return restart();
}

/** Thrown before a page of a snapshot past half the collection's history retention: the read moves to a newer one first. */
export class SnapshotAging extends SnapshotExpiredError {}

/**
 * Reads at snapshot `ts` (`read` goes on with what is left, calling `progress` once something was
 * emitted); when that snapshot ages out, or is about to (SnapshotAging), `renew` moves what is left
 * to a newer snapshot and the read goes on there. A round that emitted nothing ends on the expiry,
 * as does a second aging in a row without progress: a page slower than the retention would go
 * round forever.
 */
export async function readAcrossSnapshots(
  frame: StreamFrame,
  ts: number,
  read: (ts: number, progress: () => void) => Promise<void>,
  renew: (error: SnapshotExpiredError) => Promise<number>,
): Promise<void> {
  let idleRounds = 0;
  for (;;) {
    let progressed = false;
    try {
      return await read(ts, () => {
        progressed = true;
      });
    } catch (error) {
      if (!(error instanceof SnapshotExpiredError)) throw error;
      idleRounds = progressed ? 0 : idleRounds + 1;
      if (idleRounds > (error instanceof SnapshotAging ? 1 : 0)) throw error;
      const older = ts;
      ts = await renew(error);
      if (error instanceof SnapshotAging) {
        await log(
          frame,
          'INFO',
          `moving the read from snapshot ${older} to snapshot ${ts}, before the older one ages out of the collection's history retention`,
        );
      } else {
        await log(
          frame,
          'WARN',
          `snapshot ${older} aged out of the collection's history retention during the read; reading on from the last document read, at snapshot ${ts}`,
        );
      }
    }
  }
}
