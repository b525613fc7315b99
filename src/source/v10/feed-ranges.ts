// The id ranges a collection's event feed is read in, concurrently. A feed filtered to an id range
// gives exactly the events of that range's documents, and from any cursor of the collection's feed:
// an event's cursor is its place among every change of its transaction before any filter
// (`reduceIndexRows` in `runtime/stream/StreamValue.scala` of `fauna/faunadb`), so a range cut in
// two goes on from the cursor it had, in both halves. The ranges are the core's key ranges
// (core/ranges.ts): the saved ones are cut, as a full read plans its ranges (splitEvenly), until
// there are max_concurrency of them, and the ids of the documents created since the last sync (in
// the one open above) again; while
// the feed is read, an idle worker cuts a range whose last page came back full (work stealing).
// The state keeps at most twice max_concurrency ranges: the ranges polled to their end are merged
// (feed-merge.ts) when a cut has no room, and at the end of the sync down to max_concurrency, so
// that the next catch-up can always cut its new documents into max_concurrency ranges.
import type { Tagged } from '../../fauna/v10/tagged.js';
import type { PageSizer } from '../core/paging.js';
import { firstIdAt } from '../created-at.js';
import { RangeSet, splitEvenly, type KeyRange } from '../core/ranges.js';
import { clipEmitted, mergeQuiet, type Emitted } from './feed-merge.js';
import type { FeedPart } from './state.js';

export interface FeedRange extends KeyRange {
  /**
   * The bound is open (the first range, the last one): `lo` (`hi`) is then only where the
   * collection's ids began (ended) when the sync started, where cuts are made.
   */
  openBelow: boolean;
  openAbove: boolean;
  position: { cursor: string } | { start_ts: number };
  /** Events at or before this time were emitted already (FeedPosition.through_ts). */
  through: number | undefined;
  /** The time of the last event this range emitted, or `through`. */
  last: number | undefined;
  /** Events emitted already by the ranges merged into this one, later than `through` (FeedPart.emitted). */
  emitted: Emitted[];
  /** The events it emitted in this sync. */
  taken: number;
  /**
   * The latest transaction time the client had seen when it asked for the range's last page: that
   * page's snapshot is at or after it (the request's x-last-txn-ts is its `minSnapTime`, and a
   * query's snapshot is the clock's time `max minSnapTime`: in `fauna/faunadb`,
   * `ext/api/src/main/scala/api/CoreApplication.scala` and `ext/repo/src/main/scala/query/Query.scala`).
   */
  floor: number;
  sizer: PageSizer;
  /** Its event source's token, made for this sync. */
  token?: string;
}

/** The ids of the collection's first and last documents when the sync started (none when empty). */
export interface IdEnds {
  first?: bigint;
  last?: bigint;
}

/** The ends in an answer of `idEnds` (queries.ts): `{first, last}`, each null when the collection is empty. */
export function idEndsIn(answer: Tagged): IdEnds {
  const { first, last } = answer as { first: Tagged; last: Tagged };
  return {
    ...(typeof first === 'string' && { first: BigInt(first) }),
    ...(typeof last === 'string' && { last: BigInt(last) }),
  };
}

/** Makes a range's page sizer: a range cut from another starts at the size its parent reached. */
export type Sizer = (size?: number) => PageSizer;

/** The saved parts as ranges, their open bounds placed at the collection's ends. */
export function rangesOf(saved: FeedPart[], ends: IdEnds, sizer: Sizer): FeedRange[] {
  return saved.map((part) => {
    const from = part.from === undefined ? undefined : BigInt(part.from);
    const to = part.to === undefined ? undefined : BigInt(part.to) - 1n;
    const lo = from ?? (ends.first !== undefined && (to === undefined || ends.first <= to) ? ends.first : (to ?? 0n));
    const hi = to ?? (ends.last !== undefined && ends.last >= lo ? ends.last : lo);
    const through = part.cursor !== undefined ? part.through_ts : part.start_ts;
    return {
      lo,
      hi,
      openBelow: from === undefined,
      openAbove: to === undefined,
      position: part.cursor !== undefined ? { cursor: part.cursor } : { start_ts: part.start_ts! },
      through,
      last: through,
      emitted: (part.emitted ?? []).map((entry) => ({
        ...(entry.from !== undefined && { from: BigInt(entry.from) }),
        ...(entry.to !== undefined && { to: BigInt(entry.to) }),
        through: entry.through_ts,
      })),
      taken: 0,
      floor: 0,
      sizer: sizer(),
    };
  });
}

/**
 * The ranges, the widest cut evenly until there are `count` of them (fewer when they are too
 * narrow); then the range open above, which holds every document created since the last sync, cut
 * into up to `count` more, within `cap` ranges in all, unless it starts at the snapshot just read.
 * Fauna's ids are snowflakes (created-at.ts): the documents created since the range open above was
 * last polled have ids from the first id of that time on, so that part of it, where a catch-up's
 * new documents are, is cut off first and only it is cut into those `count` more, evenly, rather
 * than the top of the ranges cut by width, whose lower ranges would hold most of the new documents.
 */
export function planRanges(ranges: FeedRange[], count: number, cap: number, sizer: Sizer): FeedRange[] {
  const out = [...ranges];
  // A range that starts at the snapshot just read holds no document created since.
  const open = out.find((range) => range.openAbove && 'cursor' in range.position);
  const fresh = open !== undefined && count > 1 && out.length < cap ? freshPart(out, open, sizer) : undefined;
  while (out.length < count) {
    const widest = out.reduce((a, b) => (b === fresh || (a !== fresh && b.hi - b.lo <= a.hi - a.lo) ? a : b));
    if (widest === fresh || !cutEvenly(out, widest, count - out.length + 1, sizer)) break;
  }
  const newest = fresh ?? out.find((range) => range.openAbove && 'cursor' in range.position);
  if (newest === undefined) return out;
  if (out.length < cap) cutEvenly(out, newest, Math.min(count, cap - out.length + 1), sizer);
  // The ranges of the new documents are read first: the others hold updates only, often none, and
  // each would take a worker's first round trip before any new document is read.
  const from = newest.lo;
  return out.sort((a, b) => Number(b.lo >= from) - Number(a.lo >= from));
}

/**
 * Cuts `open` (the range open above) at the first id of the time it was polled to, when that id
 * is inside it; returns the part above, or undefined when there is no such cut (ids the
 * application chose, or a range with no time).
 */
function freshPart(ranges: FeedRange[], open: FeedRange, sizer: Sizer): FeedRange | undefined {
  if (open.through === undefined) return undefined;
  const from = firstIdAt(open.through);
  if (from <= open.lo || from > open.hi) return undefined;
  const fresh = clipped({ ...copyOf(open, sizer), lo: from, openBelow: false });
  ranges.splice(ranges.indexOf(open), 1, clipped({ ...copyOf(open, sizer), hi: from - 1n, openAbove: false }), fresh);
  return fresh;
}

/** Replaces `range` in `ranges` by `pieces` ranges of about equal width; false when it is too narrow to cut. */
function cutEvenly(ranges: FeedRange[], range: FeedRange, pieces: number, sizer: Sizer): boolean {
  const bounds = splitEvenly(range.lo, range.hi, pieces);
  if (bounds.length < 2) return false;
  ranges.splice(
    ranges.indexOf(range),
    1,
    ...bounds.map(([lo, hi], i) =>
      clipped({
        ...copyOf(range, sizer),
        lo,
        hi,
        openBelow: i === 0 && range.openBelow,
        openAbove: i === bounds.length - 1 && range.openAbove,
      }),
    ),
  );
  return true;
}

/** The ranges as the state keeps them, in id order. */
export function partsOf(ranges: FeedRange[]): FeedPart[] {
  return [...ranges].sort((a, b) => (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0)).map(partOf);
}

/** A range as the state keeps it: its ids [from, to), its position and what merged ranges emitted already. */
export function partOf(range: FeedRange): FeedPart {
  return {
    ...(!range.openBelow && { from: String(range.lo) }),
    ...(!range.openAbove && { to: String(range.hi + 1n) }),
    ...('cursor' in range.position
      ? { cursor: range.position.cursor, ...(range.through !== undefined && { through_ts: range.through }) }
      : range.position),
    ...(range.emitted.length > 0 && {
      emitted: range.emitted.map((entry) => ({
        ...(entry.from !== undefined && { from: String(entry.from) }),
        ...(entry.to !== undefined && { to: String(entry.to) }),
        through_ts: entry.through,
      })),
    }),
  };
}

/**
 * A range's copy that goes on from where it is, with a sizer of its own, no token yet, and no
 * events counted (the range it was cut from keeps them: merges weigh each event once).
 */
function copyOf(range: FeedRange, sizer: Sizer): FeedRange {
  const { token: _own, ...rest } = range;
  return { ...rest, position: { ...range.position }, sizer: sizer(range.sizer.size), taken: 0 };
}

/** `range` with what merged ranges emitted cut to its own ids. */
function clipped(range: FeedRange): FeedRange {
  range.emitted = clipEmitted(range.emitted, range);
  return range;
}

/** The feed's ranges being read, every one of them kept (`all`) for the state: a range polled to its end is done for this sync only. */
export class FeedRanges extends RangeSet<FeedRange> {
  readonly all: FeedRange[];

  constructor(
    ranges: FeedRange[],
    private readonly cap: number,
    sizer: Sizer,
  ) {
    const all = [...ranges];
    super(ranges, (range, mid) => {
      const upper = clipped({ ...copyOf(range, sizer), lo: mid + 1n, openBelow: false });
      range.openAbove = false;
      range.emitted = clipEmitted(range.emitted, { ...range, hi: mid });
      // Its source holds the upper part too: its next page asks a source of its own.
      range.token = undefined;
      all.push(upper);
      return upper;
    });
    this.all = all;
  }

  /** Ids say nothing of how many changes are left: a feed gives no estimate. */
  override keysLeft(): undefined {
    return undefined;
  }

  /** A cut needs room in the state: ranges polled to their end are merged to make it, only when a range is worth a cut. */
  protected override steal(): FeedRange | undefined {
    if (this.all.length >= this.cap && (this.widest() === undefined || !mergeQuiet(this.all, this.cap - 1)))
      return undefined;
    return super.steal();
  }
}
