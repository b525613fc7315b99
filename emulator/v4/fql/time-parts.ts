// Second, Minute, Hour, DayOfMonth, DayOfWeek (Monday is 1), DayOfYear, Month, Year of a Time or
// a Long of microseconds, in UTC: `TimeComponentFunction` of the core's
// `ext/model/src/main/scala/ast/functions/TimeFunctions.scala` (`fauna/faunadb`).
import { asTimestamp } from './cast.js';
import type { Form } from './compile.js';
import { unary } from './form-kinds.js';

const DAY_MS = 86_400_000;

const PARTS: Record<string, (d: Date) => number> = {
  second: (d) => d.getUTCSeconds(),
  minute: (d) => d.getUTCMinutes(),
  hour: (d) => d.getUTCHours(),
  day_of_month: (d) => d.getUTCDate(),
  day_of_week: (d) => d.getUTCDay() || 7,
  day_of_year: (d) => Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY_MS) + 1,
  month: (d) => d.getUTCMonth() + 1,
  year: (d) => d.getUTCFullYear(),
};

export const timePartForms: Form[] = Object.entries(PARTS).map(([key, part]) =>
  unary(key, (v, _, pos) => part(new Date(Math.floor(asTimestamp(v, pos) / 1000)))),
);
