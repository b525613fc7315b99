import { logMessage } from '../../airbyte/messages.js';
import type { LogLevel } from '../../airbyte/types.js';
import type { MessageWriter } from '../../airbyte/writer.js';
import type { FaunaClient } from '../../fauna/client.js';
import { selectPath } from '../../fauna/decode.js';
import { FaunaError } from '../../fauna/errors.js';
import type { Expr, WireValue } from '../../fauna/query.js';
import type { StreamSettings } from '../config.js';
import { SetupError } from '../errors.js';
import type { RecordLines } from '../records.js';
import type { DocumentPosition, StreamCheckpoints } from '../state.js';
import type { Serial } from './ranges.js';
import type { Slots } from './paging.js';

/** Everything a stream reader needs: where to read, how to emit, where its state lives. */
export interface StreamContext {
  client: FaunaClient;
  out: MessageWriter;
  collection: string;
  settings: StreamSettings;
  lines: RecordLines;
  checkpoints: StreamCheckpoints;
  /** Pages in flight or being emitted, across all streams: the sync's concurrency and memory bound. */
  slots: Slots;
  /** Ranges of this stream read at once. */
  concurrency: number;
  /** The stream's emissions, one page and its checkpoint at a time. */
  serial: Serial;
  /** The answer to the first query of a new full refresh, when it was sent early (read.ts). */
  opening?: Promise<WireValue> | undefined;
}

export interface Page { data: WireValue[]; after?: WireValue }

export function log(context: StreamContext, level: LogLevel, message: string): Promise<void> {
  return context.out.emit(logMessage(level, `${context.collection}: ${message}`));
}

/**
 * Every page is read At(snapshot), and Fauna keeps a collection's history for history_days only
 * (15 minutes when that is 0, its default): a sync running longer than that loses its snapshot.
 */
export class SnapshotExpiredError extends SetupError {}

export function belowHistoryRetention(error: unknown): error is FaunaError {
  return error instanceof FaunaError && error.status === 400 && /minimum allowed timestamp/i.test(error.description);
}

export async function queryPage(context: StreamContext, query: Expr): Promise<Page> {
  try {
    return await context.client.query(query) as unknown as Page;
  } catch (error) {
    if (!belowHistoryRetention(error)) throw error;
    const { collection } = context;
    throw new SnapshotExpiredError(`The sync of '${collection}' outlived the collection's history retention, so its snapshot `
      + `can no longer be read: raise its history_days (e.g. Update(Collection("${collection}"), { history_days: 1 })) `
      + 'or page_size, so that a sync ends within the retention (15 minutes when history_days is 0)');
  }
}

/**
 * Emits the records of documents as Get returned them, pausing while the pipe is full, and returns
 * the position of the last one and the size of the records. A document at the position of the one before it is skipped: the
 * boundary emitted by the previous sync or page (`previous`), or another entry of the same
 * document (an index with values beyond ts and ref has one entry per value of an array field).
 */
export async function emitDocuments(
  context: StreamContext,
  documents: WireValue[],
  previous?: DocumentPosition,
): Promise<{ last: DocumentPosition | undefined; bytes: number }> {
  const { lines, out, checkpoints } = context;
  const emittedAt = Date.now();
  let last = previous;
  let bytes = 0;
  for (const document of documents) {
    const record = lines.document(document, emittedAt);
    if (last !== undefined && record.ts === last.ts && record.ref === last.ref) continue;
    last = record;
    bytes += record.line.length;
    checkpoints.records++;
    if (!out.record(record.line)) await out.ready();
  }
  return { last: last && { ts: last.ts, ref: last.ref }, bytes };
}

/** The id of a document as Get returns it. */
export function documentId(document: WireValue): bigint {
  return BigInt(selectPath(document, ['ref', 'id']) as string);
}
