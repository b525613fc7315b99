// Every document of a collection at one snapshot. A collection of one page is read by the first
// query. A larger one is cut into id ranges (from its first id to its last, the last range open
// above so that nothing created meanwhile is missed) whose first pages come in one query, so
// they share its snapshot T (its txn_ts); then each range is paged on concurrently with
// Set.paginate(after), which Fauna reads at T whatever was written since (fql-v10.md §3.2). The
// cursors of the ranges not finished are checkpointed after every page, so a restarted sync
// resumes in the same snapshot; a cursor lives as long as the collection's history
// (history_days, plus 15 minutes), after which the read starts over.
import type { Tagged } from '../../fauna/v10/tagged.js';
import { SetupError } from '../errors.js';
import { pageByteBudget, PageSizer } from '../streams/paging.js';
import { Serial, splitEvenly } from '../streams/ranges.js';
import { setPage, type SetPage } from './collections.js';
import { nextPage, rangePages, readStart } from './queries.js';
import type { V10StreamState } from './state.js';
import { belowRetention, emitDocuments, log, raiseHistory, type V10Stream } from './stream.js';

/** v10's largest page. */
export const MAX_V10_PAGE = 16_000;

/** The snapshot aged out of the collection's history while this sync read it. */
export class SnapshotExpiredError extends SetupError {}

interface Part { after: string; sizer: PageSizer }

/** Reads the collection at a snapshot (the saved one, if a read was left unfinished) and returns its time T. */
export async function readSnapshot(stream: V10Stream): Promise<number> {
  const saved = stream.checkpoints.state.snapshot;
  if (saved !== undefined && saved.parts.length > 0) {
    await log(stream, 'INFO', `resuming the read of snapshot ${saved.ts}`);
    let progressed = false;
    try {
      await readParts(stream, saved.ts, saved.parts.map((after) => ({ after, sizer: sizer(stream) })), () => {
        progressed = true;
      });
      stream.checkpoints.state = withoutSnapshot(stream.checkpoints.state);
      return saved.ts;
    } catch (error) {
      // Aged out between two attempts: start over. Aging out while this sync reads would again.
      if (progressed || !(error instanceof SnapshotExpiredError)) throw error;
      await log(stream, 'WARN', `the saved snapshot ${saved.ts} is older than the collection's history retention; `
        + 'reading the collection again from the beginning at a new snapshot');
    }
  }
  const ts = await readFromStart(stream);
  stream.checkpoints.state = withoutSnapshot(stream.checkpoints.state);
  return ts;
}

const sizer = (stream: V10Stream): PageSizer => new PageSizer(stream.settings.pageSize, pageByteBudget(stream.concurrency));
const pageSize = (sizer: PageSizer): number => Math.min(sizer.size, MAX_V10_PAGE);
const withoutSnapshot = ({ snapshot: _done, ...rest }: V10StreamState): V10StreamState => rest;

async function readFromStart(stream: V10Stream): Promise<number> {
  const { client, collection, checkpoints, concurrency } = stream;
  const size = pageSize(sizer(stream));
  const start = await client.query(readStart(collection.name, size));
  const { page: firstPage, last } = start.data as { page: Tagged; last: Tagged };
  const first = setPage(firstPage);
  if (first.after === undefined || typeof last !== 'string') {
    await log(stream, 'INFO', `read at snapshot ${start.txnTs}`);
    await emitDocuments(stream, first.data);
    return start.txnTs;
  }
  // More than a page: the ranges from the first id on, the first page included, at a snapshot of their own.
  const firstId = (first.data[0] as { '@doc': { id: string } })['@doc'].id;
  const bounds = splitEvenly(BigInt(firstId), BigInt(last), concurrency);
  const ranges = bounds.map(([from, to], i) => ({
    ...(i > 0 && { from: String(from) }),
    ...(i < bounds.length - 1 && { to: String(to) }),
  }));
  const answer = await client.query(rangePages(collection.name, ranges, size));
  const ts = answer.txnTs;
  await log(stream, 'INFO', `reading snapshot ${ts} in ${ranges.length} id ranges`);
  const parts: Part[] = [];
  for (const value of answer.data as Tagged[]) {
    const page = setPage(value);
    const part = { after: page.after ?? '', sizer: sizer(stream) };
    part.sizer.observe(page.data.length, await emitDocuments(stream, page.data));
    if (page.after !== undefined) parts.push(part);
  }
  checkpoints.state = { ...checkpoints.state, snapshot: { ts, parts: parts.map((part) => part.after) } };
  if (parts.length > 0) await checkpoints.checkpoint();
  await readParts(stream, ts, parts, () => undefined);
  return ts;
}

/**
 * Pages on every part concurrently, each page emitted and checkpointed with the cursors of the
 * parts still to read. On a failure the other parts finish their page, then it is thrown.
 */
async function readParts(stream: V10Stream, ts: number, parts: Part[], progress: () => void): Promise<void> {
  const { checkpoints, slots } = stream;
  const serial = new Serial();
  const active = new Set(parts);
  let failure: { error: unknown } | undefined;
  const read = async (part: Part): Promise<void> => {
    while (failure === undefined && active.has(part)) {
      await slots.with(async () => {
        const page = await pageAt(stream, part.after, pageSize(part.sizer));
        await serial.run(async () => {
          part.sizer.observe(page.data.length, await emitDocuments(stream, page.data));
          progress();
          if (page.after === undefined) active.delete(part);
          else part.after = page.after;
          checkpoints.state = { ...checkpoints.state, snapshot: { ts, parts: [...active].map((p) => p.after) } };
          // The last page needs no checkpoint: the stream's end makes it.
          if (active.size > 0) await checkpoints.checkpoint();
        });
      });
    }
  };
  await Promise.all(parts.map((part) => read(part).catch((error: unknown) => {
    failure ??= { error };
  })));
  if (failure !== undefined) throw failure.error;
}

async function pageAt(stream: V10Stream, after: string, size: number): Promise<SetPage> {
  try {
    return setPage((await stream.client.query(nextPage(after, size))).data);
  } catch (error) {
    if (!belowRetention(error)) throw error;
    const { name } = stream.collection;
    throw new SnapshotExpiredError(`The read of '${name}' outlived the collection's history retention, so its snapshot can no `
      + `longer be read: raise its history_days (e.g. ${raiseHistory(name, 1)}) or page_size, so that a read ends within `
      + 'the retention (15 minutes when history_days is 0, the default of a v10 collection)');
  }
}
