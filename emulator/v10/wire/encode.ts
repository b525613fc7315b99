// Renders v10 runtime values as the wire JSON of `/query/1` and `/feed/1` (the core's
// `MaterializedValue.scala`), by string concatenation like the v4 renderer: a page of 1,000
// documents builds no tree. tagged: every non-JSON type carries its tag (`@int`/`@long` by
// magnitude, `@double` as Java prints it, `@time`, `@doc`, `@ref`, `@set`...), and an object with a
// key starting with `@` is wrapped in `@object` (one level, not recursively). simple: plain JSON;
// numbers bare, times and dates as strings, a null document as null.
import { javaDouble, jsonDouble } from '../../core/java-double.js';
import { quotedKey } from '../../core/render.js';
import { timeToIso } from '../../core/time-text.js';
import {
  Bytes,
  Dbl,
  Doc,
  DocView,
  EventSource,
  FDate,
  INT32_MAX,
  INT32_MIN,
  Lambda,
  Module,
  NamedDoc,
  NamedDocView,
  NullDoc,
  Page,
  SetValue,
  Time,
  type Obj,
  type Value,
} from '../fql/values.js';

export type Format = 'simple' | 'tagged';

export function encode(v: Value, format: Format): string {
  return format === 'tagged' ? tagged(v) : simple(v);
}

function tagged(v: Value): string {
  switch (typeof v) {
    case 'string':
      return quoted(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      if (!Number.isInteger(v)) return `{"@double":"${javaDouble(v)}"}`;
      return v >= INT32_MIN && v <= INT32_MAX ? `{"@int":"${Object.is(v, -0) ? 0 : v}"}` : `{"@long":"${v}"}`;
    case 'bigint':
      return v >= INT32_MIN && v <= INT32_MAX ? `{"@int":"${v}"}` : `{"@long":"${v}"}`;
  }
  if (v === null) return 'null';
  // Every document has a `coll` and a `ts`: their types are tried first.
  if (v instanceof Module) return module(v.name);
  if (v instanceof Time) return `{"@time":"${timeToIso(v)}"}`;
  if (Array.isArray(v)) return array(v, tagged);
  if (v instanceof DocView || v instanceof NamedDocView) return `{"@doc":${fields(v.fields, tagged)}}`;
  if (v instanceof Doc) return `{"@ref":{"id":${quoted(v.id)},"coll":${module(v.coll)}}}`;
  if (v instanceof NamedDoc) return `{"@ref":{"name":${quoted(v.name)},"coll":${module(v.coll)}}}`;
  if (v instanceof NullDoc)
    return `{"@ref":{${refKey(v.ref)},"coll":${module(v.ref.coll)},"exists":false,"cause":${JSON.stringify(v.cause)}}}`;
  if (v instanceof FDate) return `{"@date":"${v.iso}"}`;
  if (v instanceof Dbl) return `{"@double":"${javaDouble(v.v)}"}`;
  if (v instanceof Bytes) return `{"@bytes":"${Buffer.from(v.bytes).toString('base64')}"}`;
  if (v instanceof Page) return `{"@set":${page(v, tagged)}}`;
  if (v instanceof EventSource) return `{"@stream":${JSON.stringify(v.token)}}`;
  if (v instanceof Lambda) return '"[function <lambda>]"';
  if (v instanceof SetValue) throw new Error('a set reached the encoder unmaterialized');
  return taggedObject(v);
}

function taggedObject(o: Obj): string {
  const body = fields(o, tagged);
  for (const k in o) if (k.charCodeAt(0) === 64) return `{"@object":${body}}`;
  return body;
}

/**
 * A string as JSON text. A page's strings (ids, names) rarely hold a character JSON escapes: those
 * are quoted as they are, a scan being cheaper than JSON.stringify; the others go to it.
 */
function quoted(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 /* " */ || c === 0x5c /* \ */ || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(s);
  }
  return `"${s}"`;
}

function simple(v: Value): string {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      return Number.isInteger(v) ? String(Object.is(v, -0) ? 0 : v) : jsonDouble(v);
    case 'bigint':
      return v.toString();
  }
  if (v === null) return 'null';
  if (Array.isArray(v)) return array(v, simple);
  if (v instanceof DocView || v instanceof NamedDocView) return fields(v.fields, simple);
  if (v instanceof Doc) return `{"id":${JSON.stringify(v.id)},"coll":${JSON.stringify(v.coll)}}`;
  if (v instanceof NamedDoc) return `{"name":${JSON.stringify(v.name)},"coll":${JSON.stringify(v.coll)}}`;
  if (v instanceof NullDoc) return 'null';
  if (v instanceof Module) return JSON.stringify(v.name);
  if (v instanceof Time) return `"${timeToIso(v)}"`;
  if (v instanceof FDate) return `"${v.iso}"`;
  if (v instanceof Dbl) return jsonDouble(v.v);
  if (v instanceof Bytes) return `"${Buffer.from(v.bytes).toString('base64')}"`;
  if (v instanceof Page) return page(v, simple);
  if (v instanceof EventSource) return JSON.stringify(v.token);
  if (v instanceof Lambda) return '"[function <lambda>]"';
  if (v instanceof SetValue) throw new Error('a set reached the encoder unmaterialized');
  return fields(v, simple);
}

function array(items: Value[], render: (v: Value) => string): string {
  let out = '[';
  for (let i = 0; i < items.length; i++) out += (i ? ',' : '') + render(items[i]!);
  return out + ']';
}

function fields(o: Obj, render: (v: Value) => string): string {
  let out = '{';
  let first = true;
  for (const k in o) {
    out += (first ? '' : ',') + quotedKey(k) + render(o[k]!);
    first = false;
  }
  return out + '}';
}

function page(p: Page, render: (v: Value) => string): string {
  const data = array(p.data, render);
  return p.after === undefined ? `{"data":${data}}` : `{"data":${data},"after":${JSON.stringify(p.after)}}`;
}

// A page names its collection once per document: each module is rendered once.
const MODULES = new Map<string, string>();

function module(name: string): string {
  let out = MODULES.get(name);
  if (out === undefined) {
    out = `{"@mod":${JSON.stringify(name)}}`;
    if (MODULES.size < 10_000) MODULES.set(name, out);
  }
  return out;
}

function refKey(ref: Doc | NamedDoc): string {
  return ref instanceof Doc ? `"id":${JSON.stringify(ref.id)}` : `"name":${JSON.stringify(ref.name)}`;
}
