// Incremental creates and updates: the entries of the collection's [ts, ref] index from the
// cursor up to the sync's snapshot, cut into ts ranges read concurrently, all under At(snapshot)
// so a document updated during the sync is not chased (it is read next time). Range bounds are
// inclusive: the boundary entry (the last document emitted before) is skipped. Each page is a new
// Range from the last entry emitted, never a cursor from another Range: Fauna's RangeSet weighs
// a cursor against its own bounds by document id first, so a foreign cursor is not clamped.
import { parseJson } from '../../fauna/json.js';
import type { WireValue } from '../../fauna/wire.js';
import { pageByteBudget, PageSizer } from '../core/paging.js';
import { RangeSet, readParts, splitEvenly, type KeyRange } from '../core/ranges.js';
import { SnapshotAging } from '../core/snapshot.js';
import { asIs, emitDocuments } from '../core/stream.js';
import type { DocumentPosition } from '../core/checkpoints.js';
import { cursorRefId, type StreamState, type TsRange } from './state.js';
import { MAX_PAGE, outlived, queryPage, type Page, type StreamContext } from './context.js';
import { rangeStart, updatesRangePage } from './queries.js';

interface TsPart extends KeyRange {
  ref: string | undefined;
  sizer: PageSizer;
}

/**
 * The ts ranges of a scan up to `snapshot`: those an interrupted scan left, then from its snapshot
 * (or from the updates cursor) on, cut about one per worker up to the index's last entry. The ts
 * ranges hold at any snapshot, so a resumed scan reads at the new one: a document updated since
 * left its old range for the new one.
 */
export function scanRanges(state: StreamState, snapshot: number, lastEntry: Page, concurrency: number): TsRange[] {
  const saved = state.updates_scan;
  const start = saved === undefined ? scanStart(state) : { ts: saved.ts + 1 };
  const ranges = saved?.ranges ?? [];
  if (start.ts > snapshot) return ranges;
  const last = lastEntry.data[0] as [number, WireValue] | undefined;
  const end = last === undefined || last[0] < start.ts ? start.ts : last[0];
  const cut = splitEvenly(BigInt(start.ts), BigInt(end), concurrency).map(([from, to], i): TsRange => ({
    from: Number(from),
    ...(i === 0 && start.ref !== undefined && { ref: start.ref }),
    to: Number(to),
  }));
  // Up to the snapshot itself, whatever the index held when its last entry was read.
  cut.at(-1)!.to = snapshot;
  return [...ranges, ...cut];
}

/** Where a new scan starts: after the last document emitted, or at the next entry of the Python connector's `after`. */
function scanStart(state: StreamState): { ts: number; ref?: string } {
  const cursor = state.updates_cursor ?? {};
  if (cursor.after !== undefined) {
    // Its next entry [ts, ref, ...] has not been emitted: start at the id before it, which no entry skips.
    const entry = parseJson(cursor.after) as WireValue[];
    const ref = cursorRefId(cursor.after);
    if (Array.isArray(entry) && typeof entry[0] === 'number' && ref !== undefined)
      return { ts: entry[0], ref: String(BigInt(ref) - 1n) };
  }
  return { ts: cursor.ts ?? 0, ...(cursor.ref !== undefined && { ref: cursor.ref }) };
}

/** How a scan reads: the history `retention` (µs) when its snapshot must move before half of it, and the page size reached so far. */
export interface ScanPace {
  retention: number | undefined;
  pageSize?: number;
}

/**
 * Reads the ts ranges at `snapshot`, calling `progress` after each page; with a retention, no
 * page is asked once the snapshot is half that old (SnapshotAging). Pages start at the size
 * `pace` reached, which a scan moved to a newer snapshot goes on with.
 */
export async function readUpdates(
  context: StreamContext,
  index: string,
  snapshot: number,
  ranges: TsRange[],
  pace: ScanPace,
  progress: () => void,
): Promise<void> {
  const { checkpoints, collection, settings } = context;
  const { retention } = pace;
  const budget = pageByteBudget(context.concurrency);
  const part = (lo: bigint, hi: bigint, ref: string | undefined): TsPart => ({
    lo,
    hi,
    ref,
    sizer: new PageSizer(settings, budget, MAX_PAGE, pace.pageSize),
  });
  const set = new RangeSet<TsPart>(
    ranges.map((range) => part(BigInt(range.from), BigInt(range.to), range.ref)),
    (range, mid) => part(mid + 1n, range.hi, undefined),
  );
  let last = checkpoints.state.updates_scan?.last;
  await readParts(context, set, {
    page: (range) => {
      if (retention !== undefined && context.client.lastTxnTime - snapshot >= retention / 2)
        throw new SnapshotAging(outlived(context));
      return queryPage(
        context,
        updatesRangePage(
          index,
          rangeStart(collection, Number(range.lo), range.ref),
          Number(range.hi),
          snapshot,
          range.sizer.size,
        ),
      );
    },
    take: async (range, page) => {
      // The range may have been split while this page was in flight: its upper part is another's.
      const mine = page.data.filter((document) => BigInt(documentTs(document)) <= range.hi);
      const boundary = range.ref === undefined ? undefined : { ts: Number(range.lo), ref: range.ref };
      const emitted = await emitDocuments(context, mine, asIs, boundary);
      range.sizer.observe(page.data.length, emitted.bytes);
      pace.pageSize = Math.max(pace.pageSize ?? 0, range.sizer.size);
      progress();
      if (emitted.last !== undefined && (last === undefined || follows(emitted.last, last))) last = emitted.last;
      if (page.after === undefined || mine.length < page.data.length) range.done = true;
      else if (emitted.last === undefined || (emitted.last.ts === boundary?.ts && emitted.last.ref === boundary.ref)) {
        // A full page of entries of the boundary document (an index with a value per array item): look further.
        range.sizer.grow();
      } else {
        range.lo = BigInt(emitted.last.ts);
        range.ref = emitted.last.ref;
        range.more = true;
      }
      return mine.length;
    },
    save: (remaining) => {
      const left = remaining.map((range) => ({
        from: Number(range.lo),
        ...(range.ref !== undefined && { ref: range.ref }),
        to: Number(range.hi),
      }));
      checkpoints.state = { ...checkpoints.state, updates_scan: { ts: snapshot, ranges: left, ...(last && { last }) } };
    },
  });
  const { updates_scan: _done, ...rest } = checkpoints.state;
  checkpoints.state = last === undefined ? rest : { ...rest, updates_cursor: last };
}

function documentTs(document: WireValue): number {
  return (document as { ts: number }).ts;
}

function follows(a: DocumentPosition, b: DocumentPosition): boolean {
  return a.ts !== b.ts ? a.ts > b.ts : BigInt(a.ref) > BigInt(b.ref);
}
