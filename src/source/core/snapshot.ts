// A read of a whole collection at one snapshot outlives its process through checkpoints: the
// next attempt resumes the saved snapshot. A saved snapshot that aged out between two attempts
// restarts the read at a new one; one that ages out while this attempt reads it would again and
// again, so that failure is thrown for the stream to report with what to change.
import { SnapshotExpiredError } from './errors.js';
import { log, type StreamFrame } from './stream.js';

/**
 * `resume(progress)` reads on from the snapshot saved at `savedTs` (calling `progress` once
 * something was emitted); `restart()` reads from the beginning at a new snapshot. Without a
 * saved snapshot, only `restart` runs.
 */
export async function resumeOrRestart<T>(
  frame: StreamFrame,
  savedTs: number | undefined,
  resume: (progress: () => void) => Promise<T>,
  restart: () => Promise<T>,
): Promise<T> {
  if (savedTs === undefined) return restart();
  await log(frame, 'INFO', `resuming the read of snapshot ${savedTs}`);
  let progressed = false;
  try {
    return await resume(() => {
      progressed = true;
    });
  } catch (error) {
    if (progressed || !(error instanceof SnapshotExpiredError)) throw error;
    await log(frame, 'WARN', `the saved snapshot ${savedTs} is older than the collection's history retention; `
      + 'reading the collection again from the beginning at a new snapshot');
  }
  return restart();
}
