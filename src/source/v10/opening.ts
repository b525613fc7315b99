// The first queries of a new full refresh, sent with the plan's, each a round trip sooner, as the
// v4 wing sends its own (v4/read.ts): the collection's event source, the probe that the key may
// read it, and the start of the read at a snapshot (its first page and last id). Their answers
// wait for the plan, so a failure of the plan is reported as before, and the answers of a stream
// that never starts are dropped.
import type { FaunaClient, QueryAnswer } from '../../fauna/v10/client.js';
import type { StreamSettings } from '../config.js';
import { firstPageSize } from '../core/paging.js';
import { eventSource, MAX_PAGE, readStart } from './queries.js';

export interface Opening {
  /** The answer of the event source query (sourceToken in stream.ts). */
  source: Promise<QueryAnswer>;
  /** The answer of the read's first query (readFromStart in snapshot.ts); its txn_ts is the snapshot. */
  start: Promise<QueryAnswer>;
}

export function openFullRefresh(client: FaunaClient, collection: string, settings: StreamSettings): Opening {
  const opening = {
    source: client.query(eventSource(collection)),
    start: client.query(readStart(collection, firstPageSize(settings, MAX_PAGE))),
  };
  // Its stream may never start (the plan failed, or refused it): its failures are then nobody's.
  opening.source.catch(() => undefined);
  opening.start.catch(() => undefined);
  return opening;
}
