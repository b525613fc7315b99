/**
 * Java's `Double.toString`, which the core prints doubles with in both APIs (v4's `JSONWriter`
 * in `fauna/faunadb`'s `ext/codex`, v10's `@double`): `1.0`, `6.28`, `1.0E20`, `-0.0`, `NaN`.
 */
export function javaDouble(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(n);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(n);
    return s.includes('.') ? s : `${s}.0`;
  }
  const [mantissa, exponent] = n.toExponential().split('e') as [string, string];
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${exponent.replace('+', '')}`;
}

/** A double as a JSON value: Java's text, with the three that JSON cannot hold quoted. */
export function jsonDouble(n: number): string {
  return Number.isFinite(n) ? javaDouble(n) : `"${javaDouble(n)}"`;
}
