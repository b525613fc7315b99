// Timestamps as text: Java `Instant.toString()` output and ISO-8601 input with up to 9 fraction digits.
import { Time } from './values.js';

// Documents written together share their time, or at least its second: the text is made once,
// not once per document.
let lastSecond = NaN;
let lastBase = '';
let lastTime: Time = new Time(NaN);
let lastText = '';

export function timeToIso(t: Time): string {
  if (t.micros === lastTime.micros && t.nanos === lastTime.nanos) return lastText;
  lastText = isoOf(t);
  lastTime = t;
  return lastText;
}

function isoOf(t: Time): string {
  const ms = Math.floor(t.micros / 1000);
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    lastBase = new Date(second * 1000).toISOString().slice(0, 19);
    lastSecond = second;
  }
  const base = lastBase;
  const micros = t.micros - ms * 1000;
  const fracMs = ms - Math.floor(ms / 1000) * 1000;
  if (t.nanos) return `${base}.${pad(fracMs, 3)}${pad(micros, 3)}${pad(t.nanos, 3)}Z`;
  if (micros) return `${base}.${pad(fracMs, 3)}${pad(micros, 3)}Z`;
  if (fracMs) return `${base}.${pad(fracMs, 3)}Z`;
  return `${base}Z`;
}

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
