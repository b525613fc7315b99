// The math functions beyond arithmetic: Abs, Sign, Ceil, Floor, Round, Trunc, the Bit*
// functions, and those of Java's Math that always answer a Double (Sqrt, Pow, the trigonometry). Max and Min are folds (folds.ts).
// The core's `ext/model/src/main/scala/ast/functions/NumericFunctions.scala` and `TrigFunctions.scala`
// (`fauna/faunadb`).
import { isDouble, isLong, toNumber, type Value } from '../../core/values.js';
import { asInteger, asNumber } from './cast.js';
import type { Form } from './compile.js';
import { expected, invalidArgument, type Path } from './errors.js';
import { toStringValue } from './format.js';
import { unary, variadic } from './form-kinds.js';
import { double, long } from './math.js';

/** A Double in, a Double out; a Long keeps its exact value through `onLong`. */
function sameType(v: Value, pos: Path, onDouble: (n: number) => number, onLong: (n: bigint) => bigint): Value {
  asNumber(v, pos);
  return isDouble(v) ? double(onDouble(toNumber(v))) : long(onLong(BigInt(v as number | bigint)));
}

function asDouble(v: Value, pos: Path): number {
  return toNumber(asNumber(v, pos));
}

function asLong(v: Value, pos: Path): bigint {
  if (!isLong(v)) throw expected('Integer', v, pos);
  return BigInt(v);
}

/** Domains the core checks first, worded as its `BoundsError` ("<argument> must be <predicate>"). */
const BOUNDS: Record<string, [(x: number) => boolean, string]> = {
  acos: [(x) => x >= -1 && x <= 1, 'between -1 and 1 inclusive'],
  asin: [(x) => x >= -1 && x <= 1, 'between -1 and 1 inclusive'],
  ln: [(x) => x > 0, 'greater than 0'],
  log: [(x) => x > 0, 'greater than 0'],
  sqrt: [(x) => x >= 0, 'positive'],
};

const DOUBLE_FNS: Record<string, (x: number) => number> = {
  acos: Math.acos,
  asin: Math.asin,
  atan: Math.atan,
  cos: Math.cos,
  cosh: Math.cosh,
  degrees: (x) => (x * 180) / Math.PI,
  exp: Math.exp,
  ln: Math.log,
  log: Math.log10,
  radians: (x) => (x * Math.PI) / 180,
  sin: Math.sin,
  sinh: Math.sinh,
  sqrt: Math.sqrt,
  tan: Math.tan,
  tanh: Math.tanh,
};

/**
 * Round and Trunc to `precision` decimal places (2 by default for a Double; a Long without one is
 * kept). As the core: the whole part is kept apart, and `half` (0.5 for Round) is added before
 * truncating toward zero; negative places work left of the point.
 */
function toPlaces(key: string, half: number): Form {
  return unary(
    key,
    (v, { precision }, pos) => {
      asNumber(v, pos);
      if (isLong(v) && (precision === undefined || asInteger(precision, pos) > 0)) return v;
      const places = precision === undefined ? 2 : asInteger(precision, pos);
      const x = toNumber(v);
      if (places > 0) {
        const scale = 10 ** places;
        const whole = Math.trunc(x);
        return double(whole + Math.trunc((x - whole + half / scale) * scale) / scale);
      }
      const scale = 10 ** places;
      const n = Math.trunc(Math.trunc(x * scale + half) / scale);
      return isLong(v) ? n : double(n);
    },
    ['precision'],
  );
}

function bitwise(key: string, op: (a: bigint, b: bigint) => bigint): Form {
  return variadic(key, (vs, pos) => long(vs.map((v) => asLong(v, pos)).reduce(op)));
}

export const mathFunctionForms: Form[] = [
  ...Object.entries(DOUBLE_FNS).map(([key, fn]) =>
    unary(key, (v, _, pos) => {
      const x = asDouble(v, pos);
      const bound = BOUNDS[key];
      if (bound && !bound[0](x)) throw invalidArgument(`${toStringValue(v, pos)} must be ${bound[1]}`, pos);
      return double(fn(x));
    }),
  ),
  unary('abs', (v, _, pos) => sameType(v, pos, Math.abs, (n) => (n < 0n ? -n : n))),
  unary('sign', (v, _, pos) => {
    const x = asDouble(v, pos);
    return x < 0 ? -1 : x > 0 || isDouble(v) ? 1 : 0;
  }),
  unary('ceil', (v, _, pos) => sameType(v, pos, Math.ceil, (n) => n)),
  unary('floor', (v, _, pos) => sameType(v, pos, Math.floor, (n) => n)),
  unary('pow', (v, { exp }, pos) => double(asDouble(v, pos) ** (exp === undefined ? 2 : asDouble(exp, pos))), ['exp']),
  unary('hypot', (v, { b }, pos) => double(Math.hypot(asDouble(v, pos), asDouble(b ?? v, pos))), ['b']),
  unary('bitnot', (v, _, pos) => long(~asLong(v, pos))),
  toPlaces('round', 0.5),
  toPlaces('trunc', 0),
  bitwise('bitand', (a, b) => a & b),
  bitwise('bitor', (a, b) => a | b),
  bitwise('bitxor', (a, b) => a ^ b),
];
