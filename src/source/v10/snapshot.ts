// Every document of a collection at one snapshot. A collection of one page is read by the first
// query. A larger one is cut into id ranges (from its first id to its last, the last range open
// above so that nothing created meanwhile is missed) whose first pages come in one query, so
// they share its snapshot T (its txn_ts); then each range is paged on concurrently with
// Set.paginate(after) inside `at (T)`: the cursor keeps the membership at T (Fauna's docs:
// https://docs.fauna.com/fauna/current/reference/fql-api/set/static-paginate) and `at` the
// documents' contents. An entry that is no document is named in a WARN and skipped: what changed
// after T comes from the feed that starts at T. The
// cursors of the ranges not finished are checkpointed after every page, so a restarted sync
// resumes in the same snapshot; a cursor lives as long as the collection's history
// (history_days, plus 15 minutes), after which the read starts over.
import type { QueryAnswer } from '../../fauna/v10/client.js';
import type { Tagged } from '../../fauna/v10/tagged.js';
import { atSnapshot } from '../core/errors.js';
import { pageByteBudget, PageSizer } from '../core/paging.js';
import { keysIn, PartSet, readParts, splitEvenly, type KeyRange, type Part } from '../core/ranges.js';
import { resumeOrRestart } from '../core/snapshot.js';
import { emitDocuments, log } from '../core/stream.js';
import { setPage, type SetPage } from './collections.js';
import { MAX_PAGE, nextPageAt, rangePages, readStart } from './queries.js';
import type { StreamState } from './state.js';
import { asV4, raiseHistory, type Stream } from './stream.js';

/** `lo` and `hi`: the ids still to read, for the estimate (not saved: a resumed read has none). */
interface CursorPart extends Part, Partial<Pick<KeyRange, 'lo' | 'hi'>> {
  after: string;
  sizer: PageSizer;
}

/**
 * Reads the collection at a snapshot (the saved one, if a read was left unfinished) and returns its
 * time T. `started`: the answer of the read's first query when it was sent already (opening.ts).
 */
export async function readSnapshot(stream: Stream, started?: Promise<QueryAnswer>): Promise<number> {
  const saved = stream.checkpoints.state.snapshot;
  const resume =
    saved !== undefined && saved.parts.length > 0
      ? {
          ts: saved.ts,
          resume: async (progress: () => void): Promise<number> => {
            await readCursors(
              stream,
              saved.ts,
              saved.parts.map((after) => ({ after, sizer: sizer(stream) })),
              progress,
            );
            return saved.ts;
          },
        }
      : undefined;
  const ts = await resumeOrRestart(stream, resume, () => readFromStart(stream, started));
  stream.checkpoints.state = withoutSnapshot(stream.checkpoints.state);
  return ts;
}

const sizer = (stream: Stream, size?: number): PageSizer =>
  new PageSizer(stream.settings, pageByteBudget(stream.concurrency), MAX_PAGE, size);
const withoutSnapshot = ({ snapshot: _done, ...rest }: StreamState): StreamState => rest;

async function readFromStart(stream: Stream, started?: Promise<QueryAnswer>): Promise<number> {
  const { client, collection, checkpoints, concurrency } = stream;
  const { size } = sizer(stream);
  const start = await (started ?? client.query(readStart(collection.name, size)));
  const { page: firstPage, last } = start.data as { page: Tagged; last: Tagged };
  const first = setPage(firstPage);
  if (first.after === undefined || typeof last !== 'string') {
    await log(stream, 'INFO', `read at snapshot ${start.txnTs}`);
    await emitPage(stream, start.txnTs, first.data);
    await stream.estimate.exact();
    return start.txnTs;
  }
  // More than a page: the ranges from the first id on, the first page included, at a snapshot of their own.
  const firstId = documentId(first.data[0]!);
  const bounds = splitEvenly(firstId, BigInt(last), concurrency);
  stream.estimate.begin(BigInt(last) - firstId + 1n);
  const ranges = bounds.map(([from, to], i) => ({
    ...(i > 0 && { from: String(from) }),
    ...(i < bounds.length - 1 && { to: String(to) }),
  }));
  // The ranges' first pages come in one answer: page_size each, so that it stays quick and the
  // ranges' pages then come concurrently, as large as the next page after the first would be. The
  // first page is not emitted (the ranges read it again at their snapshot): its tagged text stands
  // for its records.
  const grown = sizer(stream);
  grown.observe(first.data.length, JSON.stringify(first.data).length);
  const answer = await client.query(rangePages(collection.name, ranges, size));
  const ts = answer.txnTs;
  await log(stream, 'INFO', `reading snapshot ${ts} in ${ranges.length} id ranges`);
  const parts: CursorPart[] = [];
  for (const [i, value] of (answer.data as Tagged[]).entries()) {
    const page = setPage(value);
    const [lo, hi] = bounds[i]!;
    const part: CursorPart = { after: page.after ?? '', sizer: sizer(stream, grown.size), lo, hi };
    await take(stream, ts, part, page);
    if (page.after !== undefined) parts.push(part);
  }
  await stream.estimate.left(keysIn(parts)!);
  checkpoints.state = { ...checkpoints.state, snapshot: { ts, parts: parts.map((part) => part.after) } };
  if (parts.length > 0) await checkpoints.checkpoint();
  await readCursors(stream, ts, parts, () => undefined);
  return ts;
}

/** Pages on every part's cursor concurrently, each page emitted and checkpointed with the cursors of the parts still to read. */
async function readCursors(stream: Stream, ts: number, parts: CursorPart[], progress: () => void): Promise<void> {
  const { checkpoints } = stream;
  await readParts(stream, new PartSet(parts), {
    page: (part) => pageAt(stream, ts, part.after, part.sizer.size),
    take: async (part, page) => {
      await take(stream, ts, part, page);
      progress();
      if (page.after === undefined) part.done = true;
      else part.after = page.after;
      return page.data.length;
    },
    save: (remaining) => {
      checkpoints.state = { ...checkpoints.state, snapshot: { ts, parts: remaining.map((part) => part.after) } };
    },
  });
}

/** Emits a page of a part (read at `ts`), and moves the part's ids on past it. */
async function take(stream: Stream, ts: number, part: CursorPart, page: SetPage): Promise<void> {
  part.sizer.observe(page.data.length, await emitPage(stream, ts, page.data));
  const last = page.data.at(-1);
  const id = last === undefined ? undefined : entryId(last);
  if (id !== undefined && part.lo !== undefined) part.lo = BigInt(id) + 1n;
}

/** The id of a page entry: a document's, or a null document's; undefined for anything else. */
function entryId(entry: Tagged): string | undefined {
  const object = entry as { '@doc'?: { id?: unknown }; '@ref'?: { id?: unknown } } | null;
  const id = object?.['@doc']?.id ?? object?.['@ref']?.id;
  return typeof id === 'string' ? id : undefined;
}

const documentId = (document: Tagged): bigint => BigInt((document as { '@doc': { id: string } })['@doc'].id);

function pageAt(stream: Stream, ts: number, after: string, size: number): Promise<SetPage> {
  const { name } = stream.collection;
  return atSnapshot(
    async () => setPage((await stream.client.query(nextPageAt(after, size, ts))).data),
    () =>
      `The read of '${name}' outlived the collection's history retention, so its snapshot can no ` +
      `longer be read: raise its history_days (e.g. ${raiseHistory(name, 1)}) or page_size, so that a read ends within ` +
      'the retention (15 minutes when history_days is 0, the default of a v10 collection)',
  );
}

/** Emits a page's documents and returns their bytes; an entry that is no document is named in a WARN and skipped. */
async function emitPage(stream: Stream, ts: number, entries: Tagged[]): Promise<number> {
  const documents: Tagged[] = [];
  for (const entry of entries) {
    const unexpected = notADocument(entry);
    if (unexpected === undefined) documents.push(entry);
    else
      await log(
        stream,
        'WARN',
        `Skipped ${unexpected} in a page of '${stream.collection.name}' read at snapshot ${ts}: it changed after the snapshot, and an incremental sync reads that change from the feed`,
      );
  }
  return (await emitDocuments(stream, documents, asV4(stream))).bytes;
}

/** What a page entry is when it is no document (a null document: its id and why), else undefined; never its contents. */
function notADocument(entry: Tagged): string | undefined {
  const object = entry as { [key: string]: Tagged } | null;
  if (object === null || typeof object !== 'object' || Array.isArray(object)) return `a ${kindOf(entry)}`;
  const doc = object['@doc'] as { id?: unknown } | undefined;
  if (doc !== undefined && doc !== null && typeof doc.id === 'string') return undefined;
  const ref = object['@ref'] as { id?: unknown; cause?: unknown } | undefined;
  if (ref !== undefined && ref !== null && typeof ref.id === 'string') {
    return `document ${ref.id} (a null document${typeof ref.cause === 'string' ? `, ${ref.cause}` : ''})`;
  }
  return `an entry that is no document (${Object.keys(object).slice(0, 3).join(', ') || 'an empty object'})`;
}

const kindOf = (value: Tagged): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);
