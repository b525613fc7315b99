// Time: Now, Time, Epoch, Date, ToMicros/ToMillis/ToSeconds, and At, which moves every read inside it.
import { isIsoDate, parseIsoTime } from '../wire/time-text.js';
import { FDate, Time, isLong } from '../wire/values.js';
import { asString, asTimestamp } from './cast.js';
import type { Form } from './compile.js';
import { expected, invalidArgument, type Path } from './errors.js';

const UNIT_NANOS: Record<string, bigint> = {
  second: 1_000_000_000n, seconds: 1_000_000_000n,
  millisecond: 1_000_000n, milliseconds: 1_000_000n,
  microsecond: 1_000n, microseconds: 1_000n,
  nanosecond: 1n, nanoseconds: 1n,
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

export const timeForms: Form[] = [
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
    key: 'epoch', required: ['unit'],
    compile(c, o, pos) {
      const n = c.arg(o, 'epoch', pos), unit = c.arg(o, 'unit', pos);
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
    key: 'at', required: ['expr'],
    compile(c, o, pos) {
      const ts = c.arg(o, 'at', pos), body = c.arg(o, 'expr', pos);
      return (ctx) => {
        const readTs = asTimestamp(ts(ctx), [...pos, 'at']);
        return body({ ...ctx, readTs, atOverride: true });
      };
    },
  },
];

