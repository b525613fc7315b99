// `**` and the bitwise operators `&`, `|`, `^` and `~` on numbers, as the core's number prototype
// (`runtime/fql2/stdlib/Numbers.scala` of `fauna/faunadb`): bitwise operands are taken as 64-bit
// Longs (a Double truncated), `**` of integers stays exact while it fits, else it is a Double.
import type { Span } from './ast.js';
import { V10Error, invalidArgument } from './errors.js';
import { double, isDouble, isNumeric, long, toDouble } from './operators.js';
import { Dbl, typeName, type Value } from './values.js';

function operands(op: string, l: Value, r: Value, param: string, at: Span): [number | bigint, number | bigint] {
  if (!isNumeric(l)) {
    throw new V10Error(
      'invalid_function_invocation',
      `The function \`${op}\` does not exist on \`${typeName(l)}\``,
      at,
    );
  }
  if (!isNumeric(r))
    throw invalidArgument(`expected value for \`${param}\` of type Number, received ${typeName(r)}`, at);
  return [isDouble(l) ? toDouble(l) : (l as number | bigint), isDouble(r) ? toDouble(r) : (r as number | bigint)];
}

/** A number as the core's `toLong`: a Double truncated toward zero. */
function toLong(v: number | bigint): bigint {
  return typeof v === 'bigint' ? v : BigInt(Math.trunc(v));
}

export function power(l: Value, r: Value, at: Span): Value {
  const [a, b] = operands('**', l, r, 'exponent', at);
  const integral = (v: Value, n: number | bigint) =>
    !(v instanceof Dbl) && (typeof n === 'bigint' || Number.isInteger(n));
  if (!integral(l, a) || !integral(r, b)) return double(Math.pow(Number(a), Number(b)));
  const x = BigInt(a),
    y = BigInt(b);
  if (y === 0n || x === 1n) return 1;
  if (x === -1n) return y % 2n === 0n ? 1 : -1;
  if (x === 0n && y > 0n) return 0;
  // |x| >= 2: past 2^63 from y = 63 on; a Long cannot hold it, a Double can.
  if (y > 0n && y < 64n) {
    const exact = x ** y;
    if (exact >= -(2n ** 63n) && exact < 2n ** 63n) return long(exact);
  }
  return double(Math.pow(Number(x), Number(y)));
}

export function bitwise(op: '&' | '|' | '^', l: Value, r: Value, at: Span): Value {
  const [a, b] = operands(op, l, r, 'other', at).map(toLong) as [bigint, bigint];
  return long(op === '&' ? a & b : op === '|' ? a | b : a ^ b);
}

export function complement(v: Value, at: Span): Value {
  if (!isNumeric(v)) {
    throw new V10Error('invalid_function_invocation', `The function \`~\` does not exist on \`${typeName(v)}\``, at);
  }
  return long(~toLong(isDouble(v) ? toDouble(v) : (v as number | bigint)));
}
