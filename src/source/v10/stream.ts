// What a v10 stream reader needs, and how it emits: documents of set pages and feed events go
// through tagged.ts to the v4 wire shape, then through the same RecordLines as a v4 sync, so
// both APIs give the same records.
import { logMessage } from '../../airbyte/messages.js';
import type { LogLevel } from '../../airbyte/types.js';
import type { MessageWriter } from '../../airbyte/writer.js';
import { FaunaError } from '../../fauna/errors.js';
import type { FaunaV10Client } from '../../fauna/v10/client.js';
import { toDocument, type Tagged } from '../../fauna/v10/tagged.js';
import type { StreamSettings } from '../config.js';
import { SetupError } from '../errors.js';
import type { RecordLines } from '../records.js';
import type { StreamCheckpoints } from '../state.js';
import type { Slots } from '../streams/paging.js';
import type { CollectionInfo } from './collections.js';
import { eventSource } from './queries.js';
import type { V10StreamState } from './state.js';

export interface V10Stream {
  client: FaunaV10Client;
  out: MessageWriter;
  collection: CollectionInfo;
  settings: StreamSettings;
  lines: RecordLines;
  checkpoints: StreamCheckpoints<V10StreamState>;
  /** Id ranges of a collection read at once; also sizes the byte budget of a page. */
  concurrency: number;
  /** Pages in flight or being emitted, across all streams: the sync's memory bound. */
  slots: Slots;
}

export function log(stream: V10Stream, level: LogLevel, message: string): Promise<void> {
  return stream.out.emit(logMessage(level, `${stream.collection.name}: ${message}`));
}

/** Emits the records of v10 documents; returns the bytes of their lines. */
export async function emitDocuments(stream: V10Stream, documents: Tagged[]): Promise<number> {
  const { lines, out, checkpoints, collection } = stream;
  const emittedAt = Date.now();
  let bytes = 0;
  for (const document of documents) {
    const { line } = lines.document(toDocument(document, collection.computed), emittedAt);
    bytes += line.length;
    checkpoints.records++;
    if (!out.record(line)) await out.ready();
  }
  return bytes;
}

/** Emits the deletion record of a document removed at `txnTs` (µs). */
export async function emitDeletion(stream: V10Stream, id: string, txnTs: number): Promise<void> {
  stream.checkpoints.records++;
  if (!stream.out.record(stream.lines.deletion(id, txnTs, Date.now()))) await stream.out.ready();
}

/** 400 invalid_request "Requested timestamp … less than minimum allowed timestamp …": a cursor beyond the history retention. */
export function belowRetention(error: unknown): error is FaunaError {
  return error instanceof FaunaError && error.status === 400 && /minimum allowed timestamp/i.test(error.description);
}

/** The FQL that gives a collection more history, for messages. */
export const raiseHistory = (collection: string, days: number): string => `Collection.byName(${JSON.stringify(collection)})!.update({ history_days: ${days} })`;

/**
 * The token of an event source on the whole collection. Creating it needs read on the collection:
 * the probe that the key may read it, since its set pages would silently leave out what it may not.
 */
export async function sourceToken(stream: V10Stream): Promise<string> {
  const { name } = stream.collection;
  try {
    const { data } = await stream.client.query(eventSource(name));
    const token = (data as { '@stream'?: unknown } | null)?.['@stream'];
    if (typeof token !== 'string') throw new TypeError(`Fauna answered an event source of '${name}' without its token`);
    return token;
  } catch (error) {
    throw readProblem(error, name) ?? error;
  }
}

/** The message of a collection that the key may not read or that does not exist, or undefined. */
export function readProblem(error: unknown, collection: string): SetupError | undefined {
  if (!(error instanceof FaunaError) || error.status !== 400) return undefined;
  if (error.code === 'permission_denied') {
    return new SetupError(`The key's role may not read the documents of collection '${collection}': grant its role read on `
      + `${collection} (privileges ${collection} { read } in FSL), as the user guide's v10 role does`);
  }
  if (error.code === 'invalid_argument' && /no such user collection/i.test(error.description)) {
    return new SetupError(`Collection '${collection}' does not exist (Fauna: ${error.description}); run discover again and update the catalog`);
  }
  return undefined;
}
