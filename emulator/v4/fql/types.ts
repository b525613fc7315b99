// The Is* type checks, as the core's `ext/model/src/main/scala/ast/functions/TypeCheckFunctions.scala`
// (`fauna/faunadb`): a document read by Get counts as a document (the core's version value), a
// page as an object.
import {
  Bytes,
  FDate,
  LambdaVal,
  Page,
  QueryVal,
  Ref,
  SetVal,
  Time,
  isDouble,
  isLong,
  isNumber,
  isObj,
  type NativeName,
  type Value,
} from '../../core/values.js';
import type { Form } from './compile.js';

/** The ref of a document as Get answers it (an object with its `ref` and `ts`). */
function versionRef(v: Value): Ref | undefined {
  return isObj(v) && v.ref instanceof Ref && v.ts !== undefined ? v.ref : undefined;
}

const SCHEMA_CHECKS: Record<string, NativeName> = {
  is_collection: 'collections',
  is_database: 'databases',
  is_index: 'indexes',
  is_function: 'functions',
  is_key: 'keys',
  is_token: 'tokens',
  is_credentials: 'credentials',
  is_role: 'roles',
};

const CHECKS: Record<string, (v: Value) => boolean> = {
  is_null: (v) => v === null,
  is_boolean: (v) => typeof v === 'boolean',
  is_string: (v) => typeof v === 'string',
  is_number: isNumber,
  is_integer: isLong,
  is_double: isDouble,
  is_array: Array.isArray,
  is_object: (v) => isObj(v) || v instanceof Page,
  is_ref: (v) => v instanceof Ref,
  is_timestamp: (v) => v instanceof Time,
  is_date: (v) => v instanceof FDate,
  is_bytes: (v) => v instanceof Bytes,
  // A native collection ref (Collections(), ...) reads as a set too.
  is_set: (v) => v instanceof SetVal || (v instanceof Ref && v.collection === undefined),
  is_lambda: (v) => v instanceof LambdaVal || v instanceof QueryVal,
  is_doc: (v) => v instanceof Ref || versionRef(v) !== undefined,
  ...Object.fromEntries(
    Object.entries(SCHEMA_CHECKS).map(([key, native]) => [
      key,
      (v: Value) => {
        const ref = v instanceof Ref ? v : versionRef(v);
        return ref?.collection?.id === native && !ref.collection.collection;
      },
    ]),
  ),
};

export const typeForms: Form[] = [
  ...Object.entries(CHECKS).map(([key, check]): Form => ({
    key,
    compile(c, o, pos) {
      const e = c.arg(o, key, pos);
      return (ctx) => check(e(ctx));
    },
  })),
];
