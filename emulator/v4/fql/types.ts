// Merge of objects and the Is* type checks.
import {
  Bytes,
  FDate,
  LambdaVal,
  QueryVal,
  Ref,
  SetVal,
  Time,
  isDouble,
  isLong,
  isNumber,
  isObj,
  type Obj,
  type Value,
} from '../../core/values.js';
import { asObject } from './cast.js';
import type { Form } from './compile.js';

const CHECKS: Record<string, (v: Value) => boolean> = {
  is_null: (v) => v === null,
  is_boolean: (v) => typeof v === 'boolean',
  is_string: (v) => typeof v === 'string',
  is_number: isNumber,
  is_integer: isLong,
  is_double: isDouble,
  is_array: Array.isArray,
  is_object: isObj,
  is_ref: (v) => v instanceof Ref,
  is_timestamp: (v) => v instanceof Time,
  is_date: (v) => v instanceof FDate,
  is_bytes: (v) => v instanceof Bytes,
  is_set: (v) => v instanceof SetVal,
  is_lambda: (v) => v instanceof LambdaVal || v instanceof QueryVal,
};

/** Merge(a, b): b's fields win; a null field removes it. Arrays of objects merge left to right. */
function merge(base: Obj, more: Value): Obj {
  const out: Obj = { ...base };
  for (const patch of Array.isArray(more) ? more : [more]) {
    if (!isObj(patch)) continue;
    for (const k of Object.keys(patch)) {
      if (patch[k] === null) delete out[k];
      else out[k] = patch[k]!;
    }
  }
  return out;
}

export const typeForms: Form[] = [
  ...Object.entries(CHECKS).map(([key, check]): Form => ({
    key,
    compile(c, o, pos) {
      const e = c.arg(o, key, pos);
      return (ctx) => check(e(ctx));
    },
  })),
  {
    key: 'merge',
    required: ['with'],
    compile(c, o, pos) {
      const base = c.arg(o, 'merge', pos),
        more = c.arg(o, 'with', pos);
      return (ctx) => merge(asObject(base(ctx), [...pos, 'merge']), more(ctx));
    },
  },
];
