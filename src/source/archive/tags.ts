// The tags of an export's tagged format (no @doc, @set or @stream: references are not resolved).
// Encodings: fauna/faunadb, ext/model/src/main/scala/runtime/fql2/serialization/ValueFormat.scala.
import type { Tagged } from '../../fauna/v10/tagged.js';
import { escapeKey } from '../../fauna/wire.js';
import { isObject } from '../../airbyte/json-kind.js';

export const EXPORT_TAGS = new Set([
  '@int',
  '@long',
  '@double',
  '@time',
  '@date',
  '@bytes',
  '@uuid',
  '@mod',
  '@ref',
  '@object',
]);

/** The first tag of a value that the export format does not have, or undefined. */
export function unknownTag(value: Tagged): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const values = Array.isArray(value) ? value : undefined;
  if (values !== undefined) {
    for (const item of values) {
      const found = unknownTag(item);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  const object = value as { [key: string]: Tagged };
  const tag = escapeKey(object);
  if (tag !== undefined) {
    if (!EXPORT_TAGS.has(tag)) return tag;
    if (tag !== '@object' && tag !== '@ref') return undefined;
    return isObject(object[tag]) ? unknownTagIn(object[tag] as { [key: string]: Tagged }) : undefined;
  }
  return unknownTagIn(object);
}

function unknownTagIn(object: { [key: string]: Tagged }): string | undefined {
  for (const key in object) {
    const found = unknownTag(object[key]!);
    if (found !== undefined) return found;
  }
  return undefined;
}
