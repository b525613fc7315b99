// What the FQL v4 readers add to the stream frame: the v4 client, the collection, the first
// answer sent early, and pages read at the sync's snapshot.
import type { FaunaClient } from '../../fauna/v4/client.js';
import type { Expr } from '../../fauna/v4/query.js';
import { selectPath, type WireValue } from '../../fauna/wire.js';
import { atSnapshot } from '../core/errors.js';
import type { Early } from '../core/early.js';
import type { StreamFrame } from '../core/stream.js';
import type { StreamState } from './state.js';

/** FQL v4's largest page (Paginate's size). */
export const MAX_PAGE = 100_000;

export interface StreamContext extends StreamFrame<StreamState> {
  client: FaunaClient;
  /** The collection the stream reads (its name). */
  collection: string;
  /** The answer to the first query of a new full refresh, when it came with the plan (read.ts). */
  opening?: Early<WireValue> | undefined;
}

export interface Page {
  data: WireValue[];
  after?: WireValue;
}

/**
 * A page read At(snapshot). Fauna keeps a collection's history for history_days only (15 minutes
 * when that is 0, its default): a sync running longer than that loses its snapshot.
 */
export function queryPage(context: StreamContext, query: Expr): Promise<Page> {
  return atSnapshot(
    async () => (await context.client.query(query)) as unknown as Page,
    () => outlived(context),
  );
}

export function outlived({ collection }: StreamContext): string {
  return (
    `The sync of '${collection}' outlived the collection's history retention, so its snapshot ` +
    `can no longer be read: raise its history_days (e.g. Update(Collection("${collection}"), { history_days: 1 })) ` +
    'or page_size, so that a sync ends within the retention (15 minutes when history_days is 0)'
  );
}

/** The id of a document as Get returns it. */
export function documentId(document: WireValue): bigint {
  return BigInt(selectPath(document, ['ref', 'id']) as string);
}
