// The one transaction clock. The core commits transactions in 10 ms epochs and gives each one a
// time inside its epoch on a whole millisecond while an epoch holds at most ten (the first at the
// epoch's start): `Epoch.MillisPerEpoch` and `Epoch.timestamp` in `ext/tx/.../transactions/Epoch.scala`
// of `fauna/faunadb`. So an idle core's times fall on a 10 ms grid. Here a transaction takes the
// start of the current epoch when it is past the last time given, else the next millisecond: no
// waiting for an epoch to close, whole milliseconds always, the grid whenever the server is idle.

import { RETENTION_GRACE_MICROS } from './collection.js';

export type MicrosSource = () => number;

const MILLI = 1000;
const EPOCH_MICROS = 10 * MILLI;

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
    this.last = Math.max(this.last + MILLI, now - (now % EPOCH_MICROS));
    return this.last;
  }

  /** Wall time, for retention windows. */
  wall(): number {
    return this.now();
  }
}
