// One exported document as the core writes it (fauna/faunadb `ext/model/src/main/scala/tasks/export/VersionFormatter.scala`):
// id, coll, ts, ttl, then the user fields in stored order, with the names v10 reserves and the
// names of computed fields nested in a `data` object after all others. Computed fields are not
// evaluated. Values are encoded as `/query/1` encodes them, tagged or simple.
import type { Collection, Version } from '../store/collection.js';
import type { Credential } from '../store/database.js';
import { isObj as isStoredObj, type Obj as StoredObj, type Value as StoredValue } from '../core/values.js';
import { SPECIAL_FIELDS, fromStored } from '../v10/fql/documents.js';
import { collectionMeta } from '../v10/fql/schema.js';
import { Module, Time, isObj, putField, type Obj, type Value } from '../v10/fql/values.js';
import { encode, type Format } from '../v10/wire/encode.js';

/** What nests under `data` in this collection's export lines. */
export function nestedNames(c: Collection): Set<string> {
  const computed = collectionMeta(c).extra.computed_fields;
  return new Set([...SPECIAL_FIELDS, ...(isObj(computed) ? Object.keys(computed) : [])]);
}

/** The document's line (without its delimiter). */
export function documentLine(c: Collection, id: string, v: Version, nested: Set<string>, format: Format): string {
  const out: Obj = { id, coll: new Module(c.spec.name), ts: new Time(v.ts) };
  if (v.ttl) out.ttl = v.ttl;
  let inner: Obj | undefined;
  const data = v.data ?? {};
  for (const k of Object.keys(data)) {
    const x = data[k]!;
    if (x === null) continue;
    if (nested.has(k)) putField((inner ??= {}), k, exported(x));
    else putField(out, k, exported(x));
  }
  if (inner) out.data = inner;
  return encode(out, format);
}

/**
 * A Credential's line: id, coll, ts, the document it is the password of, then the password's
 * hash, which the core shows in exports alone (VersionFormatter.scala appends it last).
 */
export function credentialLine(credential: Credential, format: Format): string {
  const out: Obj = {
    id: credential.ref.id,
    coll: new Module('Credential'),
    ts: new Time(credential.ts),
    document: fromStored(credential.definition.instance!),
  };
  putField(out, 'hashed_password', credential.definition.hashed_password as string);
  return encode(out, format);
}

// The core stores no null object field at any depth; only array elements keep their nulls.
function exported(v: StoredValue): Value {
  return fromStored(withoutNullFields(v));
}

function withoutNullFields(v: StoredValue): StoredValue {
  if (Array.isArray(v)) return v.map(withoutNullFields);
  if (!isStoredObj(v)) return v;
  const o: StoredObj = {};
  for (const k of Object.keys(v)) if (v[k] !== null) o[k] = withoutNullFields(v[k]!);
  return o;
}
