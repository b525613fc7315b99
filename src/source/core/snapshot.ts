// A read of a whole collection at one snapshot outlives its process through checkpoints: the
// next attempt resumes the saved snapshot. A saved snapshot that aged out between two attempts
// restarts the read at a new one; one that ages out while this attempt reads it would again and
// again, so that failure is thrown for the stream to report with what to change.
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
