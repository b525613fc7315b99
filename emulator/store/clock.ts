// The one transaction clock: every transaction gets a time in microseconds on a whole millisecond,
// as the core's are (never a fraction of one): ts = max(last + 1 ms, now rounded down to its ms).

import { RETENTION_GRACE_MICROS } from './collection.js';

export type MicrosSource = () => number;

const MILLI = 1000;

const wallBase = Date.now() * 1000 - Number(process.hrtime.bigint() / 1000n);
export const wallMicros: MicrosSource = () => wallBase + Number(process.hrtime.bigint() / 1000n);

export class Clock {
  last = 0;
  /** `historyGrace`: how much longer than history_days history is kept (the core's 15 minutes). */
  constructor(
    private readonly now: MicrosSource = wallMicros,
    readonly historyGrace: number = RETENTION_GRACE_MICROS,
  ) {}

  next(): number {
    const now = this.now();
    this.last = Math.max(this.last + MILLI, now - (now % MILLI));
    return this.last;
  }

  /** Wall time, for retention windows. */
  wall(): number {
    return this.now();
  }
}
