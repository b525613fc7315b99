// An answer asked for with the plan, ahead of its stream (the first page of a read): its snapshot
// is the plan's time. A stream that starts long after it (one database among many of a tree) asks
// again, so that its snapshot, and the event feed that follows it, stay well within the
// collection's history retention (15 minutes when history_days is 0).
import { SetupError } from '../errors.js';

const MAX_AGE_MS = 60_000;

/**
 * For tests only (docs/database-trees.md): SOURCE_FAUNA_EARLY_PAGE_MAX_AGE_MS shortens the age
 * beyond which an early answer is asked for again, so that a test can make one too old.
 */
const VARIABLE = 'SOURCE_FAUNA_EARLY_PAGE_MAX_AGE_MS';

/** The largest age of an early answer: MAX_AGE_MS, or less when the variable says so. */
function maxAge(setting: string | undefined): number {
  if (setting === undefined) return MAX_AGE_MS;
  if (!/^\d+$/.test(setting) || Number(setting) > MAX_AGE_MS) {
    throw new SetupError(
      `The environment variable ${VARIABLE} is ${JSON.stringify(setting)}: it must be a whole ` +
        `number of milliseconds from 0 to ${MAX_AGE_MS}. It is meant for tests only; unset it`,
    );
  }
  return Number(setting);
}

let limit: number | undefined;
// Read when the first early answer is made: a read that makes none never depends on the variable.
const limitMs = (): number => (limit ??= maxAge(process.env[VARIABLE]));

export interface Early<T> {
  answer: T;
  received: number;
}

/** An answer that came with the plan; an invalid SOURCE_FAUNA_EARLY_PAGE_MAX_AGE_MS fails the plan here. */
export function early<T>(answer: T): Early<T> {
  limitMs();
  return { answer, received: performance.now() };
}

/** The answer, unless it is too old to start a read from. */
export const ifRecent = <T>(value: Early<T> | undefined): T | undefined =>
  value !== undefined && performance.now() - value.received < limitMs() ? value.answer : undefined;
