// Timestamps as text: Java `Instant.toString()` output and ISO-8601 input with up to 9 fraction digits.
import { Time } from './values.js';

// A time keeps its text (times never change, and a stored document's are rendered at each read). A
// time made afresh for the instant of the one before (a document's ts, made at each read) takes its
// text; documents written together share their time.
let lastTime: Time = new Time(NaN);

export function timeToIso(t: Time): string {
  if (t.iso !== undefined) return t.iso;
  t.iso = t.micros === lastTime.micros && t.nanos === lastTime.nanos ? lastTime.iso! : isoOf(t);
  lastTime = t;
  return t.iso;
}

const DAY_SECONDS = 86_400;
// The years of four digits, whose date text Date gives as Instant does; the day's text is made
// once per day, the time of day by arithmetic (a page's documents are mostly of a few days).
const FIRST_DAY = -719_528; // 0000-01-01
const LAST_DAY = 2_932_896; // 9999-12-31
let lastDay = NaN;
let lastDate = '';

function isoOf(t: Time): string {
  const ms = Math.floor(t.micros / 1000);
  const second = Math.floor(ms / 1000);
  const base = secondText(second);
  const micros = t.micros - ms * 1000;
  const fracMs = ms - second * 1000;
  if (t.nanos) return `${base}.${pad(fracMs, 3)}${pad(micros, 3)}${pad(t.nanos, 3)}Z`;
  if (micros) return `${base}.${pad(fracMs, 3)}${pad(micros, 3)}Z`;
  if (fracMs) return `${base}.${pad(fracMs, 3)}Z`;
  return `${base}Z`;
}

/** `YYYY-MM-DDTHH:MM:SS` of a second since the epoch. */
function secondText(second: number): string {
  const day = Math.floor(second / DAY_SECONDS);
  if (day < FIRST_DAY || day > LAST_DAY) return new Date(second * 1000).toISOString().slice(0, 19);
  if (day !== lastDay) {
    lastDate = new Date(day * DAY_SECONDS * 1000).toISOString().slice(0, 11);
    lastDay = day;
  }
  const inDay = second - day * DAY_SECONDS;
  const hours = Math.floor(inDay / 3600);
  const minutes = Math.floor((inDay - hours * 3600) / 60);
  return `${lastDate}${two(hours)}:${two(minutes)}:${two(inDay - hours * 3600 - minutes * 60)}`;
}

const two = (n: number): string => (n < 10 ? `0${n}` : String(n));

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

const ISO = /^(\d{4,}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2})?)(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/;

/** Parses an ISO-8601 instant; undefined when the text is not one. */
export function parseIsoTime(text: string): Time | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const zone = m[4] ?? 'Z';
  const seconds = m[2]!.length === 5 ? `${m[2]}:00` : m[2];
  const ms = Date.parse(`${m[1]}T${seconds}${zone === 'Z' ? 'Z' : zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')}`);
  if (Number.isNaN(ms)) return undefined;
  const frac = (m[3] ?? '').padEnd(9, '0');
  return new Time(ms * 1000 + Number(frac.slice(0, 6)), Number(frac.slice(6)));
}

const DATE = /^\d{4,}-\d{2}-\d{2}$/;

export function isIsoDate(text: string): boolean {
  return DATE.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`));
}
