// Incremental syncs from the collection's event feed (Fauna's docs: "Event Feeds and Event
// Streams", https://docs.fauna.com/fauna/current/learn/cdc/): the first sync reads the
// whole collection at a snapshot T, and the feed then gives every change after T, page after
// page: add and update events are records of the document as it became, remove events deletion
// records timed by their transaction. The feed cursor is checkpointed after every page, empty
// ones included: an idle feed's cursor still moves to the time of the poll, which keeps it
// within the history retention. A token is made per sync: a feed cursor holds nothing of it.
// A position is exclusive of one event only: a cursor is (time, ordinal in its transaction), and
// start_ts T, or the cursor of a page that ends a poll (has_next false), is (T, 0), the first
// event at T (`Feed.scala` and `EventReplayer.scala` in `runtime/stream/` of `fauna/faunadb`).
// The other events of a transaction at T, which the full read at T or that poll gave already,
// come again: events at or before start_ts, or through_ts, the last event time of a poll, are
// skipped, so each is emitted once.
import { FaunaError } from '../../fauna/errors.js';
import type { FeedEvent } from '../../fauna/v10/client.js';
import { SetupError } from '../errors.js';
import { PageSizer } from '../core/paging.js';
import { emitDeletion, emitDocuments, log } from '../core/stream.js';
import { MAX_PAGE } from './queries.js';
import { FeedBehind, readSnapshot, type CatchUp } from './snapshot.js';
import { emptyState, type FeedPosition } from './state.js';
import { asV4, raiseHistory, sourceToken, type Stream } from './stream.js';

// A feed page starts at page_size events, as a page of documents does, and grows while its answers stay small.
const FEED_PAGE_BYTES = 4 * 1024 * 1024;

type Change = Extract<FeedEvent, { type: 'add' | 'update' | 'remove' }>;

/** `running` is called once the collection is known to be readable. */
export async function readIncremental(stream: Stream, running: () => Promise<void>): Promise<void> {
  const { checkpoints } = stream;
  // The probe of read permission comes first: a set hides what the key may not read.
  const token = await sourceToken(stream);
  await running();
  // While the whole collection is read, the feed is read up to now before the read moves to a
  // newer snapshot; its position is saved with that snapshot, never before (snapshot.ts).
  const catchUp: CatchUp = async (from) => {
    let position: FeedPosition | undefined = from;
    const current = await readFeed(stream, token, from, async (at) => {
      position = at;
    });
    return current ? position : undefined;
  };
  const saveEach = async (feed: FeedPosition): Promise<void> => {
    checkpoints.state = { ...checkpoints.state, feed };
    await checkpoints.checkpoint();
  };
  // A read of the whole collection first: a first sync, or one left unfinished.
  let current = true;
  if (checkpoints.state.feed === undefined || checkpoints.state.snapshot !== undefined) {
    try {
      await readSnapshot(stream, catchUp);
    } catch (error) {
      // Its snapshot aged out (a pause) and the feed no longer reaches it, which readFeed said.
      if (!(error instanceof FeedBehind)) throw error;
      current = false;
    }
  }
  if (current) {
    const from = checkpoints.state.feed!;
    await log(
      stream,
      'INFO',
      `reading the event feed from ${from.cursor !== undefined ? 'the saved cursor' : `snapshot ${from.start_ts}`}`,
    );
    current = await readFeed(stream, token, from, saveEach);
  }
  if (!current) {
    // The feed no longer reaches the cursor: the collection is read again in full, and its feed then followed from there.
    checkpoints.state = emptyState();
    await readSnapshot(stream, catchUp);
    await readFeed(stream, token, checkpoints.state.feed!, saveEach);
  }
}

/**
 * Polls the feed until it has no next page, handing `save` the position after each page; false
 * when the position is beyond the history retention and the stream may be read again in full.
 */
async function readFeed(
  stream: Stream,
  token: string,
  from: FeedPosition,
  save: (position: FeedPosition) => Promise<void>,
): Promise<boolean> {
  const { client } = stream;
  const sizer = new PageSizer(stream.settings, FEED_PAGE_BYTES, MAX_PAGE);
  let { through_ts: through = from.start_ts, ...position } = from;
  let last = through;
  for (;;) {
    const page = await client.feed({ token, ...position, page_size: sizer.size });
    let bytes = 0;
    for (const event of page.events) {
      if (event.type === 'error') {
        if (event.error.code !== 'invalid_stream_start_time')
          throw new FaunaError(200, [{ code: event.error.code, description: event.error.message }]);
        return await tooOld(stream, event.error.message);
      }
      if (through !== undefined && event.txn_ts <= through) continue;
      bytes += await emitChange(stream, event);
      last = event.txn_ts;
    }
    sizer.observe(page.events.length, bytes);
    // Within a poll the cursor is the last event's, exact; the cursor that ends it may give the events at `last` again.
    if (!page.has_next) through = last;
    position = { cursor: page.cursor };
    await save({ ...position, ...(through !== undefined && { through_ts: through }) });
    if (!page.has_next) return true;
  }
}

async function emitChange(stream: Stream, event: Change): Promise<number> {
  if (event.type !== 'remove') return (await emitDocuments(stream, [event.data], asV4(stream))).bytes;
  // The data of a remove is the document as it was before: only its id matters.
  if (stream.settings.deletions.mode !== 'deleted_field') return 0;
  const id = (event.data as { '@doc'?: { id?: unknown } } | null)?.['@doc']?.id;
  if (typeof id !== 'string') throw new TypeError(`A remove event of '${stream.collection.name}' has no document id`);
  await emitDeletion(stream, id, event.txn_ts);
  return 0;
}

/**
 * The feed cannot start from the saved position any more: its events are older than the
 * collection's history. Without deletions to lose (deletions ignored, or invalid_cursor_behavior
 * continue) the collection is read again in full; otherwise the stream fails, saying what to do.
 */
async function tooOld(stream: Stream, detail: string): Promise<false> {
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
  return false;
}
