// Renders values as Fauna's v4 wire JSON by string concatenation (no intermediate tree): v4's
// answers, and the canonical text of a value that sorted indexes key their terms by.
import type { Json } from './json.js';
import { Bytes, Dbl, FDate, LambdaVal, Page, QueryVal, Ref, SetVal, Time, type Obj, type Value } from './values.js';
import { jsonDouble } from './java-double.js';
import { timeToIso } from './time-text.js';

export function render(v: Value): string {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return renderNumber(v);
    case 'bigint':
      return v.toString();
    case 'boolean':
      return v ? 'true' : 'false';
  }
  if (v === null) return 'null';
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++) out += (i ? ',' : '') + render(v[i]!);
    return out + ']';
  }
  if (v instanceof Ref) return renderRef(v);
  if (v instanceof Time) return (v.json ??= `{"@ts":"${timeToIso(v)}"}`);
  if (v instanceof Dbl) return jsonDouble(v.v);
  if (v instanceof FDate) return `{"@date":"${v.iso}"}`;
  if (v instanceof Bytes) return `{"@bytes":"${Buffer.from(v.bytes).toString('base64')}"}`;
  if (v instanceof SetVal) return `{"@set":${renderObject(v.parts)}}`;
  if (v instanceof LambdaVal || v instanceof QueryVal) return `{"@query":${renderJson(v.raw as Json)}}`;
  if (v instanceof Page) {
    let out = '{';
    if (v.before !== undefined) out += `"before":${render(v.before)},`;
    if (v.after !== undefined) out += `"after":${render(v.after)},`;
    return out + `"data":${render(v.data)}}`;
  }
  return renderObject(v);
}

function renderObject(o: Obj): string {
  let out = '{';
  let first = true;
  let escape = false;
  for (const k in o) {
    if (k.charCodeAt(0) === 64) escape = true;
    out += (first ? '' : ',') + quotedKey(k) + render(o[k]!);
    first = false;
  }
  out += '}';
  return escape ? `{"@obj":${out}}` : out;
}

// Documents of a collection share their field names: each is quoted once, not once per document.
const QUOTED_KEYS = new Map<string, string>();
const MAX_QUOTED_KEYS = 10_000;

/** `"key":` */
export function quotedKey(key: string): string {
  let quoted = QUOTED_KEYS.get(key);
  if (quoted === undefined) {
    quoted = `${JSON.stringify(key)}:`;
    if (QUOTED_KEYS.size < MAX_QUOTED_KEYS) QUOTED_KEYS.set(key, quoted);
  }
  return quoted;
}

export function renderRef(r: Ref): string {
  if (r.json !== undefined) return r.json;
  let out = `{"@ref":{"id":${JSON.stringify(r.id)}`;
  if (r.collection) out += `,"collection":${renderRef(r.collection)}`;
  if (r.database) out += `,"database":${renderRef(r.database)}`;
  r.json = out + '}}';
  return r.json;
}

function renderNumber(n: number): string {
  if (Number.isInteger(n)) return Object.is(n, -0) ? '0' : String(n);
  return jsonDouble(n);
}

/** Plain JSON (a quoted query as it was sent), with the lossless number types. */
export function renderJson(j: Json): string {
  if (j instanceof Dbl) return jsonDouble(j.v);
  if (typeof j === 'bigint') return j.toString();
  if (j === null || typeof j !== 'object') return JSON.stringify(j);
  if (Array.isArray(j)) return '[' + j.map(renderJson).join(',') + ']';
  return (
    '{' +
    Object.keys(j)
      .map((k) => JSON.stringify(k) + ':' + renderJson(j[k]!))
      .join(',') +
    '}'
  );
}
