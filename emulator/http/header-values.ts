// Header values as both APIs read them: one value per name, and the query tags both echo.

export const CONTENT_TYPE = 'application/json;charset=utf-8';

export type Headers = Record<string, string | string[] | undefined>;

/** A header's value; one sent several times is read as its values joined by commas. */
export function single(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

const TAG_LIMITS = { headerChars: 3000, tags: 25, keyChars: 40, valueChars: 80 };
const TAG_PAIR = /^[A-Za-z0-9_]+=[A-Za-z0-9_]+$/;

/**
 * Parses `x-fauna-tags` as the core does: on success the header to echo, which lists the tags in
 * reverse order (the core folds from the right; faunadb-js's own test expects `bar=Bar2,foo=Foo1`
 * for `foo=Foo1,bar=Bar2`), else the core's error word.
 */
export function parseTags(header: string): { echo: string } | { error: string } {
  if (header.length > TAG_LIMITS.headerChars) return { error: 'header is too long' };
  if (header === '') return { echo: '' };
  const pairs = header.split(',');
  if (!pairs.every((pair) => TAG_PAIR.test(pair))) return { error: 'invalid tags' };
  if (pairs.length > TAG_LIMITS.tags) return { error: 'too many tags' };
  const seen = new Set<string>();
  const echoed: string[] = [];
  for (const pair of pairs.reverse()) {
    const [key, value] = pair.split('=') as [string, string];
    if (key.length > TAG_LIMITS.keyChars) return { error: 'invalid key' };
    if (value.length > TAG_LIMITS.valueChars) return { error: 'invalid value' };
    if (seen.has(key)) return { error: 'duplicate key' };
    seen.add(key);
    echoed.push(pair);
  }
  return { echo: echoed.join(',') };
}
