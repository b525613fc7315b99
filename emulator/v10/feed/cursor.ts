// Feed cursors (the core's `runtime/stream/Feed.scala`): the position `(txn ts, ordinal)` of an
// event, opaque base64. They say nothing about the event source, so a cursor resumes a fresh token
// for the same set.

export interface FeedCursor {
  ts: number;
  /** Orders the events of one transaction, from 0. */
  ord: number;
}

const SIZE = 12;
const BASE64 = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].map((c) => c.charCodeAt(0));
const codes: number[] = new Array<number>(16);

/** Puts the four base64 characters of 24 bits at `at`. */
function quad(bits: number, at: number): void {
  codes[at] = BASE64[bits >>> 18]!;
  codes[at + 1] = BASE64[(bits >>> 12) & 63]!;
  codes[at + 2] = BASE64[(bits >>> 6) & 63]!;
  codes[at + 3] = BASE64[bits & 63]!;
}

/**
 * The base64 of the 12 bytes ts (64 bits, big-endian) then ord (32 bits), from the numbers: a feed
 * page encodes one per event, and 12 bytes are four groups of three with no padding. One flat
 * string, which the page's text copies without walking pieces.
 */
export function encodeCursor(c: FeedCursor): string {
  // A ts is a non-negative safe integer: its 64 bits as two 32-bit halves, without a BigInt.
  const hi = Math.floor(c.ts / 2 ** 32);
  const lo = c.ts % 2 ** 32;
  quad(hi >>> 8, 0);
  quad(((hi & 0xff) << 16) | (lo >>> 16), 4);
  quad(((lo & 0xffff) << 8) | (c.ord >>> 24), 8);
  quad(c.ord & 0xffffff, 12);
  return String.fromCharCode(...codes);
}

/** The cursor, or undefined for text that is not one of ours. */
export function decodeCursor(text: string): FeedCursor | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return undefined;
  const buf = Buffer.from(text, 'base64');
  if (buf.length !== SIZE || buf.toString('base64') !== text) return undefined;
  return { ts: Number(buf.readBigInt64BE(0)), ord: buf.readUInt32BE(8) };
}
