// Add, Subtract, Multiply, Divide, Modulo: Longs stay exact (bigint past 2^53), any Double makes a Double.
import { Dbl, isDouble, toNumber, type Value } from '../../core/values.js';
import { asNumber } from './cast.js';
import type { Form } from './compile.js';
import { variadic } from './form-kinds.js';
import { invalidArgument, type Path } from './errors.js';

type Op = { long: (a: bigint, b: bigint) => bigint; double: (a: number, b: number) => number; divides?: boolean };

const OPS: Record<string, Op> = {
  add: { long: (a, b) => a + b, double: (a, b) => a + b },
  subtract: { long: (a, b) => a - b, double: (a, b) => a - b },
  multiply: { long: (a, b) => a * b, double: (a, b) => a * b },
  divide: { long: (a, b) => a / b, double: (a, b) => a / b, divides: true },
  modulo: { long: (a, b) => a % b, double: (a, b) => a % b, divides: true },
};

export function long(v: bigint): Value {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

export function double(n: number): Value {
  return Number.isInteger(n) ? new Dbl(n) : n;
}

function combine(op: Op, a: Value, b: Value, pos: Path): Value {
  if (isDouble(a) || isDouble(b)) return double(op.double(toNumber(a), toNumber(b)));
  const y = BigInt(b as number | bigint);
  if (op.divides && y === 0n) throw invalidArgument('Illegal division by zero.', pos);
  return long(op.long(BigInt(a as number | bigint), y));
}

export const mathForms: Form[] = Object.entries(OPS).map(([key, op]) =>
  variadic(key, (vs, p) => {
    let acc = asNumber(vs[0]!, p);
    for (let i = 1; i < vs.length; i++) acc = combine(op, acc, asNumber(vs[i]!, p), p);
    return acc;
  }),
);
