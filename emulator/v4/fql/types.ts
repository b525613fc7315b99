// The Is* type checks.
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
  type Value,
} from '../../core/values.js';
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

export const typeForms: Form[] = [
  ...Object.entries(CHECKS).map(([key, check]): Form => ({
    key,
    compile(c, o, pos) {
      const e = c.arg(o, key, pos);
      return (ctx) => check(e(ctx));
    },
  })),
];
