// One exported document -> the FQL v4 wire shape every reader emits, through the v10 wing's
// conversion of tagged values (src/fauna/v10/tagged.ts): an exported document is the `@doc` of a
// v10 answer without its computed fields, so its records are those of a live v10 sync at the
// export's snapshot. `read` takes the documents of the usual shape in one pass instead (fields.ts),
// to the same records. Encodings: fauna/faunadb,
// ext/model/src/main/scala/tasks/export/VersionFormatter.scala and
// ext/model/src/main/scala/runtime/fql2/serialization/ValueFormat.scala.
import { parseJson, setField } from '../../fauna/json.js';
import { toDocument, type Tagged, type TaggedObject } from '../../fauna/v10/tagged.js';
import { escapeKey, type WireObject } from '../../fauna/wire.js';
import { isObject } from '../../airbyte/json-kind.js';
import { DecodedDocument } from '../export/decode.js';
import type { Archive, DataFile } from './archive.js';
import { retag } from './fsl-types.js';
import { placeOf, type Entry } from './documents.js';
import { documentFields } from './fields.js';
import { ArchiveError } from './store.js';
import { EXPORT_TAGS, unknownTag } from './tags.js';

// Credential documents carry the password's BCrypt hash: a secret, left out unless asked for.
const HASHED_PASSWORD = 'hashed_password';

/** The documents of `file` in the FQL v4 wire shape (discover samples them; read's general way). */
export function wireConverter(
  archive: Archive,
  file: DataFile,
  includeHashedPassword: boolean,
): (entry: Entry) => WireObject {
  const omit = omitted(file, includeHashedPassword);
  const tagged = archive.docFormat === 'tagged';
  const asTagged = taggedForm(archive, file);
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
    const document = asTagged(value as TaggedObject);
    const unknown = tagged ? unknownTag(document) : undefined;
    if (unknown !== undefined) {
      return fail(
        `holds a value tagged ${unknown}, which is not one of Fauna's export tags (${[...EXPORT_TAGS].join(', ')})`,
      );
    }
    if (typeof document.id !== 'string' || document.ts === undefined)
      return fail('is not a Fauna document (no id or ts)');
    if (omit !== undefined) delete document[omit];
    try {
      return toDocument({ '@doc': document });
    } catch (error) {
      return fail(`is not a Fauna document (${(error as Error).message})`);
    }
  };
}

/** A document of a data file as RecordLines takes it. */
type Convert = (entry: Entry) => WireObject | DecodedDocument;

/**
 * The documents of `file` for read. `decoded`: straight to their records' fields (documentFields),
 * for a stream whose records need nothing more (RecordLines.needsWire is false), with their data
 * or not (the data column); a document of another shape, or a damaged one, takes the general way
 * all the same.
 */
export function converter(
  archive: Archive,
  file: DataFile,
  includeHashedPassword: boolean,
  decoded: { withData: boolean } | undefined,
): Convert {
  const general = wireConverter(archive, file, includeHashedPassword);
  if (decoded === undefined) return general;
  const omit = omitted(file, includeHashedPassword);
  const asTagged = taggedForm(archive, file);
  return (entry) => {
    let value: unknown;
    try {
      // Native JSON.parse: documentFields sends a document with an integer it rounded to the general way.
      value = JSON.parse(entry.text);
    } catch {
      return general(entry);
    }
    const fields = isObject(value)
      ? documentFields(asTagged(value as TaggedObject), omit, decoded.withData)
      : undefined;
    return fields === undefined ? general(entry) : new DecodedDocument(fields);
  };
}

/** The top-level field left out of a file's documents, if any. */
function omitted(file: DataFile, includeHashedPassword: boolean): string | undefined {
  return file.collection === 'Credential' && !includeHashedPassword ? HASHED_PASSWORD : undefined;
}

/**
 * A parsed document of `file` in the tagged format: unwrapped from its @object, or from the
 * simple format (typed by the collection's FSL types when the archive has them).
 */
function taggedForm(archive: Archive, file: DataFile): (document: TaggedObject) => TaggedObject {
  if (archive.docFormat !== 'tagged') {
    const schema = archive.schema?.get(file.collection);
    return (document) => (schema === undefined ? simpleToTagged(document) : retag(schema, simpleToTagged(document)));
  }
  // A document with a top-level key starting with @ is wrapped whole in @object.
  return (document) =>
    escapeKey(document) === '@object' && isObject(document['@object'])
      ? (document['@object'] as TaggedObject)
      : document;
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
