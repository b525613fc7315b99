// The static types the typer gives expressions, and their display as the core prints them in
// `static_type` and in type errors (`fauna/faunadb`'s `ext/fql/shared/src/main/scala/typer/`):
// literals as singletons (`1`, `"abc"`), objects as records (`{ a: 1 }`), arrays as tuples
// (`[1, 2]`), documents by their collection's name (`Foo`, `NullFoo`, `FooCollection`, `Ref<Foo>`),
// `Null` last in a union, and `Any` for what this typer does not follow.
import { javaDouble } from '../../core/java-double.js';
import {
  Bytes,
  Dbl,
  Doc,
  DocView,
  EventSource,
  FDate,
  NamedDoc,
  NamedDocView,
  SetValue,
  Time,
  isObj,
  type Value,
} from './values.js';

export type Ty =
  | { k: 'any' }
  /** A named type: `Number`, `String`, `Null`, `Time`, `ID`, `CollectionDef`... */
  | { k: 'name'; name: string }
  /** A singleton type, as its source text: `1`, `2.5`, `"abc"`, `true`. */
  | { k: 'lit'; text: string }
  | { k: 'rec'; fields: [string, Ty][] }
  | { k: 'tup'; items: Ty[] }
  | { k: 'app'; name: 'Set' | 'Array' | 'Ref' | 'NamedRef' | 'EventSource'; arg: Ty }
  /** A user collection's documents (`Foo`), null documents (`NullFoo`) or the collection itself. */
  | { k: 'doc' | 'nulldoc' | 'coll'; coll: string }
  | { k: 'union'; members: Ty[] };

export const ANY: Ty = { k: 'any' };
export const named = (name: string): Ty => ({ k: 'name', name });
export const NULL = named('Null');
export const NUMBER = named('Number');
export const STRING = named('String');
export const BOOLEAN = named('Boolean');
export const app = (name: 'Set' | 'Array' | 'Ref' | 'NamedRef' | 'EventSource', arg: Ty): Ty => ({
  k: 'app',
  name,
  arg,
});

/** `a | b | …`, flattened, without repeats, `Null` last; `Any` absorbs the rest. */
export function union(...tys: Ty[]): Ty {
  const members: Ty[] = [];
  const seen = new Set<string>();
  for (const t of tys.flatMap((x) => (x.k === 'union' ? x.members : [x]))) {
    if (t.k === 'any') return ANY;
    const text = display(t);
    if (!seen.has(text)) {
      seen.add(text);
      members.push(t);
    }
  }
  members.sort((a, b) => Number(isNull(a)) - Number(isNull(b)));
  return members.length === 1 ? members[0]! : { k: 'union', members };
}

export const optional = (t: Ty): Ty => union(t, NULL);

export function isNull(t: Ty): boolean {
  return t.k === 'name' && t.name === 'Null';
}

/** The type without its `Null` and null documents, as `!` leaves it; `Ref<Foo>` becomes `Foo`. */
export function nonNull(t: Ty): Ty {
  if (t.k === 'app' && (t.name === 'Ref' || t.name === 'NamedRef')) return t.arg;
  if (t.k !== 'union') return t;
  const rest = t.members.filter((m) => !isNull(m) && m.k !== 'nulldoc');
  return rest.length === 0 ? t : union(...rest);
}

export function isNumeric(t: Ty): boolean {
  if (t.k === 'union') return t.members.every(isNumeric);
  if (t.k === 'lit') return /^-?\d/.test(t.text);
  return t.k === 'name' && ['Number', 'Int', 'Long', 'Double'].includes(t.name);
}

export function isStringy(t: Ty): boolean {
  if (t.k === 'union') return t.members.every(isStringy);
  return (t.k === 'lit' && t.text.startsWith('"')) || (t.k === 'name' && t.name === 'String');
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function display(t: Ty): string {
  switch (t.k) {
    case 'any':
      return 'Any';
    case 'name':
      return t.name;
    case 'lit':
      return t.text;
    case 'rec':
      if (t.fields.length === 0) return '{}';
      return `{ ${t.fields.map(([k, v]) => `${IDENT.test(k) ? k : JSON.stringify(k)}: ${display(v)}`).join(', ')} }`;
    case 'tup':
      return `[${t.items.map(display).join(', ')}]`;
    case 'app':
      return `${t.name}<${display(t.arg)}>`;
    case 'doc':
      return t.coll;
    case 'nulldoc':
      return `Null${t.coll}`;
    case 'coll':
      return `${t.coll}Collection`;
    case 'union':
      return t.members.map(display).join(' | ');
  }
}

/**
 * The type of a value sent with the query (an argument or an interpolated value), as the core
 * types them (`ValueStaticType.scala`): numbers and strings as singletons, booleans as `Boolean`.
 */
export function valueType(v: Value): Ty {
  if (v === null) return NULL;
  if (typeof v === 'boolean') return BOOLEAN;
  if (typeof v === 'string') return { k: 'lit', text: JSON.stringify(v) };
  if (typeof v === 'number' || typeof v === 'bigint') return { k: 'lit', text: String(v) };
  if (v instanceof Dbl) return Number.isFinite(v.v) ? { k: 'lit', text: javaDouble(v.v) } : named('Double');
  if (Array.isArray(v)) return { k: 'tup', items: v.map(valueType) };
  if (isObj(v)) return { k: 'rec', fields: Object.keys(v).map((k) => [k, valueType(v[k]!)]) };
  if (v instanceof Time) return named('Time');
  if (v instanceof FDate) return named('Date');
  if (v instanceof Bytes) return named('Bytes');
  if (v instanceof Doc || v instanceof DocView) return { k: 'doc', coll: v.coll };
  if (v instanceof NamedDoc || v instanceof NamedDocView) return named(`${v.coll}Def`);
  if (v instanceof SetValue) return app('Set', ANY);
  if (v instanceof EventSource) return app('EventSource', ANY);
  return ANY;
}

/** What a set, an array or a tuple holds. */
export function elementOf(t: Ty): Ty | undefined {
  if (t.k === 'app' && (t.name === 'Set' || t.name === 'Array')) return t.arg;
  if (t.k === 'tup') return t.items.length === 0 ? ANY : union(...t.items);
  return undefined;
}
