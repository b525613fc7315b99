// Incremental syncs from the collection's event feed (Fauna's docs: "Event Feeds and Event
// Streams", https://docs.fauna.com/fauna/current/learn/cdc/): the first sync reads the
// whole collection at a snapshot T, and the feed then gives every change after T, page after
// page: add and update events are records of the document as it became, remove events deletion
// records timed by their transaction. The feed is read as id ranges (feed-ranges.ts), each an
// event source of its own, their pages fetched concurrently in the sync's slots (readParts), each
// page's events emitted at once; the ranges' cursors are checkpointed after every page that
// brought records, and at the end of the stream: an idle feed's cursors still move to the time of
// the poll, which keeps them within the history retention. Tokens are made per sync: a feed
// cursor holds nothing of its token.
// A position is exclusive of one event only: a cursor is (time, ordinal in its transaction), and
// start_ts T, or the cursor of a page that ends a poll (has_next false), is (T, 0), the first
// event at T (`Feed.scala` and `EventReplayer.scala` in `runtime/stream/` of `fauna/faunadb`).
// The other events of a transaction at T, which the full read at T or that poll gave already,
// come again: events at or before start_ts, or through_ts, the last event time of a poll, are
// skipped, so each is emitted once. A poll's through_ts is raised to a time its snapshot is known
// to be at or after (FeedRange.floor): it then also tells when the range was polled, which the
// next catch-up's cut of the new documents and merged ranges (feed-merge.ts) start from.
import { FaunaError } from '../../fauna/errors.js';
import type { FeedEvent, FeedPage } from '../../fauna/v10/client.js';
import type { Tagged } from '../../fauna/v10/tagged.js';
import { SetupError } from '../errors.js';
import { pageByteBudget, PageSizer } from '../core/paging.js';
import { readParts } from '../core/ranges.js';
import { emitDeletion, emitDocuments, log } from '../core/stream.js';
import {
  FeedRanges,
  idEndsIn,
  partOf,
  partsOf,
  planRanges,
  rangesOf,
  type FeedRange,
  type IdEnds,
} from './feed-ranges.js';
import { idEnds, MAX_PAGE, rangeSources } from './queries.js';
import { emittedBefore, emittedUntil, mergeQuiet } from './feed-merge.js';
import { FeedBehind, readSnapshot, type CatchUp } from './snapshot.js';
import { emptyState, type FeedPart, type FeedState } from './state.js';
import { asV4, raiseHistory, readableQuery, sourceToken, streamToken, type Stream } from './stream.js';

// The largest feed page, for a range read alone.
const FEED_PAGE_BYTES = 4 * 1024 * 1024;

type Change = Extract<FeedEvent, { type: 'add' | 'update' | 'remove' }>;

/** The feed cannot start from a saved position any more: the collection is read again in full. */
class FeedTooOld extends Error {}

/** `running` is called once the collection is known to be readable. */
export async function readIncremental(stream: Stream, running: () => Promise<void>): Promise<void> {
  const { checkpoints } = stream;
  // The probe of read permission comes first (the plan's, or a query): a set hides what the key may not read.
  const token = await sourceToken(stream);
  await running();
  // While the whole collection is read, the feed is read up to now before the read moves to a
  // newer snapshot; its position is saved with that snapshot, never before (snapshot.ts).
  const catchUp: CatchUp = async (from) => {
    let position: FeedState | undefined = from;
    const current = await readFeed(stream, token, from.parts, (feed) => {
      position = feed;
    });
    return current ? position : undefined;
  };
  const save = (feed: FeedState): void => {
    checkpoints.state = { ...checkpoints.state, feed };
  };
  // A read of the whole collection first: a first sync, or one left unfinished.
  let current = true;
  let whole = false;
  if (checkpoints.state.feed === undefined || checkpoints.state.snapshot !== undefined) {
    try {
      whole = await readSnapshot(stream, catchUp);
    } catch (error) {
      // Its snapshot aged out (a pause) and the feed no longer reaches it, which readFeed said.
      if (!(error instanceof FeedBehind)) throw error;
      current = false;
    }
  }
  // In a tree, a collection read in one query (the plan's, as a rule) ends its sync at that
  // recent snapshot, where the next sync's feed starts: polled now, it would bring only the
  // changes of the last moments, at the price of a round trip per collection and database.
  if (current && whole && stream.tree) return;
  if (current) {
    const { parts } = checkpoints.state.feed!;
    const [only] = parts;
    await log(
      stream,
      'INFO',
      `reading the event feed from ${only?.start_ts !== undefined && parts.length === 1 ? `snapshot ${only.start_ts}` : `the saved positions of ${parts.length} id ranges`}`,
    );
    current = await readFeed(stream, token, parts, save);
  }
  if (!current) {
    // The feed no longer reaches the cursor: the collection is read again in full, and its feed then followed from there.
    checkpoints.state = emptyState();
    await readSnapshot(stream, catchUp);
    await readFeed(stream, token, checkpoints.state.feed!.parts, save);
  }
}

/** The ids of the collection's first and last documents, which bound its ranges: the plan's, or a query's. */
async function idEndsOf(stream: Stream): Promise<IdEnds> {
  return stream.ends ?? idEndsIn((await stream.client.query(idEnds(stream.collection.name))).data);
}

/**
 * Polls the feed of every id range until it has no next page, handing `save` the position after
 * each page (readParts checkpoints the pages that brought records); false when a position is
 * beyond the history retention and the stream may be read again in full.
 */
async function readFeed(
  stream: Stream,
  token: string,
  saved: FeedPart[],
  save: (feed: FeedState) => void,
): Promise<boolean> {
  const { concurrency, collection } = stream;
  // A feed page starts at page_size events, as a page of documents does, and grows while its
  // answers stay small, within the share of the pages held at once of each range left to read:
  // small while many are read together, so that no range is left with large pages to emit one
  // after another at the end, and large for a range read alone.
  const sizer = (size?: number) => new PageSizer(stream.settings, FEED_PAGE_BYTES, MAX_PAGE, size);
  const pageSize = (range: FeedRange): number =>
    range.sizer.sizeWithin(pageByteBudget(Math.min(concurrency, set.remaining().length)));
  const cap = 2 * concurrency;
  // A catch-up after an earlier sync is cut into ranges from the start; a feed from the snapshot
  // just read (the changes made while it was read) is read as it is, cut only if it proves busy.
  // So is a catch-up in a tree: each of its ranges is a feed request per database (its databases
  // are read concurrently instead); ranges cut there are merged back at the end like any others.
  const catchingUp = saved.some((part) => part.cursor !== undefined);
  const ends = catchingUp ? await idEndsOf(stream) : {};
  const opened = rangesOf(saved, ends, sizer);
  const ranges = catchingUp && !stream.tree ? planRanges(opened, concurrency, cap, sizer) : opened;
  const set = new FeedRanges(ranges, cap, sizer);
  // A range of every id is the source the probe made; the others' sources come in one query.
  const bounded = ranges.filter((range) => !range.openBelow || !range.openAbove);
  for (const range of ranges) if (!bounded.includes(range)) range.token = token;
  if (bounded.length > 0) {
    const tokens = (await readableQuery(stream, rangeSources(collection.name, bounded.map(partOf)))) as Tagged[];
    bounded.forEach((range, i) => (range.token = streamToken(tokens[i]!, collection.name)));
  }
  let gone = false;
  try {
    await readParts(stream, set, {
      page: async (range) => {
        // Not to be cut while its page is read (work stealing cuts a range known to hold more): a
        // page always holds the events of its range as it is when the page comes back.
        range.more = false;
        // A range cut from another while the feed is read.
        range.token ??= streamToken(
          ((await readableQuery(stream, rangeSources(collection.name, [partOf(range)]))) as Tagged[])[0]!,
          collection.name,
        );
        range.floor = stream.client.lastTxnTime;
        return stream.client.feed({ token: range.token, ...range.position, page_size: pageSize(range) });
      },
      take: async (range, page) => {
        if (gone) throw new FeedTooOld();
        const taken = await takePage(stream, range, page);
        if (taken === 'too old') {
          gone = true;
          throw new FeedTooOld();
        }
        return taken;
      },
      save: () => save({ parts: partsOf(set.all) }),
    });
  } catch (error) {
    if (error instanceof FeedTooOld) return false;
    throw error;
  }
  // Every range was polled to its end: the state keeps max_concurrency of them, so that the next
  // catch-up has room to cut its new documents into max_concurrency more.
  if (mergeQuiet(set.all, concurrency)) save({ parts: partsOf(set.all) });
  return true;
}

/**
 * Emits a page of a range's events, each run of documents at once, and moves the range on; 'too
 * old' when the feed no longer reaches the range's position.
 */
async function takePage(stream: Stream, range: FeedRange, page: FeedPage): Promise<number | 'too old'> {
  let emitted = 0;
  let bytes = 0;
  let run: Tagged[] = [];
  const merged = emittedUntil(range.emitted);
  const flush = async (): Promise<void> => {
    if (run.length === 0) return;
    bytes += (await emitDocuments(stream, run, asV4(stream))).bytes;
    emitted += run.length;
    run = [];
  };
  for (const event of page.events) {
    if (event.type === 'error') {
      if (event.error.code !== 'invalid_stream_start_time')
        throw new FaunaError(200, [{ code: event.error.code, description: event.error.message }]);
      await flush();
      await tooOld(stream, event.error.message);
      return 'too old';
    }
    if (range.through !== undefined && event.txn_ts <= range.through) continue;
    // Only an event from before a merged range's parts were polled may have been emitted already.
    if (event.txn_ts <= merged && emittedBefore(range.emitted, BigInt(eventId(stream, event)), event.txn_ts)) continue;
    range.last = event.txn_ts;
    if (event.type !== 'remove') {
      run.push(event.data);
      continue;
    }
    // The data of a remove is the document as it was before: only its id matters.
    if (stream.settings.deletions.mode !== 'deleted_field') continue;
    await flush();
    await emitDeletion(stream, eventId(stream, event), event.txn_ts);
    emitted++;
  }
  await flush();
  range.taken += emitted;
  range.sizer.observe(page.events.length, bytes);
  // Within a poll the cursor is the last event's, exact; the cursor that ends it, (T, 0) at the
  // poll's snapshot T, may give the events at `last` again. Every event of the range up to T was
  // emitted, and T is at or after `floor`.
  if (!page.has_next) {
    range.through = range.floor > (range.last ?? 0) ? range.floor : range.last;
    const through = range.through ?? -1;
    range.emitted = range.emitted.filter((entry) => entry.through > through);
    range.done = true;
  }
  range.more = page.has_next;
  range.position = { cursor: page.cursor };
  return emitted;
}

function eventId(stream: Stream, event: Change): string {
  const id = (event.data as { '@doc'?: { id?: unknown } } | null)?.['@doc']?.id;
  if (typeof id !== 'string') {
    throw new TypeError(`A ${event.type} event of '${stream.collection.name}' has no document id`);
  }
  return id;
}

/**
 * The feed cannot start from the saved position any more: its events are older than the
 * collection's history. Without deletions to lose (deletions ignored, or invalid_cursor_behavior
 * continue) the collection is read again in full; otherwise the stream fails, saying what to do.
 */
async function tooOld(stream: Stream, detail: string): Promise<void> {
  const { settings, collection } = stream;
  const advice = `raise its history_days above the time between two syncs (e.g. ${raiseHistory(collection.name, 7)})`;
  if (settings.deletions.mode === 'deleted_field' && settings.deletions.invalidCursor === 'fail') {
    throw new SetupError(
      `The event feed of '${collection.name}' no longer reaches the last sync (Fauna: ${detail}), so changes and ` +
        'deletions in between may be lost. Reset the stream (a full resync), or set collection.deletions.invalid_cursor_behavior ' +
        `to continue to read the collection again in full, without the deletions in between; then ${advice}`,
    );
  }
  const missing =
    settings.deletions.mode === 'deleted_field' ? 'deletions since the last sync are missing' : 'deletions are ignored';
  await log(
    stream,
    'WARN',
    `the event feed no longer reaches the last sync (${detail}): reading the whole collection again, ${missing}; ${advice}`,
  );
}
