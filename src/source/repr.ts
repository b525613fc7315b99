import type { WireValue } from '../fauna/wire.js';

/**
 * A JSON value as Python's repr prints it (`{'field': 'ts'}`, `True`, `None`): the Python connector's check
 * messages quote index settings this way, and users may match on them.
 */
export function pythonRepr(value: WireValue | undefined): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  return `{${Object.entries(value)
    .map(([key, item]) => `${pythonRepr(key)}: ${pythonRepr(item)}`)
    .join(', ')}}`;
}
