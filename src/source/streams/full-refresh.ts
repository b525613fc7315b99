// Full refresh: every document of the collection as of one snapshot. The first round trip brings
// the snapshot, the first page and the last document's ref; the ids in between are then cut into
// ranges (Range over Documents(C), refs as inclusive bounds) read concurrently, each page under
// At(snapshot) and checkpointed, so a restarted sync resumes its ranges in the same snapshot.
// Each page of a range is a new Range from the id after the last one emitted: no cursor is ever
// carried from one Range to another (fauna-wire.md §4.4).
import type { FaunaClient } from '../../fauna/client.js';
import type { WireValue } from '../../fauna/query.js';
import { documentsRangePage, fullRefreshStart, lastDocument } from '../queries.js';
import { assertReadable } from '../readable.js';
import { cursorRefId, withoutFullRefresh, type IdRange } from '../state.js';
import { documentId, emitDocuments, log, queryPage, SnapshotExpiredError, type Page, type StreamContext } from './context.js';
import { pageByteBudget, PageSizer } from './paging.js';
import { RangeSet, splitEvenly, type KeyRange } from './ranges.js';

interface IdPart extends KeyRange { sizer: PageSizer }

interface Start { ts?: number; page: Page; last: Page }

/** `running` is called once the collection is known to be readable, before the first record. */
export async function readFullRefresh(context: StreamContext, running: () => Promise<void>): Promise<void> {
  const saved = context.checkpoints.state.full_sync_cursor;
  if (saved !== undefined) {
    await assertReadable(context.client, context.collection);
    await running();
    await log(context, 'INFO', `resuming the full refresh of snapshot ${saved.ts}`);
    let progressed = false;
    try {
      const ranges = saved.ranges ?? await (saved.after !== undefined ? legacyRanges(context, saved.ts, saved.after) : undefined);
      if (ranges === undefined) await readFromStart(context, saved.ts, () => { progressed = true; });
      else await readRanges(context, saved.ts, ranges, context.settings.pageSize, () => { progressed = true; });
      context.checkpoints.state = withoutFullRefresh(context.checkpoints.state);
      return;
    } catch (error) {
      // A saved snapshot that aged out between two attempts restarts the stream; one that ages out
      // while this sync runs would again and again, so that is reported with what to change.
      if (progressed || !(error instanceof SnapshotExpiredError)) throw error;
      await log(context, 'WARN', `the saved snapshot ${saved.ts} is older than the collection's history retention; `
        + 'restarting the full refresh from the beginning at a new snapshot');
    }
  }
  await readFromStart(context, undefined, () => undefined, running);
  context.checkpoints.state = withoutFullRefresh(context.checkpoints.state);
}

/** The whole collection at `snapshot` (a new one when undefined): the first page, then the ranges after it. */
async function readFromStart(
  context: StreamContext,
  snapshot: number | undefined,
  progress: () => void,
  running?: () => Promise<void>,
): Promise<void> {
  const { collection, settings, checkpoints } = context;
  const sizer = new PageSizer(settings.pageSize, pageByteBudget(context.concurrency));
  const { ts, page, last } = await context.slots.with(async () => {
    const opening = snapshot === undefined ? context.opening : undefined;
    const start = await (opening ?? queryPage(context, fullRefreshStart(collection, settings.pageSize, snapshot))) as unknown as Start;
    if (running) {
      await assertReadable(context.client, collection, start.page);
      await running();
      await log(context, 'INFO', `full refresh of snapshot ${snapshot ?? start.ts!}`);
    }
    const { bytes } = await emitDocuments(context, start.page.data);
    sizer.observe(start.page.data.length, bytes);
    progress();
    return { ...start, ts: snapshot ?? start.ts! };
  });
  const lastId = last.data[0] === undefined ? undefined : documentId({ ref: last.data[0] });
  const ranges: IdRange[] = page.after === undefined || lastId === undefined ? []
    : splitEvenly(documentId(page.data.at(-1)!) + 1n, lastId, context.concurrency).map(([from, to]) => ({ from: String(from), to: String(to) }));
  checkpoints.state = { ...checkpoints.state, full_sync_cursor: { ts, ranges } };
  if (ranges.length > 0) await checkpoints.checkpoint();
  await readRanges(context, ts, ranges, sizer.size, progress);
}

/** The first query of a new full refresh, sent with the plan's before its stream starts (see read.ts). */
export type Opening = Promise<WireValue>;

export function openFullRefresh(client: FaunaClient, collection: string, pageSize: number): Opening {
  const opening = client.query(fullRefreshStart(collection, pageSize));
  // Its stream may never start (the plan failed, or refused it): its failure is then nobody's.
  opening.catch(() => undefined);
  return opening;
}

/** 0.2.0 and the Python connector saved the cursor of the next page: the range from its document to the last. */
async function legacyRanges(context: StreamContext, snapshot: number, after: string): Promise<IdRange[]> {
  // The saved state was checked: its cursor holds a document ref.
  const from = cursorRefId(after)!;
  const last = await queryPage(context, lastDocument(context.collection, snapshot));
  const to = last.data[0] === undefined ? undefined : documentId({ ref: last.data[0] });
  return to === undefined || to < BigInt(from) ? [] : [{ from, to: String(to) }];
}

async function readRanges(context: StreamContext, snapshot: number, ranges: IdRange[], pageSize: number, progress: () => void): Promise<void> {
  const { collection, checkpoints, settings } = context;
  const budget = pageByteBudget(context.concurrency);
  const part = (lo: bigint, hi: bigint, size: number): IdPart => ({ lo, hi, sizer: new PageSizer(settings.pageSize, budget, size) });
  const set = new RangeSet<IdPart>(
    ranges.map((range) => part(BigInt(range.from), BigInt(range.to), pageSize)),
    (range, mid) => part(mid + 1n, range.hi, range.sizer.size),
  );
  const save = (): void => {
    const remaining = set.remaining().map((range) => ({ from: String(range.lo), to: String(range.hi) }));
    checkpoints.state = { ...checkpoints.state, full_sync_cursor: { ts: snapshot, ranges: remaining } };
  };
  await set.read(context.concurrency, (range) => context.slots.with(async () => {
    const query = documentsRangePage(collection, snapshot, String(range.lo), String(range.hi), range.sizer.size);
    const page = await queryPage(context, query);
    await context.serial.run(async () => {
      range.emitting = true;
      let mine: WireValue[] = [];
      try {
        // The range may have been split while this page was in flight: its upper part is another's.
        // The page is in id order, so its last id tells whether any document is above the range.
        const last = page.data.at(-1);
        mine = last === undefined || documentId(last) <= range.hi ? page.data : page.data.filter((document) => documentId(document) <= range.hi);
        const { bytes } = await emitDocuments(context, mine);
        range.sizer.observe(page.data.length, bytes);
        progress();
        if (page.after === undefined || mine.length < page.data.length) range.done = true;
        else {
          range.lo = documentId(mine.at(-1)!) + 1n;
          range.more = true;
          range.done = range.lo > range.hi;
        }
      } finally {
        range.emitting = false;
      }
      save();
      // A page without records needs no checkpoint, nor does the last one: the stream's end makes it.
      if (mine.length > 0 && set.remaining().length > 0) await checkpoints.checkpoint();
    });
  }));
}
