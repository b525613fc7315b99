// LT, LTE, GT, GTE: every adjacent pair in the order of index values (numbers across Long and
// Double, then the CBOR type order), as the core's `ext/model/src/main/scala/lang/CompareFunctions.scala`.
import { compareValues } from '../../store/compare.js';
import type { Form } from './compile.js';
import { variadic } from './form-kinds.js';

const ORDERS: Record<string, (c: number) => boolean> = {
  lt: (c) => c < 0,
  lte: (c) => c <= 0,
  gt: (c) => c > 0,
  gte: (c) => c >= 0,
};

export const comparisonForms: Form[] = Object.entries(ORDERS).map(([key, holds]) =>
  variadic(key, (vs) => vs.every((v, i) => i === 0 || holds(compareValues(vs[i - 1]!, v)))),
);
