// The one transaction clock: every transaction gets ts = max(last + 1, now) in microseconds.

export type MicrosSource = () => number;

const wallBase = Date.now() * 1000 - Number(process.hrtime.bigint() / 1000n);
export const wallMicros: MicrosSource = () => wallBase + Number(process.hrtime.bigint() / 1000n);

export class Clock {
  last = 0;
  constructor(private readonly now: MicrosSource = wallMicros) {}

  next(): number {
    this.last = Math.max(this.last + 1, this.now());
    return this.last;
  }

  /** Wall time, for retention windows. */
  wall(): number {
    return this.now();
  }
}
