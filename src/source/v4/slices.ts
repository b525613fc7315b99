// Fauna v4 document ids are 64-bit integers written as digit strings, in ref order: cutting the
// id range between two documents into equal parts spreads a sample over the collection's
// history (ids grow with creation time) instead of reading only its oldest documents.

export interface IdRange {
  from: string;
  to: string;
}

/** [from, to] (inclusive, digit strings) cut into at most `parts` ranges; none when from > to. */
export function splitIds(from: string, to: string, parts: number): IdRange[] {
  const lo = toBigInt(from);
  const hi = toBigInt(to);
  if (lo === undefined || hi === undefined || lo > hi || parts < 1) return [];
  const width = hi - lo + 1n;
  const count = width < BigInt(parts) ? width : BigInt(parts);
  const ranges: IdRange[] = [];
  for (let i = 0n; i < count; i++) {
    const start = lo + (width * i) / count;
    const end = lo + (width * (i + 1n)) / count - 1n;
    ranges.push({ from: start.toString(), to: end.toString() });
  }
  return ranges;
}

/** The id after `id`, or before it with step -1; undefined for an id that is not an integer. */
export function nextId(id: string, step: 1 | -1 = 1): string | undefined {
  const value = toBigInt(id);
  return value === undefined ? undefined : (value + BigInt(step)).toString();
}

function toBigInt(id: string): bigint | undefined {
  return /^-?\d{1,19}$/.test(id) ? BigInt(id) : undefined;
}
