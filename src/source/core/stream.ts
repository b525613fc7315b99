// The frame every reader writes through, whatever API it reads: the stream's log, its records
// (one line each, through the same RecordLines, so every reader gives the same records), and the
// checkpoints that carry its state and record count.
import { logMessage } from '../../airbyte/messages.js';
import type { ConfiguredAirbyteStream, LogLevel } from '../../airbyte/types.js';
import type { MessageWriter } from '../../airbyte/writer.js';
import type { WireValue } from '../../fauna/wire.js';
import type { DecodedDocument } from '../export/decode.js';
import type { StreamSettings } from '../config.js';
import { RecordLines } from '../records.js';
import type { Checkpoints, DocumentPosition } from './checkpoints.js';
import { StreamEstimate } from './estimate.js';
import type { Slots } from './paging.js';
import { Serial } from './ranges.js';
import { descriptorOf } from './run.js';

export interface StreamFrame<State extends object = object> {
  out: MessageWriter;
  /** The stream's name: the collection it reads. */
  name: string;
  settings: StreamSettings;
  lines: RecordLines;
  checkpoints: Checkpoints<State>;
  /** Pages in flight or being emitted, across all streams: the sync's concurrency and memory bound. */
  slots: Slots;
  /** Parts of this stream read at once; also sizes the byte budget of a page. */
  concurrency: number;
  /** The stream's emissions, one page and its checkpoint at a time. */
  serial: Serial;
  /** What the sync will emit for the stream, told to the platform as the read goes. */
  estimate: StreamEstimate;
}

export interface SyncResources {
  out: MessageWriter;
  settings: StreamSettings;
  slots: Slots;
  concurrency: number;
}

export function streamFrame<State extends object>(
  configured: ConfiguredAirbyteStream,
  sync: SyncResources,
  checkpoints: Checkpoints<State>,
): StreamFrame<State> {
  const { name, namespace, json_schema: schema } = configured.stream;
  const { out, settings, slots, concurrency } = sync;
  return {
    out,
    name,
    settings,
    lines: new RecordLines(name, settings, schema, typeof namespace === 'string' ? { namespace } : {}),
    checkpoints,
    slots,
    concurrency,
    serial: new Serial(),
    estimate: new StreamEstimate(out, descriptorOf(configured)),
  };
}

export function log(frame: StreamFrame, level: LogLevel, message: string): Promise<void> {
  return frame.out.emit(logMessage(level, `${frame.name}: ${message}`));
}

/**
 * Turns an entry of a page (a document, an index entry, an event) into the document to emit, in
 * the FQL v4 wire shape RecordLines reads (or already decoded), or undefined to skip it.
 */
export type ToDocument<Entry> = (entry: Entry) => WireValue | DecodedDocument | undefined;

/**
 * Emits the records of a page's entries, pausing while the pipe is full, and returns the position
 * of the last one and the bytes of the records. A document at the position of the one before it
 * is skipped: the boundary emitted by the previous sync or page (`previous`), or another entry of
 * the same document (an index with values beyond ts and ref has one entry per value of an array
 * field).
 */
export async function emitDocuments<Entry>(
  frame: StreamFrame,
  entries: Entry[],
  toDocument: ToDocument<Entry>,
  previous?: DocumentPosition,
): Promise<{ last: DocumentPosition | undefined; bytes: number }> {
  const { lines, out, checkpoints } = frame;
  const emittedAt = Date.now();
  let last = previous;
  let bytes = 0;
  let rows = 0;
  for (const entry of entries) {
    const document = toDocument(entry);
    if (document === undefined) continue;
    const record = lines.document(document, emittedAt);
    if (last !== undefined && record.ts === last.ts && record.ref === last.ref) continue;
    last = record;
    bytes += record.line.length;
    rows++;
    checkpoints.records++;
    if (!out.record(record.line)) await out.ready();
  }
  frame.estimate.emitted(rows, bytes);
  return { last: last && { ts: last.ts, ref: last.ref }, bytes };
}

/** Documents already in the v4 wire shape. */
export const asIs: ToDocument<WireValue> = (document) => document;

/** Emits the deletion record of document `id` removed at `ts` (µs). */
export async function emitDeletion(frame: StreamFrame, id: string, ts: number, emittedAt = Date.now()): Promise<void> {
  const line = frame.lines.deletion(id, ts, emittedAt);
  frame.checkpoints.records++;
  frame.estimate.emitted(1, line.length);
  if (!frame.out.record(line)) await frame.out.ready();
}
