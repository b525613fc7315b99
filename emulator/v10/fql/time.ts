// Time and Date: `Time("iso")`, `Time.now()` (the transaction's snapshot), `Time.epoch(n, unit)`,
// arithmetic with units, `toMicros()` and friends, `Date("yyyy-mm-dd")`.
import { isIsoDate, parseIsoTime, timeToIso } from '../../core/time-text.js';
import type { Span } from './ast.js';
import { invalidArgument } from './errors.js';
import type { Rt } from './eval.js';
import { FDate, Time, type Value } from './values.js';

const UNIT_MICROS: Record<string, number> = {
  microseconds: 1,
  microsecond: 1,
  milliseconds: 1_000,
  millisecond: 1_000,
  seconds: 1_000_000,
  second: 1_000_000,
  minutes: 60_000_000,
  minute: 60_000_000,
  hours: 3_600_000_000,
  hour: 3_600_000_000,
  days: 86_400_000_000,
  day: 86_400_000_000,
};

function unitMicros(v: Value | undefined, at: Span): number {
  const u = typeof v === 'string' ? UNIT_MICROS[v] : undefined;
  if (u === undefined) throw invalidArgument(`Invalid unit \`${String(v)}\`.`, at);
  return u;
}

function num(v: Value | undefined, at: Span): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  throw invalidArgument('expected a number argument.', at);
}

function timeOf(v: Value, at: Span): Time {
  if (typeof v !== 'string') throw invalidArgument('expected an ISO 8601 time (String).', at);
  const t = parseIsoTime(v);
  if (!t) throw invalidArgument(`Invalid time \`${v}\`.`, at);
  return t;
}

export function dateOf(v: Value, at: Span): FDate {
  if (typeof v !== 'string' || !isIsoDate(v)) throw invalidArgument(`Invalid date \`${String(v)}\`.`, at);
  return new FDate(v);
}

export function timeModule(rt: Rt, name: string, args: Value[], at: Span): Value | undefined {
  switch (name) {
    case 'now':
      return new Time(rt.txnTs);
    case 'fromString':
      return timeOf(args[0] ?? null, at);
    case 'epoch':
      return new Time(num(args[0], at) * unitMicros(args[1], at));
  }
  return undefined;
}

export function timeMethod(t: Time, name: string, args: Value[], at: Span): Value | undefined {
  switch (name) {
    case 'add':
      return new Time(t.micros + num(args[0], at) * unitMicros(args[1], at), t.nanos);
    case 'subtract':
      return new Time(t.micros - num(args[0], at) * unitMicros(args[1], at), t.nanos);
    case 'difference': {
      const other = args[0];
      if (!(other instanceof Time)) throw invalidArgument('expected a Time argument.', at);
      return Math.trunc((t.micros - other.micros) / unitMicros(args[1], at));
    }
    case 'toMicros':
      return t.micros;
    case 'toMillis':
      return Math.floor(t.micros / 1_000);
    case 'toSeconds':
      return Math.floor(t.micros / 1_000_000);
    case 'toString':
      return timeToIso(t);
  }
  return undefined;
}

export function timeField(t: Time, name: string): Value | undefined {
  const d = new Date(Math.floor(t.micros / 1000));
  switch (name) {
    case 'year':
      return d.getUTCFullYear();
    case 'month':
      return d.getUTCMonth() + 1;
    case 'dayOfMonth':
      return d.getUTCDate();
    case 'hour':
      return d.getUTCHours();
    case 'minute':
      return d.getUTCMinutes();
    case 'second':
      return d.getUTCSeconds();
  }
  return undefined;
}
