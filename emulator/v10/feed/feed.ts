// `POST /feed/1` from body to answer (the core's `api/fql2/FeedEndpoint.scala`): one page of the
// source's events after the cursor, read at a fresh snapshot. Paging, retention and error events
// are decided here; what each document version means to the source (filter, projection, permission)
// the runtime says (v10/fql/feeds.ts).
import type { Auth } from '../../core/context.js';
import { timeToIso } from '../../core/time-text.js';
import { Time } from '../../core/values.js';
import { V10Error } from '../fql/errors.js';
import type { EventType, FeedSource, OpenSource } from '../fql/feeds.js';
import type { Value } from '../fql/values.js';
import type { Database } from '../../store/database.js';
import { encode } from '../wire/encode.js';
import { protocolFailure, type Reply } from '../wire/response.js';
import { encodeCursor, type FeedCursor } from './cursor.js';
import { changesAfter } from './replay.js';
import { parseFeedRequest } from './request.js';
import { timedOut } from '../wire/deadline.js';

export interface FeedContext {
  auth: Auth;
  body: string;
  /** A fresh snapshot: the feed reads every transaction up to it. */
  snapshot: number;
  /** Wall time and the grace beyond history_days, for the retention window. */
  wall: number;
  historyGrace: number;
  expired: () => boolean;
  open: OpenSource;
}

const EVENT_STATS = '{"read_ops":1,"storage_bytes_read":0,"compute_ops":0,"processing_time_ms":0,"rate_limits_hit":[]}';

function pageStats(reads: number): string {
  return `{"read_ops":${reads},"storage_bytes_read":0,"compute_ops":1,"processing_time_ms":0,"rate_limits_hit":[]}`;
}

function errorEvent(code: string, message: string, abort?: string): string {
  const extra = abort === undefined ? '' : `,"abort":${abort}`;
  return `{"type":"error","error":{"code":${JSON.stringify(code)},"message":${JSON.stringify(message)}${extra}},"stats":${EVENT_STATS}}`;
}

function page(events: string[], cursor: FeedCursor, hasNext: boolean, reads: number, ts: number): Reply {
  const body = `{"events":[${events.join(',')}],"cursor":"${encodeCursor(cursor)}","has_next":${hasNext},"stats":${pageStats(reads)}}`;
  return { status: 200, body, txnTs: ts };
}

export function runFeed(ctx: FeedContext, db: Database): Reply {
  const request = parseFeedRequest(ctx.body);
  if ('invalid' in request) return protocolFailure(400, 'invalid_request', request.invalid, ctx.snapshot);
  if (ctx.expired()) return timedOut(ctx.snapshot);
  let source: FeedSource | undefined;
  try {
    source = ctx.open(ctx.auth, request.token, ctx.snapshot);
  } catch (err) {
    if (err instanceof V10Error) return protocolFailure(err.status, err.code, err.message, ctx.snapshot);
    throw err;
  }
  if (source === undefined)
    return protocolFailure(
      400,
      'invalid_request',
      'Invalid request body: invalid event source provided.',
      ctx.snapshot,
    );
  const from = request.start ?? { ts: source.startTs, ord: 0 };
  const coll = db.collections.get(source.coll);
  if (coll === undefined)
    return protocolFailure(
      400,
      'invalid_request',
      'Invalid request body: invalid event source provided.',
      ctx.snapshot,
    );
  if (from.ts < coll.minValidTs(ctx.wall, ctx.historyGrace)) {
    // The core prints the start as a Timestamp, an ISO instant (`EventReplayer.scala` of `ext/model`).
    const start = timeToIso(new Time(from.ts));
    const message = `Stream start time ${start} is too far in the past. Recreate the stream and try again.`;
    return page([errorEvent('invalid_stream_start_time', message)], from, false, 0, ctx.snapshot);
  }
  const events: string[] = [];
  let last = from;
  let reads = 0;
  for (const change of changesAfter(coll, from, ctx.snapshot, source.ids)) {
    // Out of time: the page so far, and the rest on the next request.
    if (events.length > 0 && ctx.expired()) return page(events, last, true, reads, ctx.snapshot);
    reads++;
    let event: { type: EventType; data: Value } | undefined;
    try {
      event = source.eventFor(change.id, change.version, change.previous);
    } catch (err) {
      if (!(err instanceof V10Error)) throw err;
      // A full page ends before the failing event, which the next request reports.
      if (events.length === request.pageSize) return page(events, last, true, reads, ctx.snapshot);
      const abort = err.abort === undefined ? undefined : encode(err.abort, 'tagged');
      events.push(errorEvent(err.code, err.message, abort));
      return page(events, last, false, reads, ctx.snapshot);
    }
    if (event === undefined) continue;
    // The page is full and another event follows: it starts the next page.
    if (events.length === request.pageSize) return page(events, last, true, reads, ctx.snapshot);
    last = change.at;
    events.push(
      `{"type":"${event.type}","data":${encode(event.data, 'tagged')},"txn_ts":${change.at.ts},` +
        `"cursor":"${encodeCursor(change.at)}","stats":${EVENT_STATS}}`,
    );
  }
  return page(events, { ts: ctx.snapshot, ord: 0 }, false, reads, ctx.snapshot);
}
