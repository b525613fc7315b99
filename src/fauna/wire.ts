// Values as Fauna's FQL v4 wire JSON carries them (parsed by json.ts), and what a client or a
// reader needs to look into them without converting them.

/** A value as parsed from a response body; integers beyond 2^53 are bigint (see json.ts). */
export type WireValue = null | boolean | number | bigint | string | WireValue[] | { [key: string]: WireValue };
export type WireObject = { [key: string]: WireValue };

/** The body `{id, collection?, database?}` of a `{"@ref": ...}` value, or undefined. */
export function refBody(value: WireValue | undefined): WireObject | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const body = value['@ref'];
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? body : undefined;
}

export type PathElement = string | number;

/**
 * FQL Select on a wire value: a string selects an object field, a number an array element; on a
 * ref, "id" selects its id and "collection"/"database" its parent refs, so ["data", "parent",
 * "collection", "id"] is the name of the collection of the ref at data.parent (the
 * additional-column recipe of docs/configuration.md). Returns undefined when the path does not exist; the result is still a wire value.
 */
export function selectPath(value: WireValue, path: readonly PathElement[]): WireValue | undefined {
  let current: WireValue | undefined = value;
  for (const step of path) {
    if (current === null || current === undefined || typeof current !== 'object') return undefined;
    if (Array.isArray(current)) {
      current = typeof step === 'number' ? current[step] : undefined;
      continue;
    }
    if (typeof step !== 'string') return undefined;
    const ref = refBody(current);
    if (ref !== undefined)
      current = step === 'id' || step === 'collection' || step === 'database' ? ref[step] : undefined;
    else if (current['@obj'] !== undefined && Object.keys(current).length === 1)
      current = (current['@obj'] as WireObject)[step];
    // Typed values (time, date, bytes, set, query) have no fields to select.
    else current = escapeKey(current) !== undefined ? undefined : current[step];
  }
  return current;
}

/** The key of a one-key object whose key starts with "@" (a Fauna escape), else undefined. */
export function escapeKey(object: object): string | undefined {
  let only: string | undefined;
  for (const key in object) {
    if (only !== undefined) return undefined;
    only = key;
  }
  return only !== undefined && only.charCodeAt(0) === 64 /* @ */ ? only : undefined;
}
