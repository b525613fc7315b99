// Methods of strings, numbers, arrays and objects, and `Math`: the subset queries and the driver
// suite use.
import type { Span } from './ast.js';
import { invalidArgument } from './errors.js';
import { applyLambda, type Rt } from './eval.js';
import { equal } from './operators.js';
import { firstDistinct, orderingsOf, sortValues } from './ordering.js';
import { matches } from './regex.js';
import { timeToIso } from '../../core/time-text.js';
import {
  Bytes,
  Dbl,
  Doc,
  FDate,
  Lambda,
  Module,
  NamedDoc,
  SetValue,
  Time,
  isObj,
  type Obj,
  type Value,
} from './values.js';

/** A value as text in `"#{x}"` interpolation and `toString()`. */
export function show(v: Value): string {
  if (typeof v === 'string') return v;
  if (v === null) return 'null';
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (v instanceof Dbl) return v.v.toFixed(1);
  if (v instanceof Time) return timeToIso(v);
  if (v instanceof FDate) return v.iso;
  if (v instanceof Module) return v.name;
  if (v instanceof Doc) return `${v.coll}(${JSON.stringify(v.id)})`;
  if (v instanceof NamedDoc) return `${v.coll}.byName(${JSON.stringify(v.name)})`;
  if (v instanceof Bytes) return `Bytes("${Buffer.from(v.bytes).toString('base64')}")`;
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  if (isObj(v))
    return `{ ${Object.keys(v)
      .map((k) => `${k}: ${show(v[k]!)}`)
      .join(', ')} }`;
  return `[${v.constructor.name}]`;
}

function fn(v: Value | undefined, at: Span): Lambda {
  if (!(v instanceof Lambda)) throw invalidArgument('expected a function argument.', at);
  return v;
}

function int(v: Value | undefined, at: Span): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw invalidArgument('expected an integer argument.', at);
  return v;
}

function str(v: Value | undefined, at: Span): string {
  if (typeof v !== 'string') throw invalidArgument('expected a string argument.', at);
  return v;
}

export function stringMethod(_rt: Rt, s: string, name: string, args: Value[], at: Span): Value | undefined {
  switch (name) {
    case 'length':
      return [...s].length;
    case 'toUpperCase':
      return s.toUpperCase();
    case 'toLowerCase':
      return s.toLowerCase();
    case 'trim':
      return s.trim();
    case 'includes':
      return s.includes(str(args[0], at));
    case 'startsWith':
      return s.startsWith(str(args[0], at));
    case 'endsWith':
      return s.endsWith(str(args[0], at));
    case 'concat':
      return s + str(args[0], at);
    case 'split':
      return s.split(str(args[0], at));
    case 'slice':
      return s.slice(int(args[0], at), args[1] === undefined ? undefined : int(args[1], at));
    case 'indexOf': {
      const i = s.indexOf(str(args[0], at));
      return i < 0 ? null : i;
    }
    case 'toString':
      return s;
    case 'matches':
      return matches(s, str(args[0], at), at).map(([, m]) => m);
    case 'matchIndexes':
      return matches(s, str(args[0], at), at);
    case 'parseInt': {
      const n = Number.parseInt(s, 10);
      return Number.isNaN(n) ? null : n;
    }
  }
  return undefined;
}

export function numberMethod(n: number | bigint | Dbl, name: string, _args: Value[], _at: Span): Value | undefined {
  switch (name) {
    case 'toString':
      return show(n);
    case 'abs':
      return n instanceof Dbl ? new Dbl(Math.abs(n.v)) : typeof n === 'bigint' ? (n < 0n ? -n : n) : Math.abs(n);
  }
  return undefined;
}

export function arrayMethod(_rt: Rt, a: Value[], name: string, args: Value[], at: Span): Value | undefined {
  switch (name) {
    case 'length':
      return a.length;
    case 'map': {
      const f = fn(args[0], at);
      return a.map((x) => applyLambda(f, [x], at));
    }
    case 'flatMap': {
      const f = fn(args[0], at);
      return a.flatMap((x) => {
        const r = applyLambda(f, [x], at);
        return Array.isArray(r) ? r : [r];
      });
    }
    case 'forEach': {
      const f = fn(args[0], at);
      for (const x of a) applyLambda(f, [x], at);
      return null;
    }
    case 'where':
    case 'filter': {
      const f = fn(args[0], at);
      return a.filter((x) => applyLambda(f, [x], at) === true);
    }
    case 'firstWhere': {
      const f = fn(args[0], at);
      return a.find((x) => applyLambda(f, [x], at) === true) ?? null;
    }
    case 'any': {
      const f = fn(args[0], at);
      return a.some((x) => applyLambda(f, [x], at) === true);
    }
    case 'every': {
      const f = fn(args[0], at);
      return a.every((x) => applyLambda(f, [x], at) === true);
    }
    case 'fold': {
      const f = fn(args[1], at);
      return a.reduce<Value>((acc, x) => applyLambda(f, [acc, x], at), args[0] ?? null);
    }
    case 'toSet':
      return new SetValue({ kind: 'array', items: a });
    case 'first':
      return a[0] ?? null;
    case 'last':
      return a[a.length - 1] ?? null;
    case 'isEmpty':
      return a.length === 0;
    case 'nonEmpty':
      return a.length > 0;
    case 'includes':
      return a.some((x) => equal(x, args[0] ?? null));
    case 'concat': {
      if (!Array.isArray(args[0])) throw invalidArgument('expected an array argument.', at);
      return [...a, ...args[0]];
    }
    case 'reverse':
      return [...a].reverse();
    case 'order':
      return sortValues(a, orderingsOf(args, at), at);
    case 'distinct':
      return firstDistinct(a);
    case 'take':
      return a.slice(0, int(args[0], at));
    case 'drop':
      return a.slice(int(args[0], at));
    case 'append':
      return [...a, args[0] ?? null];
    case 'prepend':
      return [args[0] ?? null, ...a];
    case 'toArray':
      return a;
    case 'at':
      return a[int(args[0], at)] ?? null;
  }
  return undefined;
}

export function objectMethod(_rt: Rt, o: Obj, name: string, _args: Value[], _at: Span): Value | undefined {
  switch (name) {
    case 'keys':
      return Object.keys(o);
    case 'values':
      return Object.values(o);
  }
  return undefined;
}

export function mathMethod(name: string, args: Value[], at: Span): Value | undefined {
  const nums = args.map((a) => {
    if (typeof a === 'number') return a;
    if (a instanceof Dbl) return a.v;
    if (typeof a === 'bigint') return Number(a);
    throw invalidArgument('expected a number argument.', at);
  });
  switch (name) {
    case 'abs':
      return Math.abs(nums[0]!);
    case 'max':
      return Math.max(...nums);
    case 'min':
      return Math.min(...nums);
    case 'floor':
      return Math.floor(nums[0]!);
    case 'ceil':
      return Math.ceil(nums[0]!);
    case 'round':
      return Math.round(nums[0]!);
    case 'sqrt':
      return Math.sqrt(nums[0]!);
  }
  return undefined;
}
