// Time: Now, Time, Epoch, Date, ToMicros/ToMillis/ToSeconds, and At, which moves every read inside it.
import { isIsoDate, parseIsoTime } from '../../core/time-text.js';
import { FDate, Time, isLong, type Value } from '../../core/values.js';
import { asString, asTimestamp } from './cast.js';
import type { Form } from './compile.js';
import { expected, invalidArgument, type Path } from './errors.js';

const UNIT_NANOS: Record<string, bigint> = {
  second: 1_000_000_000n,
  seconds: 1_000_000_000n,
  millisecond: 1_000_000n,
  milliseconds: 1_000_000n,
  microsecond: 1_000n,
  microseconds: 1_000n,
  nanosecond: 1n,
  nanoseconds: 1n,
};

/** JS dates reach ±8.64e15 ms; later instants are refused rather than rendered wrong. */
const MAX_MICROS = 8_640_000_000_000_000_000n;

function fromNanos(n: bigint, pos: Path): Time {
  const micros = n / 1000n - (n % 1000n < 0n ? 1n : 0n);
  if (micros > MAX_MICROS || micros < -MAX_MICROS) throw invalidArgument('Time out of range.', pos);
  return new Time(Number(micros), Number(n - micros * 1000n));
}

function divide(key: string, micros: number): Form {
  return {
    key,
    compile(c, o, pos) {
      const e = c.arg(o, key, pos);
      return (ctx) => {
        const v = e(ctx);
        if (!(v instanceof Time) && !isLong(v)) throw expected('Time', v, [...pos, key]);
        return Math.floor(asTimestamp(v, [...pos, key]) / micros);
      };
    },
  };
}

const OFFSET_NANOS: Record<string, bigint> = {
  ...UNIT_NANOS,
  minute: 60_000_000_000n,
  minutes: 60_000_000_000n,
  hour: 3_600_000_000_000n,
  hours: 3_600_000_000_000n,
  day: 86_400_000_000_000n,
  days: 86_400_000_000_000n,
};

function unitNanos(v: Value, pos: Path): bigint {
  const u = asString(v, pos);
  const n = OFFSET_NANOS[u];
  if (!n) throw invalidArgument(`Invalid time unit '${u}'.`, pos);
  return n;
}

function nanosOf(v: Value, pos: Path): bigint {
  if (v instanceof Time) return BigInt(v.micros) * 1000n + BigInt(v.nanos);
  if (v instanceof FDate) return BigInt(Date.parse(`${v.iso}T00:00:00Z`)) * 1_000_000n;
  throw expected('Time or Date', v, pos);
}

/** TimeAdd/TimeSubtract keep the base's type: a Date moves by whole days. */
function shift(key: string, sign: 1n | -1n): Form {
  return {
    key,
    required: ['offset', 'unit'],
    compile(c, o, pos) {
      const base = c.arg(o, key, pos),
        offset = c.arg(o, 'offset', pos),
        unit = c.arg(o, 'unit', pos);
      return (ctx) => {
        const b = base(ctx),
          off = offset(ctx);
        if (!isLong(off)) throw expected('Integer', off, [...pos, 'offset']);
        const n = nanosOf(b, [...pos, key]) + sign * BigInt(off) * unitNanos(unit(ctx), [...pos, 'unit']);
        if (!(b instanceof FDate)) return fromNanos(n, pos);
        return new FDate(new Date(Number(n / 1_000_000n)).toISOString().slice(0, 10));
      };
    },
  };
}

export const timeForms: Form[] = [
  shift('time_add', 1n),
  shift('time_subtract', -1n),
  {
    key: 'time_diff',
    required: ['other', 'unit'],
    compile(c, o, pos) {
      const start = c.arg(o, 'time_diff', pos),
        end = c.arg(o, 'other', pos),
        unit = c.arg(o, 'unit', pos);
      return (ctx) => {
        const d = nanosOf(end(ctx), [...pos, 'other']) - nanosOf(start(ctx), [...pos, 'time_diff']);
        const n = d / unitNanos(unit(ctx), [...pos, 'unit']);
        return Number.isSafeInteger(Number(n)) ? Number(n) : n;
      };
    },
  },
  { key: 'now', compile: () => (ctx) => new Time(ctx.txnTs) },
  {
    key: 'time',
    compile(c, o, pos) {
      const e = c.arg(o, 'time', pos);
      return (ctx) => {
        const s = asString(e(ctx), [...pos, 'time']);
        if (s === 'now') return new Time(ctx.txnTs);
        const t = parseIsoTime(s);
        if (!t) throw invalidArgument(`Cannot cast '${s}' to a time.`, [...pos, 'time']);
        return t;
      };
    },
  },
  {
    key: 'epoch',
    required: ['unit'],
    compile(c, o, pos) {
      const n = c.arg(o, 'epoch', pos),
        unit = c.arg(o, 'unit', pos);
      return (ctx) => {
        const v = n(ctx);
        if (!isLong(v)) throw expected('Integer', v, [...pos, 'epoch']);
        const u = asString(unit(ctx), [...pos, 'unit']);
        const scale = UNIT_NANOS[u];
        if (!scale) throw invalidArgument(`Invalid time unit '${u}'.`, [...pos, 'unit']);
        return fromNanos(BigInt(v) * scale, [...pos, 'epoch']);
      };
    },
  },
  {
    key: 'date',
    compile(c, o, pos) {
      const e = c.arg(o, 'date', pos);
      return (ctx) => {
        const s = asString(e(ctx), [...pos, 'date']);
        if (!isIsoDate(s)) throw invalidArgument(`Cannot cast '${s}' to a date.`, [...pos, 'date']);
        return new FDate(s);
      };
    },
  },
  divide('to_micros', 1),
  divide('to_millis', 1000),
  divide('to_seconds', 1_000_000),
  {
    key: 'at',
    required: ['expr'],
    compile(c, o, pos) {
      const ts = c.arg(o, 'at', pos),
        body = c.arg(o, 'expr', pos);
      return (ctx) => {
        const readTs = asTimestamp(ts(ctx), [...pos, 'at']);
        return body({ ...ctx, readTs, atOverride: true });
      };
    },
  },
];
