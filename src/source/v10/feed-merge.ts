// Merging feed ranges, so that the state keeps room to cut the next catch-up's new documents into
// max_concurrency ranges (feed-ranges.ts planRanges) however often ranges were cut before. Only
// ranges polled to their end in this sync are merged: the cursor that ends a poll is (T, 0), T the
// poll's snapshot, every event of the range at or before T was emitted, and none lies between its
// `through` and T (feed.ts). T itself is not in the answer (the cursor is opaque), but `through` is
// raised to a time known to be at or before it, so a feed from start_ts min(through) of the parts
// misses none of their events. Each part's events between that start and its own `through` were
// emitted already: the merged range keeps those times by id sub-range (`emitted`) and skips those
// events, until a poll of the merged range passes them.
import type { FeedRange } from './feed-ranges.js';

/** Ids in [from, to) (a bound left out is open) whose events at or before `through` were emitted already. */
export interface Emitted {
  from?: bigint;
  to?: bigint;
  through: number;
}

/** The bounds of a range as the state keeps them: an open bound left out. */
function boundsOf(range: FeedRange): { from?: bigint; to?: bigint } {
  return { ...(!range.openBelow && { from: range.lo }), ...(!range.openAbove && { to: range.hi + 1n }) };
}

/** The entries within the ids of `range`, each cut to them. */
export function clipEmitted(emitted: Emitted[], range: FeedRange): Emitted[] {
  const { from, to } = boundsOf(range);
  const out: Emitted[] = [];
  for (const entry of emitted) {
    const lo = entry.from === undefined ? from : from === undefined || entry.from > from ? entry.from : from;
    const hi = entry.to === undefined ? to : to === undefined || entry.to < to ? entry.to : to;
    if (lo !== undefined && hi !== undefined && lo >= hi) continue;
    out.push({ ...(lo !== undefined && { from: lo }), ...(hi !== undefined && { to: hi }), through: entry.through });
  }
  return out;
}

/** Whether the event of document `id` at `ts` was emitted already by a range merged into this one. */
export function emittedBefore(emitted: Emitted[], id: bigint, ts: number): boolean {
  return emitted.some(
    (entry) =>
      ts <= entry.through &&
      (entry.from === undefined || id >= entry.from) &&
      (entry.to === undefined || id < entry.to),
  );
}

/** The latest time at or before which `emitted` may hold an event: an event after it needs no id read. */
export function emittedUntil(emitted: Emitted[]): number {
  return emitted.reduce((latest, entry) => Math.max(latest, entry.through), -1);
}

/**
 * Merges neighbours of `ranges` (in place) that were polled to their end in this sync, the pair
 * that brought the fewest events first, until at most `target` ranges are left or no pair can be
 * merged; true when one was. The range open above is never merged: the documents created since
 * it was polled are in it, and the next catch-up cuts them off by its poll time.
 */
export function mergeQuiet(ranges: FeedRange[], target: number): boolean {
  let merged = false;
  while (ranges.length > target) {
    const sorted = [...ranges].sort((a, b) => (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0));
    let best: [FeedRange, FeedRange] | undefined;
    for (let i = 0; i + 1 < sorted.length; i++) {
      const pair: [FeedRange, FeedRange] = [sorted[i]!, sorted[i + 1]!];
      if (!pair.every(mergeable) || pair[1].openAbove || pair[0].hi + 1n !== pair[1].lo) continue;
      if (best === undefined || taken(pair) < taken(best)) best = pair;
    }
    if (best === undefined) break;
    const [low, high] = best;
    ranges.splice(ranges.indexOf(low), 1, joined(low, high));
    ranges.splice(ranges.indexOf(high), 1);
    merged = true;
  }
  return merged;
}

const taken = ([a, b]: [FeedRange, FeedRange]): number => a.taken + b.taken;

/** Polled to its end in this sync, its page emitted, and with a time its events are known emitted through. */
const mergeable = (range: FeedRange): boolean =>
  range.done === true && range.emitting !== true && range.through !== undefined;

/** The two ranges as one, from the earlier of their times, each one's later events skipped. */
function joined(low: FeedRange, high: FeedRange): FeedRange {
  const start = Math.min(low.through!, high.through!);
  const own = (range: FeedRange): Emitted[] => [
    ...(range.through! > start ? [{ ...boundsOf(range), through: range.through! }] : []),
    ...range.emitted.filter((entry) => entry.through > start),
  ];
  return {
    lo: low.lo,
    hi: high.hi,
    openBelow: low.openBelow,
    openAbove: false,
    position: { start_ts: start },
    through: start,
    last: start,
    emitted: [...own(low), ...own(high)],
    sizer: low.sizer,
    taken: low.taken + high.taken,
    floor: 0,
    done: true,
  };
}
