// Feed cursors (the core's `runtime/stream/Feed.scala`): the position `(txn ts, ordinal)` of an
// event, opaque base64. They say nothing about the event source, so a cursor resumes a fresh token
// for the same set.

export interface FeedCursor {
  ts: number;
  /** Orders the events of one transaction, from 0. */
  ord: number;
}

const SIZE = 12;
// One buffer for every cursor encoded: a feed page encodes one per event.
const scratch = Buffer.alloc(SIZE);

export function encodeCursor(c: FeedCursor): string {
  // A ts is a non-negative safe integer: its 64 bits as two 32-bit halves, without a BigInt.
  scratch.writeUInt32BE(Math.floor(c.ts / 2 ** 32), 0);
  scratch.writeUInt32BE(c.ts % 2 ** 32, 4);
  scratch.writeUInt32BE(c.ord, 8);
  return scratch.toString('base64');
}

/** The cursor, or undefined for text that is not one of ours. */
export function decodeCursor(text: string): FeedCursor | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return undefined;
  const buf = Buffer.from(text, 'base64');
  if (buf.length !== SIZE || buf.toString('base64') !== text) return undefined;
  return { ts: Number(buf.readBigInt64BE(0)), ord: buf.readUInt32BE(8) };
}
