// `x isa T` (the core's `evalIsAOp` in `runtime/fql2/FQLInterpreter.scala` of `fauna/faunadb`):
// T must be a module; each type module holds the values of its type (its `contains`), a user
// collection its documents, any other module only itself.
import type { Span } from './ast.js';
import { invalidArgument } from './errors.js';
import type { Rt } from './eval.js';
import { Doc, DocView, Module, NullDoc, typeName, type Value } from './values.js';

/** Each type module and the type names of the values it holds. */
const TYPE_MODULES: Record<string, string[]> = {
  String: ['String'],
  Number: ['Int', 'Long', 'Double'],
  Int: ['Int'],
  Long: ['Long'],
  Double: ['Double'],
  Boolean: ['Boolean'],
  Null: ['Null'],
  Array: ['Array'],
  Object: ['Object'],
  Bytes: ['Bytes'],
  Time: ['Time'],
  Date: ['Date'],
  Set: ['Set'],
  EventSource: ['EventSource'],
  Function: ['Function', 'FunctionDef'],
};

/** The modules `isa` knows by name beyond the everyday globals. */
export const TYPE_MODULE_NAMES = Object.keys(TYPE_MODULES);

export function isa(rt: Rt, v: Value, t: Value, at: Span): boolean {
  if (!(t instanceof Module)) throw invalidArgument('invalid argument `type_object`: expected a module object', at);
  // A module is named by its type name: it belongs to none of the type modules.
  const types = TYPE_MODULES[t.name];
  if (types) return !(v instanceof Module) && types.includes(typeName(v));
  if (rt.db.collections.has(t.name)) {
    const d = v instanceof NullDoc ? v.ref : v;
    return (d instanceof Doc || d instanceof DocView) && d.coll === t.name;
  }
  return v instanceof Module && v.name === t.name;
}
