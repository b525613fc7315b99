// What the core stores of a written document's data. Nulls: v4 drops them from objects and arrays
// at every depth ("a":[1,null,2] is stored as [1,2]); v10 drops null object fields at every depth
// and keeps the nulls inside arrays. A v4 set (Match(...)) is not a storable value: it is stored as
// the plain object {"@set": ...}, which reads back escaped, {"@obj":{"@set":...}}. Values with
// nothing to change come back as they are, without a copy.
import { SetVal, isObj, type Obj, type Value } from './values.js';

export function storedValue(v: Value, keepNullsInArrays: boolean): Value {
  if (v instanceof SetVal) return { '@set': storedValue(v.parts, keepNullsInArrays) };
  if (Array.isArray(v)) {
    let out: Value[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x = v[i]!;
      const kept = x === null ? (keepNullsInArrays ? null : undefined) : storedValue(x, keepNullsInArrays);
      if (out === undefined && kept !== x) out = v.slice(0, i);
      if (out !== undefined && kept !== undefined) out.push(kept);
    }
    return out ?? v;
  }
  if (!isObj(v)) return v;
  let out: Obj | undefined;
  const keys = Object.keys(v);
  for (let i = 0; i < keys.length; i++) {
    const x = v[keys[i]!]!;
    const kept = x === null ? undefined : storedValue(x, keepNullsInArrays);
    if (out === undefined && kept !== x) {
      out = {};
      for (let j = 0; j < i; j++) out[keys[j]!] = v[keys[j]!]!;
    }
    if (out !== undefined && kept !== undefined) out[keys[i]!] = kept;
  }
  return out ?? v;
}
