// A document's creation time, read from its id. Fauna never stored when a document was created
// (`ts` is its last write), but an id the server generated is a snowflake id (fauna/faunadb,
// ext/snowflake, IDSource): its top 43 bits are the millisecond it was made, counted from
// 1336258850000 (2012-05-05T22:20:50Z), above a 10-bit sequence and a 10-bit worker id. Shared by
// every way of reading (v4, v10, export archives); docs/export-format.md states its limits.
import { microsToIso } from './export/decode.js';

const SNOWFLAKE_EPOCH_MS = 1_336_258_850_000n;
/** The earliest time an id can hold: the floor when nothing is known of when the collection was created. */
export const ID_EPOCH_MICROS = Number(SNOWFLAKE_EPOCH_MS) * 1000;
/** The column of collection.created_at_column. */
export const CREATED_AT = 'created_at';
const MAX_ID = 2n ** 63n - 1n;
const ID = /^\d+$/;

/** The first id the server makes at `micros` or later: where the documents created since then begin. */
export function firstIdAt(micros: number): bigint {
  const ms = BigInt(Math.floor(micros / 1000)) - SNOWFLAKE_EPOCH_MS;
  return ms > 0n ? ms << 20n : 0n;
}

/**
 * The creation time in `id` (RFC 3339 UTC), or null when the id cannot be one the server made
 * for this document: not an integer from 0 to 2^63 - 1, or a time before the collection existed
 * (`notBeforeMicros`) or after the document's last write (`tsMicros`). Such ids were chosen by
 * the application.
 */
export function createdAt(id: string, tsMicros: number, notBeforeMicros: number): string | null {
  if (!ID.test(id)) return null;
  const n = BigInt(id);
  if (n > MAX_ID) return null;
  const micros = Number(((n >> 20n) + SNOWFLAKE_EPOCH_MS) * 1000n);
  return micros < notBeforeMicros || micros > tsMicros ? null : microsToIso(micros);
}
