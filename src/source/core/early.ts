// An answer asked for with the plan, ahead of its stream (the first page of a read): its snapshot
// is the plan's time. A stream that starts long after it (one database among many of a tree) asks
// again, so that its snapshot, and the event feed that follows it, stay well within the
// collection's history retention (15 minutes when history_days is 0).
const MAX_AGE_MS = 60_000;

export interface Early<T> {
  answer: T;
  received: number;
}

export const early = <T>(answer: T): Early<T> => ({ answer, received: performance.now() });

/** The answer, unless it is too old to start a read from. */
export const ifRecent = <T>(value: Early<T> | undefined): T | undefined =>
  value !== undefined && performance.now() - value.received < MAX_AGE_MS ? value.answer : undefined;
