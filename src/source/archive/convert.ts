// One exported document -> the FQL v4 wire shape every reader emits, through the v10 wing's
// conversion of tagged values (src/fauna/v10/tagged.ts): an exported document is the `@doc` of a
// v10 answer without its computed fields, so its records are those of a live v10 sync at the
// export's snapshot. Encodings: fauna/faunadb,
// ext/model/src/main/scala/tasks/export/VersionFormatter.scala and
// ext/model/src/main/scala/runtime/fql2/serialization/ValueFormat.scala.
import { parseJson, setField } from '../../fauna/json.js';
import { toDocument, type Tagged } from '../../fauna/v10/tagged.js';
import { escapeKey, type WireObject } from '../../fauna/wire.js';
import { isObject } from '../../airbyte/json-kind.js';
import type { Archive, DataFile } from './archive.js';
import { retag } from './fsl-types.js';
import { placeOf, type Entry } from './documents.js';
import { ArchiveError } from './store.js';

// The tags of an export's tagged format (no @doc, @set or @stream: references are not resolved).
const EXPORT_TAGS = new Set([
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
// Credential documents carry the password's BCrypt hash: a secret, left out unless asked for.
const HASHED_PASSWORD = 'hashed_password';

export type Convert = (entry: Entry) => WireObject;

export function converter(archive: Archive, file: DataFile, includeHashedPassword: boolean): Convert {
  const dropHash = file.collection === 'Credential' && !includeHashedPassword;
  const tagged = archive.docFormat === 'tagged';
  const schema = archive.schema?.get(file.collection);
  return (entry) => {
    const fail = (what: string): never => {
      throw new ArchiveError(
        `${placeOf(archive, file, entry.position)} ${what}; copy the export again from where Fauna wrote it`,
      );
    };
    let value: unknown;
    try {
      value = parseJson(entry.text);
    } catch (error) {
      return fail(`is not JSON (${(error as Error).message})`);
    }
    if (!isObject(value)) return fail('is not a JSON object');
    let document = value as { [key: string]: Tagged };
    if (tagged) {
      // A document with a top-level key starting with @ is wrapped whole in @object.
      if (escapeKey(document) === '@object' && isObject(document['@object']))
        document = document['@object'] as typeof document;
      const unknown = unknownTag(document);
      if (unknown !== undefined) {
        return fail(
          `holds a value tagged ${unknown}, which is not one of Fauna's export tags (${[...EXPORT_TAGS].join(', ')})`,
        );
      }
    } else {
      document = simpleToTagged(document);
      if (schema !== undefined) document = retag(schema, document);
    }
    if (typeof document.id !== 'string' || document.ts === undefined)
      return fail('is not a Fauna document (no id or ts)');
    if (dropHash) delete document[HASHED_PASSWORD];
    try {
      return toDocument({ '@doc': document });
    } catch (error) {
      return fail(`is not a Fauna document (${(error as Error).message})`);
    }
  };
}

/** The first tag of a value that the export format does not have, or undefined. */
function unknownTag(value: Tagged): string | undefined {
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

/**
 * A simple-format document as its tagged form would say what the format still tells: the
 * collection a module, ts and ttl times. Other values stay as they are (the simple format lost
 * their types), with any object whose keys start with @ escaped so it is not taken for a tag.
 */
function simpleToTagged(document: { [key: string]: Tagged }): { [key: string]: Tagged } {
  const out = escapeObjects(document) as { [key: string]: Tagged };
  const unwrapped = (escapeKey(out) === '@object' ? out['@object'] : out) as { [key: string]: Tagged };
  if (typeof unwrapped.coll === 'string') unwrapped.coll = { '@mod': unwrapped.coll };
  if (typeof unwrapped.ts === 'string') unwrapped.ts = { '@time': unwrapped.ts };
  if (typeof unwrapped.ttl === 'string') unwrapped.ttl = { '@time': unwrapped.ttl };
  return unwrapped;
}

function escapeObjects(value: Tagged): Tagged {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(escapeObjects);
  let escape = false;
  const out: { [key: string]: Tagged } = {};
  for (const key in value) {
    if (key.charCodeAt(0) === 64) escape = true;
    setField(out, key, escapeObjects(value[key]!));
  }
  return escape ? { '@object': out } : out;
}
