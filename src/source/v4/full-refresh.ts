// Full refresh: every document of the collection as of one snapshot. The first round trip brings
// the snapshot, the first page and the last document's ref; the ids in between are then cut into
// ranges (Range over Documents(C), refs as inclusive bounds) read concurrently, each page under
// At(snapshot) and checkpointed, so a restarted sync resumes its ranges in the same snapshot.
// Each page of a range is a new Range from the id after the last one emitted: no cursor is ever
// carried from one Range to another (Fauna's RangeSet weighs a cursor against its own bounds by
// document id first, so a foreign cursor is not clamped). A snapshot that ages out during the
// read moves the ranges left to a newer one: each document is still read once, at one snapshot
// or the other.
import type { Expr } from '../../fauna/v4/query.js';
import { firstPageSize, pageByteBudget, PageSizer } from '../core/paging.js';
import { RangeSet, readParts, splitEvenly, type KeyRange } from '../core/ranges.js';
import { readAcrossSnapshots, resumeOrRestart } from '../core/snapshot.js';
import { ifRecent } from '../core/early.js';
import { asIs, emitDocuments, log } from '../core/stream.js';
import type { StreamSettings } from '../config.js';
import { currentTime, documentsRangePage, fullRefreshStart, fullRefreshStarts, lastDocument } from './queries.js';
import { assertReadable } from './readable.js';
import { cursorRefId, withoutFullRefresh, type IdRange } from './state.js';
import { documentId, MAX_PAGE, queryPage, type Page, type StreamContext } from './context.js';

interface IdPart extends KeyRange {
  sizer: PageSizer;
}

interface Start {
  ts?: number;
  page: Page;
  last: Page;
}

/** `running` is called once the collection is known to be readable, before the first record. */
export async function readFullRefresh(context: StreamContext, running: () => Promise<void>): Promise<void> {
  const saved = context.checkpoints.state.full_sync_cursor;
  if (saved !== undefined) {
    await assertReadable(context.client, context.collection);
    await running();
  }
  const resume = saved && {
    ts: saved.ts,
    resume: async (progress: () => void): Promise<void> => {
      const ranges =
        saved.ranges ?? (await (saved.after !== undefined ? legacyRanges(context, saved.ts, saved.after) : undefined));
      if (ranges === undefined) await readFromStart(context, saved.ts, progress);
      else await readRanges(context, saved.ts, ranges, sizer(context).size, progress);
    },
  };
  await resumeOrRestart(context, resume, () => readFromStart(context, undefined, () => undefined, running));
  context.checkpoints.state = withoutFullRefresh(context.checkpoints.state);
}

const sizer = (context: StreamContext, size?: number): PageSizer =>
  new PageSizer(context.settings, pageByteBudget(context.concurrency), MAX_PAGE, size);

/** The whole collection at `snapshot` (a new one when undefined): the first page, then the ranges after it. */
async function readFromStart(
  context: StreamContext,
  snapshot: number | undefined,
  progress: () => void,
  running?: () => Promise<void>,
): Promise<void> {
  const { collection, checkpoints } = context;
  const first = sizer(context);
  const { ts, page, last } = await context.slots.with(async () => {
    const opening = snapshot === undefined ? ifRecent(context.opening) : undefined;
    const start = (opening ??
      (await queryPage(context, fullRefreshStart(collection, first.size, snapshot)))) as unknown as Start;
    if (running) {
      await assertReadable(context.client, collection, start.page);
      await running();
      await log(context, 'INFO', `full refresh of snapshot ${snapshot ?? start.ts!}`);
    }
    // The first page and the ranges after it span the ids from the first document to the last.
    const [head, end] = [start.page.data[0], start.last.data[0]];
    context.estimate.begin(head && end ? documentId({ ref: end }) - documentId(head) + 1n : 0n);
    const { bytes } = await emitDocuments(context, start.page.data, asIs);
    first.observe(start.page.data.length, bytes);
    progress();
    return { ...start, ts: snapshot ?? start.ts! };
  });
  const lastId = last.data[0] === undefined ? undefined : documentId({ ref: last.data[0] });
  const ranges: IdRange[] =
    page.after === undefined || lastId === undefined
      ? []
      : splitEvenly(documentId(page.data.at(-1)!) + 1n, lastId, context.concurrency).map(([from, to]) => ({
          from: String(from),
          to: String(to),
        }));
  await context.estimate.left(ranges.length === 0 ? 0n : lastId! - documentId(page.data.at(-1)!));
  checkpoints.state = { ...checkpoints.state, full_sync_cursor: { ts, ranges } };
  if (ranges.length > 0) await checkpoints.checkpoint();
  await readRanges(context, ts, ranges, first.size, progress);
}

/**
 * The first query of new full refreshes of `collections`, all in one, to send with the plan's
 * (read.ts): each stream's answer, its opening, is then there when the stream starts.
 */
export const openingsQuery = (collections: string[], settings: StreamSettings): Expr =>
  fullRefreshStarts(collections, firstPageSize(settings, MAX_PAGE));

/** 0.2.0 and the Python connector saved the cursor of the next page: the range from its document to the last. */
async function legacyRanges(context: StreamContext, snapshot: number, after: string): Promise<IdRange[]> {
  // The saved state was checked: its cursor holds a document ref.
  const from = cursorRefId(after)!;
  const last = await queryPage(context, lastDocument(context.collection, snapshot));
  const to = last.data[0] === undefined ? undefined : documentId({ ref: last.data[0] });
  return to === undefined || to < BigInt(from) ? [] : [{ from, to: String(to) }];
}

/** Reads `ranges` from `snapshot` on, and on at a newer snapshot when it ages out. */
async function readRanges(
  context: StreamContext,
  snapshot: number,
  ranges: IdRange[],
  pageSize: number,
  progress: () => void,
): Promise<void> {
  const { checkpoints } = context;
  const left = (): IdRange[] => checkpoints.state.full_sync_cursor?.ranges ?? ranges;
  await readAcrossSnapshots(
    context,
    snapshot,
    (ts, progressed) =>
      readRangesAt(context, ts, left(), pageSize, () => {
        progress();
        progressed();
      }),
    async () => {
      const ts = (await context.client.query(currentTime())) as number;
      checkpoints.state = { ...checkpoints.state, full_sync_cursor: { ts, ranges: left() } };
      await checkpoints.checkpoint();
      return ts;
    },
  );
}

async function readRangesAt(
  context: StreamContext,
  snapshot: number,
  ranges: IdRange[],
  pageSize: number,
  progress: () => void,
): Promise<void> {
  const { collection, checkpoints } = context;
  const part = (lo: bigint, hi: bigint, size: number): IdPart => ({ lo, hi, sizer: sizer(context, size) });
  const set = new RangeSet<IdPart>(
    ranges.map((range) => part(BigInt(range.from), BigInt(range.to), pageSize)),
    (range, mid) => part(mid + 1n, range.hi, range.sizer.size),
  );
  await readParts(context, set, {
    page: (range) =>
      queryPage(
        context,
        documentsRangePage(collection, snapshot, String(range.lo), String(range.hi), range.sizer.size),
      ),
    take: async (range, page) => {
      // The range may have been split while this page was in flight: its upper part is another's.
      // The page is in id order, so its last id tells whether any document is above the range.
      const last = page.data.at(-1);
      const mine =
        last === undefined || documentId(last) <= range.hi
          ? page.data
          : page.data.filter((document) => documentId(document) <= range.hi);
      const { bytes } = await emitDocuments(context, mine, asIs);
      range.sizer.observe(page.data.length, bytes);
      progress();
      if (page.after === undefined || mine.length < page.data.length) range.done = true;
      else {
        range.lo = documentId(mine.at(-1)!) + 1n;
        range.more = true;
        range.done = range.lo > range.hi;
      }
      return mine.length;
    },
    save: (remaining) => {
      const left = remaining.map((range) => ({ from: String(range.lo), to: String(range.hi) }));
      checkpoints.state = { ...checkpoints.state, full_sync_cursor: { ts: snapshot, ranges: left } };
    },
  });
}
