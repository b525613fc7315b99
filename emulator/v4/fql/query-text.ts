// How the core renders a quoted lambda (`@query`): it parses the lambda and renders the parsed
// form, so Let's bindings come back as one object whatever shape was sent, and the API version
// comes first; a lambda sent without one is a legacy lambda of API 2.12 (`LambdaDefaultVersion` in
// `ext/atoms/src/main/scala/APIVersion.scala` of `fauna/faunadb`).
import type { Json } from '../../core/json.js';

type JsonObj = { [key: string]: Json };

const LEGACY_API_VERSION = '2.12';

function isObject(raw: Json): raw is JsonObj {
  return raw !== null && typeof raw === 'object' && !Array.isArray(raw);
}

function canonicalExpr(raw: Json): Json {
  if (Array.isArray(raw)) return raw.map(canonicalExpr);
  if (!isObject(raw)) return raw;
  const keys = Object.keys(raw);
  if (keys.length === 1 && keys[0] === 'object' && isObject(raw.object!)) {
    return { object: mapValues(raw.object, canonicalExpr) };
  }
  if (keys.length === 1 && keys[0]!.startsWith('@')) return raw;
  const out = mapValues(raw, canonicalExpr);
  if (keys.length === 2 && 'in' in raw && Array.isArray(raw.let)) {
    out.let = Object.assign({}, ...raw.let.map((b) => (isObject(b) ? mapValues(b, canonicalExpr) : {})));
  }
  return out;
}

function mapValues(o: JsonObj, f: (v: Json) => Json): JsonObj {
  const out: JsonObj = {};
  for (const k of Object.keys(o)) out[k] = f(o[k]!);
  return out;
}

/** A lambda's wire form as the core renders it back. */
export function canonicalQuery(raw: Json): Json {
  if (!isObject(raw)) return raw;
  const { api_version: version, ...rest } = raw;
  return { api_version: version ?? LEGACY_API_VERSION, ...mapValues(rest, canonicalExpr) };
}
