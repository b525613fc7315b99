// Lossless JSON parser for request bodies: integers keep every digit (bigint beyond 2^53) and a
// literal with a fraction or exponent stays a Double even when integer-valued (`1.0`).
import { Dbl } from './values.js';

export type Json = null | boolean | number | bigint | string | Dbl | Json[] | { [key: string]: Json };

export class JsonSyntaxError extends Error {}

export function parseJson(text: string): Json {
  const p = new Parser(text);
  p.ws();
  const v = p.value();
  p.ws();
  if (p.i !== text.length) p.fail();
  return v;
}

/** Sets a key without letting `__proto__` reach the prototype. */
export function setKey(o: { [key: string]: unknown }, k: string, v: unknown): void {
  if (k === '__proto__')
    Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

class Parser {
  i = 0;
  constructor(readonly s: string) {}

  fail(): never {
    throw new JsonSyntaxError(`Unexpected input at position ${this.i}`);
  }

  ws(): void {
    const s = this.s;
    let c = s.charCodeAt(this.i);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = s.charCodeAt(++this.i);
  }

  value(): Json {
    const c = this.s.charCodeAt(this.i);
    if (c === 123) return this.object();
    if (c === 91) return this.array();
    if (c === 34) return this.string();
    if (c === 45 || (c >= 48 && c <= 57)) return this.number();
    if (this.s.startsWith('true', this.i)) {
      this.i += 4;
      return true;
    }
    if (this.s.startsWith('false', this.i)) {
      this.i += 5;
      return false;
    }
    if (this.s.startsWith('null', this.i)) {
      this.i += 4;
      return null;
    }
    return this.fail();
  }

  object(): Json {
    const o: { [key: string]: Json } = {};
    this.i++;
    this.ws();
    if (this.s.charCodeAt(this.i) === 125) {
      this.i++;
      return o;
    }
    for (;;) {
      this.ws();
      if (this.s.charCodeAt(this.i) !== 34) this.fail();
      const k = this.string();
      this.ws();
      if (this.s.charCodeAt(this.i) !== 58) this.fail();
      this.i++;
      this.ws();
      setKey(o, k, this.value());
      this.ws();
      const c = this.s.charCodeAt(this.i++);
      if (c === 125) return o;
      if (c !== 44) {
        this.i--;
        this.fail();
      }
    }
  }

  array(): Json[] {
    const a: Json[] = [];
    this.i++;
    this.ws();
    if (this.s.charCodeAt(this.i) === 93) {
      this.i++;
      return a;
    }
    for (;;) {
      this.ws();
      a.push(this.value());
      this.ws();
      const c = this.s.charCodeAt(this.i++);
      if (c === 93) return a;
      if (c !== 44) {
        this.i--;
        this.fail();
      }
    }
  }

  string(): string {
    const s = this.s;
    const start = ++this.i;
    let escaped = false;
    for (;;) {
      const c = s.charCodeAt(this.i);
      if (c === 34) break;
      if (c === 92) {
        escaped = true;
        this.i++;
      } else if (c < 32 || Number.isNaN(c)) this.fail();
      this.i++;
    }
    const end = this.i++;
    if (!escaped) return s.slice(start, end);
    try {
      return JSON.parse(s.slice(start - 1, end + 1)) as string;
    } catch {
      return this.fail();
    }
  }

  number(): number | bigint | Dbl {
    const s = this.s;
    const start = this.i;
    if (s.charCodeAt(this.i) === 45) this.i++;
    let integer = true;
    for (;;) {
      const c = s.charCodeAt(this.i);
      if (c >= 48 && c <= 57) this.i++;
      else if (c === 46 || c === 101 || c === 69 || c === 43 || (c === 45 && !integer)) {
        integer = false;
        this.i++;
      } else break;
    }
    const text = s.slice(start, this.i);
    if (text === '-' || text === '') this.fail();
    if (integer) {
      if (text.length < 16) return Number(text);
      const big = BigInt(text);
      return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
    }
    const n = Number(text);
    if (Number.isNaN(n)) this.fail();
    return Number.isInteger(n) ? new Dbl(n) : n;
  }
}
