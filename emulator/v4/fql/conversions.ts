// ToNumber, ToDouble, ToInteger, ToTime, ToDate, ToObject, ToArray (ToString lives with Format).
// The core's `ext/model/src/main/scala/ast/functions/ConversionFunctions.scala` (`fauna/faunadb`):
// a string is read with Java's `NumberFormat`, so a leading number is taken and grouping commas
// are skipped; any other type is "Cannot cast X to Y.".
import { isIsoDate, parseIsoTime } from '../../core/time-text.js';
import {
  FDate,
  Time,
  isDouble,
  isLong,
  isNumber,
  isObj,
  toNumber,
  typeName,
  type Obj,
  type Value,
} from '../../core/values.js';
import { setKey } from '../../core/json.js';
import { asArray } from './cast.js';
import type { Form } from './compile.js';
import { invalidArgument, type Path } from './errors.js';
import { unary } from './form-kinds.js';
import { double, long } from './math.js';

const cannotCast = (v: Value, to: string, pos: Path) => invalidArgument(`Cannot cast ${typeName(v)} to ${to}.`, pos);

/** The number at the start of `s`, a Long unless it has a fraction. */
function parseNumber(v: string, to: string, pos: Path): Value {
  const m = /^[-+]?(?:\d[\d,]*)?(?:\.\d+)?(?:E[-+]?\d+)?/.exec(v.trim())![0].replace(/,/g, '');
  if (!/\d/.test(m)) throw cannotCast(v, to, pos);
  return /[.E]/.test(m) ? double(Number(m)) : long(BigInt(m.replace(/^\+/, '')));
}

function toTime(v: Value, pos: Path): Value {
  if (v instanceof Time) return v;
  if (isLong(v)) return new Time(Number(v) * 1000);
  if (v instanceof FDate) return new Time(Date.parse(`${v.iso}T00:00:00Z`) * 1000);
  if (typeof v === 'string') {
    const t = parseIsoTime(v);
    if (!t) throw invalidArgument(`Cannot cast '${v}' to a time.`, pos);
    return t;
  }
  throw cannotCast(v, 'Time', pos);
}

function toDate(v: Value, pos: Path): Value {
  if (v instanceof FDate) return v;
  if (v instanceof Time) return new FDate(new Date(Math.floor(v.micros / 1000)).toISOString().slice(0, 10));
  if (typeof v === 'string') {
    if (!isIsoDate(v)) throw invalidArgument(`Cannot cast '${v}' to a date.`, pos);
    return new FDate(v);
  }
  throw cannotCast(v, 'Date', pos);
}

function toObject(v: Value, pos: Path): Obj {
  if (isObj(v)) return v;
  const out: Obj = {};
  for (const [i, pair] of asArray(v, pos).entries()) {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string') {
      throw invalidArgument('Field/value pair expected.', [...pos, i]);
    }
    setKey(out, pair[0], pair[1]!);
  }
  return out;
}

export const conversionForms: Form[] = [
  unary('to_number', (v, _, pos) => {
    if (isNumber(v)) return v;
    if (typeof v === 'string') return parseNumber(v, 'Number', pos);
    throw cannotCast(v, 'Number', pos);
  }),
  unary('to_double', (v, _, pos) => {
    if (isDouble(v)) return v;
    if (isNumber(v) || typeof v === 'string')
      return double(toNumber(isNumber(v) ? v : parseNumber(v as string, 'Double', pos)));
    throw cannotCast(v, 'Double', pos);
  }),
  unary('to_integer', (v, _, pos) => {
    if (isLong(v)) return v;
    if (isNumber(v) || typeof v === 'string')
      return Math.trunc(toNumber(isNumber(v) ? v : parseNumber(v as string, 'Integer', pos)));
    throw cannotCast(v, 'Integer', pos);
  }),
  unary('to_time', (v, _, pos) => toTime(v, pos)),
  unary('to_date', (v, _, pos) => toDate(v, pos)),
  unary('to_object', (v, _, pos) => toObject(v, pos)),
  unary('to_array', (v, _, pos) => {
    if (Array.isArray(v)) return v;
    if (isObj(v)) return Object.keys(v).map((k) => [k, v[k]!]);
    throw cannotCast(v, 'Array', pos);
  }),
];
