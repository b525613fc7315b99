// Every document of a collection at one snapshot T: the first page of Collection(c).all() fixes
// T (its answer's txn_ts), and each next page is Set.paginate(after), which Fauna reads at T
// whatever was written since (fql-v10.md §3.2). The cursor of the next page is checkpointed after
// every page, so a restarted sync resumes in the same snapshot; a cursor lives as long as the
// collection's history (history_days, plus 15 minutes), after which the read starts over.
import { SetupError } from '../errors.js';
import { pageByteBudget, PageSizer } from '../streams/paging.js';
import { setPage, type SetPage } from './collections.js';
import { documentsPage, nextPage } from './queries.js';
import type { V10StreamState } from './state.js';
import { belowRetention, emitDocuments, log, raiseHistory, type V10Stream } from './stream.js';

/** v10's largest page. */
export const MAX_V10_PAGE = 16_000;

/** The snapshot aged out of the collection's history while this sync read it. */
export class SnapshotExpiredError extends SetupError {}

/** Reads the collection at a snapshot (the saved one, if a read was left unfinished) and returns its time T. */
export async function readSnapshot(stream: V10Stream): Promise<number> {
  const saved = stream.checkpoints.state.snapshot;
  if (saved?.after !== undefined) {
    await log(stream, 'INFO', `resuming the read of snapshot ${saved.ts}`);
    let progressed = false;
    try {
      await readPages(stream, saved.ts, saved.after, new PageSizer(stream.settings.pageSize, pageByteBudget(stream.concurrency)), () => {
        progressed = true;
      });
      return saved.ts;
    } catch (error) {
      // Aged out between two attempts: start over. Aging out while this sync reads would again.
      if (progressed || !(error instanceof SnapshotExpiredError)) throw error;
      await log(stream, 'WARN', `the saved snapshot ${saved.ts} is older than the collection's history retention; `
        + 'reading the collection again from the beginning at a new snapshot');
    }
  }
  const { client, settings, collection, checkpoints } = stream;
  const sizer = new PageSizer(settings.pageSize, pageByteBudget(stream.concurrency));
  const answer = await client.query(documentsPage(collection.name, Math.min(sizer.size, MAX_V10_PAGE)));
  const ts = answer.txnTs;
  await log(stream, 'INFO', `reading snapshot ${ts}`);
  const page = setPage(answer.data);
  sizer.observe(page.data.length, await emitDocuments(stream, page.data));
  if (page.after !== undefined) {
    checkpoints.state = { ...checkpoints.state, snapshot: { ts, after: page.after } };
    await checkpoints.checkpoint();
    await readPages(stream, ts, page.after, sizer, () => undefined);
  }
  checkpoints.state = withoutSnapshot(checkpoints.state);
  return ts;
}

const withoutSnapshot = ({ snapshot: _done, ...rest }: V10StreamState): V10StreamState => rest;

/** The pages from cursor `after` on, each followed by its checkpoint. */
async function readPages(stream: V10Stream, ts: number, after: string, sizer: PageSizer, progress: () => void): Promise<void> {
  const { checkpoints } = stream;
  for (let next: string | undefined = after; next !== undefined;) {
    const page = await pageAt(stream, next, Math.min(sizer.size, MAX_V10_PAGE));
    sizer.observe(page.data.length, await emitDocuments(stream, page.data));
    progress();
    next = page.after;
    checkpoints.state = { ...checkpoints.state, snapshot: { ts, ...(next !== undefined && { after: next }) } };
    if (next !== undefined) await checkpoints.checkpoint();
  }
  checkpoints.state = withoutSnapshot(checkpoints.state);
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
