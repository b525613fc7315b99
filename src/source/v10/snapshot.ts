// Every document of a collection at one snapshot T, the txn_ts of the first query, which brings
// the first page and the last id. A collection of one page is read by it. For a larger one, the
// first page is emitted and the ids after it, to the last, are cut into id ranges (the last one
// open above, for a move to a newer snapshot) read concurrently inside `at (T)`, each starting
// with a range query (a lone range goes on with the first page's cursor: a cursor of the whole
// collection would read past the end of a bounded range), so no round trip stands between the
// first query and the pages of every range. Each range then pages on with
// Set.paginate(after) inside `at (T)`: the cursor keeps the membership at T (Fauna's docs:
// https://docs.fauna.com/fauna/current/reference/fql-api/set/static-paginate) and `at` the
// documents' contents. An entry that is no document is named in a WARN and skipped: what changed
// after T comes from the feed that starts at T. The cursors of the ranges not finished, with the
// ids they have left, are checkpointed after every page, so a restarted sync resumes in the same
// snapshot.
// Ids follow write time, so ranges cut evenly over the ids hold very different counts: a worker
// left without a range cuts the widest one still being read in two (core/ranges.ts). A cursor
// cannot be cut, so it is dropped: each half goes on with a new range query at T, from its first
// id not read (a page in flight at the cut is emitted up to the lower half's new last id).
// A snapshot lives as long as the collection's history (retention.ts). Before it is half that old,
// the ranges left move to a newer snapshot, from the first id each has not read: an incremental
// sync first reads its feed up to now (the changes to the documents read so far, and to some
// ahead, which the newer snapshot shows again), so that no page is ever read at a snapshot older
// than the feed position saved with it, and the feed after the read starts at the oldest
// snapshot that the feed has not covered. A snapshot that aged out anyway (a pause longer than the
// retention) moves on the same way, and the feed then says whether the changes in between are lost.
import type { Tagged } from '../../fauna/v10/tagged.js';
import { SetupError } from '../errors.js';
import { hidesHistory, historyHidden } from './history-read.js';
import { atSnapshot, SnapshotExpiredError } from '../core/errors.js';
import { pageByteBudget, PageSizer } from '../core/paging.js';
import { keysIn, PartSet, RangeSet, readParts, splitEvenly, type KeyRange, type Part } from '../core/ranges.js';
import { readAcrossSnapshots, resumeOrRestart, SnapshotAging } from '../core/snapshot.js';
import { ifRecent } from '../core/early.js';
import { emitDocuments, log } from '../core/stream.js';
import { setPage, type SetPage } from './collections.js';
import { MAX_PAGE, nextPageAt, rangePageAt, rangePages, readStart } from './queries.js';
import { historyRetention } from './retention.js';
import type { FeedState, SnapshotPart, StreamState } from './state.js';
import { asV4, raiseHistory, type Stream } from './stream.js';

/**
 * An id range being read: `after` the cursor of its next page (none: not started), `lo` the first
 * id not read, `to` its last (undefined: open above); `lo` is unknown in a range saved by an
 * earlier version. `hi` bounds the estimate and the cuts.
 */
interface CursorPart extends Part, Partial<Pick<KeyRange, 'lo' | 'hi' | 'more'>> {
  after?: string;
  sizer: PageSizer;
  to?: string;
}

/** An id range to open at a new snapshot; `sizer`: the page size it had reached at an older one. */
interface Bounds {
  from?: string;
  to?: string;
  lo: bigint;
  hi: bigint;
  sizer?: PageSizer;
}

/**
 * Moves the feed position of an incremental sync on to now, emitting the changes since; it saves
 * nothing, and returns the new position, or undefined when the position is older than the
 * collection's history.
 */
export type CatchUp = (from: FeedState) => Promise<FeedState | undefined>;

/** The read's snapshot aged out, and the feed no longer reaches it: the read cannot go on. */
export class FeedBehind extends SnapshotExpiredError {}

/**
 * Reads the collection at a snapshot (the saved one, if a read was left unfinished). With
 * `catchUp` (an incremental sync), the state's `feed` then says where the feed resumes. True when
 * the collection was read whole in its first query, at a recent snapshot (its own, or the plan's).
 */
export async function readSnapshot(stream: Stream, catchUp?: CatchUp): Promise<boolean> {
  const saved = stream.checkpoints.state.snapshot;
  const resume =
    saved !== undefined && saved.parts.length > 0
      ? {
          ts: saved.ts,
          resume: async (progress: () => void): Promise<boolean> => {
            if (catchUp !== undefined) follow(stream, saved.ts, false);
            await readOn(stream, saved.ts, saved.parts.map(savedPart(stream)), progress, catchUp);
            return false;
          },
        }
      : undefined;
  const whole = await resumeOrRestart(stream, resume, () => readFromStart(stream, catchUp));
  stream.checkpoints.state = withoutSnapshot(stream.checkpoints.state);
  return whole;
}

const sizer = (stream: Stream, size?: number): PageSizer =>
  new PageSizer(stream.settings, pageByteBudget(stream.concurrency), MAX_PAGE, size);
const withoutSnapshot = ({ snapshot: _done, ...rest }: StreamState): StreamState => rest;

/** The feed of an incremental sync starts at `ts`, the read's first snapshot (a new read), or already has a position. */
function follow(stream: Stream, ts: number, fresh: boolean): void {
  const { checkpoints } = stream;
  if (fresh || checkpoints.state.feed === undefined)
    checkpoints.state = { ...checkpoints.state, feed: { parts: [{ start_ts: ts }] } };
}

/** True when the first query read the whole collection. */
async function readFromStart(stream: Stream, catchUp: CatchUp | undefined): Promise<boolean> {
  const { client, collection, checkpoints, concurrency } = stream;
  const first = sizer(stream);
  const opening = ifRecent(stream.opening);
  stream.opening = undefined;
  const start = opening ?? (await client.query(readStart(collection.name, first.size)));
  const { page: firstPage, last } = start.data as { page: Tagged; last: Tagged };
  const page = setPage(firstPage);
  const ts = start.txnTs;
  // The ranges after the first page, from the id after its last document on.
  const lastId = typeof last === 'string' ? BigInt(last) : undefined;
  const lo = page.data.length === 0 ? undefined : documentId(page.data.at(-1)!) + 1n;
  const bounds =
    page.after === undefined || lastId === undefined || lo === undefined || lo > lastId
      ? []
      : splitEvenly(lo, lastId, concurrency);
  if (bounds.length === 0) {
    await log(stream, 'INFO', `read at snapshot ${ts}`);
    await emitPage(stream, ts, page.data);
    await stream.estimate.exact();
    if (catchUp !== undefined) follow(stream, ts, true);
    return true;
  }
  // The history retention is asked while the first pages of the ranges are, not in a round trip of its own before them.
  const retention = probeRetention(stream);
  await log(stream, 'INFO', `reading snapshot ${ts} in ${bounds.length} id ranges`);
  stream.estimate.begin(lastId! - documentId(page.data[0]!) + 1n);
  first.observe(page.data.length, await emitPage(stream, ts, page.data));
  const parts: CursorPart[] = bounds.map(([from, hi], i) => ({
    ...(bounds.length === 1 && { after: page.after }),
    lo: from,
    hi,
    ...(i < bounds.length - 1 && { to: String(hi) }),
    sizer: sizer(stream, first.size),
  }));
  await stream.estimate.left(keysIn(parts)!);
  if (catchUp !== undefined) follow(stream, ts, true);
  checkpoints.state = { ...checkpoints.state, snapshot: { ts, parts: parts.map(toSaved) } };
  await checkpoints.checkpoint();
  await readOn(stream, ts, parts, () => undefined, catchUp, retention);
  return false;
}

/** The collection's history retention, asked ahead of its use: a failure is thrown where it is awaited. */
function probeRetention(stream: Stream): Promise<number | undefined> {
  const retention = historyRetention(stream);
  retention.catch(() => undefined);
  return retention;
}

/** The first pages of `ranges`, read together at a new snapshot: its time, and the ranges left after them. */
async function openRanges(stream: Stream, ranges: Bounds[]): Promise<{ ts: number; parts: CursorPart[] }> {
  const sizers = ranges.map((range) => range.sizer ?? sizer(stream));
  const query = rangePages(
    stream.collection.name,
    ranges.map(({ from, to }) => ({ ...(from !== undefined && { from }), ...(to !== undefined && { to }) })),
    Math.min(...sizers.map(({ size }) => size)),
  );
  const answer = await stream.client.query(query);
  const ts = answer.txnTs;
  const parts: CursorPart[] = [];
  for (const [i, value] of (answer.data as Tagged[]).entries()) {
    const page = setPage(value);
    const { lo, hi, to } = ranges[i]!;
    const part: CursorPart = { sizer: sizers[i]!, lo, hi, ...(to !== undefined && { to }) };
    await take(stream, ts, part, page);
    if (!part.done) parts.push(part);
  }
  return { ts, parts };
}

/**
 * Reads `parts` on from snapshot `ts`, moving them to a newer snapshot before it ages out (after
 * the feed of an incremental sync caught up), or once it did.
 */
async function readOn(
  stream: Stream,
  ts: number,
  parts: CursorPart[],
  progress: () => void,
  catchUp: CatchUp | undefined,
  probed?: Promise<number | undefined>,
): Promise<void> {
  if (parts.length === 0) return;
  const { checkpoints } = stream;
  // Whether the role reads history is asked beside the first pages, not waited for: a range's first
  // page that comes back empty (often late in the read, when idle workers cut ranges in the gaps
  // between bunched ids) then finds the answer there rather than wait a round trip for it.
  historyReadable(stream).catch(() => undefined);
  // Ranges saved without their ids (an earlier version) cannot move: they read on until the snapshot ages out.
  const retention = parts.every((part) => part.lo !== undefined)
    ? (probed ?? probeRetention(stream))
    : Promise.resolve(undefined);
  let left = parts;
  await readAcrossSnapshots(
    stream,
    ts,
    (at, progressed) =>
      readCursors(stream, at, left, retention, () => {
        progress();
        progressed();
      }),
    async (error) => {
      const ranges = left.filter((part) => !part.done).map(boundsLeft);
      if (ranges.some((range) => range === undefined)) throw error;
      const feed = catchUp === undefined ? undefined : await catchUp(checkpoints.state.feed!);
      if (catchUp !== undefined && feed === undefined) throw new FeedBehind(error.message);
      const next = await openRanges(stream, ranges as Bounds[]);
      left = next.parts;
      checkpoints.state = {
        ...checkpoints.state,
        ...(feed !== undefined && { feed }),
        snapshot: { ts: next.ts, parts: left.map(toSaved) },
      };
      await checkpoints.checkpoint();
      return next.ts;
    },
  );
}

/** What a range has left to read, for a newer snapshot; undefined when its ids are unknown. */
function boundsLeft(part: CursorPart): Bounds | undefined {
  if (part.lo === undefined) return undefined;
  const { lo, to } = part;
  return { from: String(lo), ...(to !== undefined && { to }), lo, hi: part.hi ?? lo, sizer: part.sizer };
}

const toSaved = (part: CursorPart): SnapshotPart => ({
  ...(part.after !== undefined && { after: part.after }),
  ...(part.lo !== undefined && { from: String(part.lo) }),
  ...(part.to !== undefined && { to: part.to }),
});

const savedPart =
  (stream: Stream) =>
  ({ after, from, to }: SnapshotPart): CursorPart => ({
    ...(after !== undefined && { after }),
    sizer: sizer(stream),
    ...(from !== undefined && { lo: BigInt(from) }),
    ...(to !== undefined && { to, hi: BigInt(to) }),
  });

/**
 * Pages on every part's cursor concurrently, each page emitted and checkpointed with the ranges
 * still to read. No page is asked at a snapshot past half the `retention`.
 */
async function readCursors(
  stream: Stream,
  ts: number,
  parts: CursorPart[],
  retention: Promise<number | undefined>,
  progress: () => void,
): Promise<void> {
  const { checkpoints } = stream;
  let now = ts;
  await readParts(stream, partSet(stream, parts), {
    page: async (part) => {
      // Before the first answer at the snapshot its age is unknown here, taken as none: the first
      // pages are asked while the retention is, not after it.
      const limit = now > ts ? await retention : undefined;
      if (limit !== undefined && now - ts >= limit / 2) throw new SnapshotAging(outlived(stream));
      const { to } = part;
      const { page, txnTs } = await pageAt(stream, ts, part);
      now = Math.max(now, txnTs);
      return { page, to };
    },
    take: async (part, { page, to }) => {
      const emitted = await take(stream, ts, part, page, to);
      progress();
      return emitted;
    },
    save: (remaining) => {
      checkpoints.state = { ...checkpoints.state, snapshot: { ts, parts: remaining.map(toSaved) } };
    },
  });
}

/**
 * The parts as ranges that idle workers cut, when every part knows its ids (a part saved by an
 * earlier version does not); the last range's `hi`, unknown after a resume, is then its `lo`, too
 * narrow to cut.
 */
function partSet(stream: Stream, parts: CursorPart[]): PartSet<CursorPart> {
  if (parts.some((part) => part.lo === undefined)) return new PartSet(parts);
  const ranges = parts.map((part) => Object.assign(part, { hi: part.hi ?? part.lo! }) as CursorPart & KeyRange);
  return new RangeSet(ranges, (range, mid) => {
    const upper = {
      lo: mid + 1n,
      hi: range.hi,
      sizer: sizer(stream, range.sizer.size),
      ...(range.to !== undefined && { to: range.to }),
    };
    range.to = String(mid);
    range.after = undefined;
    // `parts` is what a move to a newer snapshot carries over: the cut-off half belongs there too.
    parts.push(upper);
    return upper;
  });
}

/**
 * Emits the entries of a part's page (read at `ts`) up to the part's last id, moves the part on
 * past them, or marks it done; returns how many entries it emitted. `asked`: the part's last id
 * when the page was asked; a part cut since drops the page's cursor, which pages past its new end.
 */
async function take(stream: Stream, ts: number, part: CursorPart, page: SetPage, asked = part.to): Promise<number> {
  const to = part.to === undefined ? undefined : BigInt(part.to);
  // A page is in id order: once an entry is past the part's last id, so is the rest (a cut's upper
  // half); a last entry that is a document within the part (the usual page) says that none is.
  const end = page.data.at(-1);
  const past =
    to === undefined || end === undefined || (entryId(end) !== undefined && idOf(end) <= to)
      ? -1
      : page.data.findIndex((entry) => idOf(entry) > to);
  const mine = past < 0 ? page.data : page.data.slice(0, past);
  part.sizer.observe(page.data.length, await emitPage(stream, ts, mine));
  const last = mine.at(-1);
  const id = last === undefined ? undefined : entryId(last);
  if (id !== undefined && part.lo !== undefined) part.lo = BigInt(id) + 1n;
  part.after = asked === part.to ? page.after : undefined;
  part.more = page.after !== undefined;
  part.done = page.after === undefined || past >= 0 || (to !== undefined && part.lo !== undefined && part.lo > to);
  return mine.length;
}

/** An entry's id, for the cut: an entry without one (no document) stays with the page before it. */
function idOf(entry: Tagged): bigint {
  const id = entryId(entry);
  return id === undefined ? -1n : BigInt(id);
}

/** The id of a page entry: a document's, or a null document's; undefined for anything else. */
function entryId(entry: Tagged): string | undefined {
  const object = entry as { '@doc'?: { id?: unknown }; '@ref'?: { id?: unknown } } | null;
  const id = object?.['@doc']?.id ?? object?.['@ref']?.id;
  return typeof id === 'string' ? id : undefined;
}

const documentId = (document: Tagged): bigint => BigInt((document as { '@doc': { id: string } })['@doc'].id);

/** The next page of a part at snapshot `ts` (its first, when it has no cursor yet), and the time of the answer. */
function pageAt(stream: Stream, ts: number, part: CursorPart): Promise<{ page: SetPage; txnTs: number }> {
  const { after, lo, to, sizer } = part;
  const query =
    after !== undefined
      ? nextPageAt(after, sizer.size, ts)
      : rangePageAt(stream.collection.name, { from: String(lo), ...(to !== undefined && { to }) }, sizer.size, ts);
  return atSnapshot(
    async () => {
      const answer = await stream.client.query(query);
      const page = setPage(answer.data);
      if (page.data.length === 0) {
        // A cursor promises more entries; a range without one may be empty, unless the role cannot read history.
        if (after !== undefined) throw new SetupError(historyHidden(stream.collection.name));
        await historyReadable(stream);
      }
      return { page, txnTs: answer.txnTs };
    },
    () => outlived(stream),
  );
}

const historyProbes = new WeakMap<Stream, Promise<void>>();

/**
 * Fails when the role cannot read history, which a range's first page at the snapshot that came
 * back empty then means: with no cursor to promise an entry, its empty answer would pass for an
 * empty range. Asked once per stream.
 */
function historyReadable(stream: Stream): Promise<void> {
  let probe = historyProbes.get(stream);
  if (probe === undefined) {
    const { name } = stream.collection;
    probe = hidesHistory(stream.client, name).then((hidden) => {
      if (hidden) throw new SetupError(historyHidden(name));
    });
    historyProbes.set(stream, probe);
  }
  return probe;
}

function outlived(stream: Stream): string {
  const { name } = stream.collection;
  return (
    `The read of '${name}' outlived the collection's history retention, so its snapshot can no ` +
    `longer be read: raise its history_days (e.g. ${raiseHistory(name, 1)}) or page_size, so that a read ends within ` +
    'the retention (15 minutes when history_days is 0, the default of a v10 collection)'
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
