// `x isa T` (the core's `evalIsAOp` in `runtime/fql2/FQLInterpreter.scala` of `fauna/faunadb`):
// T must be a module; each type module holds the values of its type (its `contains`), a user
// collection its documents, any other module only itself.
import type { Span } from './ast.js';
import { invalidArgument } from './errors.js';
import type { Rt } from './eval.js';
import {
  Bytes,
  Dbl,
  Doc,
  DocView,
  EventSource,
  FDate,
  Lambda,
  Module,
  NamedDoc,
  NullDoc,
  SetValue,
  Time,
  isObj,
  typeName,
  type Value,
} from './values.js';

const TYPE_MODULES: Record<string, (v: Value) => boolean> = {
  String: (v) => typeof v === 'string',
  Number: (v) => typeof v === 'number' || typeof v === 'bigint' || v instanceof Dbl,
  Int: (v) => typeName(v) === 'Int',
  Long: (v) => typeName(v) === 'Long',
  Double: (v) => typeName(v) === 'Double',
  Boolean: (v) => typeof v === 'boolean',
  Null: (v) => v === null,
  Array: (v) => Array.isArray(v),
  Object: (v) => isObj(v),
  Bytes: (v) => v instanceof Bytes,
  Time: (v) => v instanceof Time,
  Date: (v) => v instanceof FDate,
  Set: (v) => v instanceof SetValue,
  EventSource: (v) => v instanceof EventSource,
  Function: (v) => v instanceof Lambda || (v instanceof NamedDoc && v.coll === 'Function'),
};

/** The modules `isa` knows by name beyond the everyday globals. */
export const TYPE_MODULE_NAMES = Object.keys(TYPE_MODULES);

export function isa(rt: Rt, v: Value, t: Value, at: Span): boolean {
  if (!(t instanceof Module)) throw invalidArgument('invalid argument `type_object`: expected a module object', at);
  const holds = TYPE_MODULES[t.name];
  if (holds) return holds(v);
  if (rt.db.collections.has(t.name)) {
    const d = v instanceof NullDoc ? v.ref : v;
    return (d instanceof Doc || d instanceof DocView) && d.coll === t.name;
  }
  return v instanceof Module && v.name === t.name;
}
