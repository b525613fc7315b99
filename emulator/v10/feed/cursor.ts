// Feed cursors (the core's `runtime/stream/Feed.scala`): the position `(txn ts, ordinal)` of an
// event, opaque base64. They say nothing about the event source, so a cursor resumes a fresh token
// for the same set.

export interface FeedCursor {
  ts: number;
  /** Orders the events of one transaction, from 0. */
  ord: number;
}

const SIZE = 12;

export function encodeCursor(c: FeedCursor): string {
  const buf = Buffer.alloc(SIZE);
  buf.writeBigInt64BE(BigInt(c.ts), 0);
  buf.writeUInt32BE(c.ord, 8);
  return buf.toString('base64');
}

/** The cursor, or undefined for text that is not one of ours. */
export function decodeCursor(text: string): FeedCursor | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return undefined;
  const buf = Buffer.from(text, 'base64');
  if (buf.length !== SIZE || buf.toString('base64') !== text) return undefined;
  return { ts: Number(buf.readBigInt64BE(0)), ord: buf.readUInt32BE(8) };
}

/** Whether `a` comes after `b`: feeds are exclusive of their start. */
export function isAfter(a: FeedCursor, b: FeedCursor): boolean {
  return a.ts > b.ts || (a.ts === b.ts && a.ord > b.ord);
}
