// Format (Java Formatter rules for %s %d %f %e %x %b %% %n %@, width, precision, positions)
// and Concat. %d takes a Long, %f a Double, %s anything ToString accepts.
import { javaDouble } from '../../core/java-double.js';
import { render } from '../../core/render.js';
import { timeToIso } from '../../core/time-text.js';
import { Dbl, FDate, Time, isDouble, isLong, typeName, type Value } from '../../core/values.js';
import { asArray, asString } from './cast.js';
import type { Form } from './compile.js';
import { varargs } from './control.js';
import { expected, invalidArgument, type Path } from './errors.js';

export function toStringValue(v: Value, pos: Path): string {
  if (typeof v === 'string') return v;
  if (v === null) return 'null';
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : javaDouble(v);
  if (v instanceof Dbl) return javaDouble(v.v);
  if (v instanceof Time) return timeToIso(v);
  if (v instanceof FDate) return v.iso;
  throw invalidArgument(`Cannot cast ${typeName(v)} to String.`, pos);
}

/** %@ prints wire JSON the way API 2.1 rendered it: refs name their `class`. */
function legacyJson(v: Value): string {
  return render(v)
    .replace(/,"collection":\{"@ref"/g, ',"class":{"@ref"')
    .replace(/\{"@ref":\{"id":"collections"\}\}/g, '{"@ref":{"id":"classes"}}');
}

const SPEC = /%(?:(\d+)\$)?([-#+ 0,(]*)(\d+)?(?:\.(\d+))?([a-zA-Z%@^])/g;

function pad(s: string, width: string | undefined, flags: string): string {
  if (!width) return s;
  const w = Number(width);
  if (flags.includes('-')) return s.padEnd(w);
  if (flags.includes('0') && /^-?\d/.test(s)) {
    const neg = s.startsWith('-');
    return (neg ? '-' : '') + s.slice(neg ? 1 : 0).padStart(w - (neg ? 1 : 0), '0');
  }
  return s.padStart(w);
}

function format(fmt: string, args: Value[], pos: Path): string {
  let next = 0;
  return fmt.replace(
    SPEC,
    (
      _m,
      index: string | undefined,
      flags: string,
      width: string | undefined,
      precision: string | undefined,
      conv: string,
    ) => {
      if (conv === '%') return pad('%', width, flags);
      if (conv === 'n') return '\n';
      const i = index ? Number(index) - 1 : next++;
      if (i >= args.length) throw invalidArgument(`Format specifier '%${conv}' has no matching argument.`, pos);
      const v = args[i]!;
      let out: string;
      switch (conv) {
        case 's':
        case 'S':
          out = toStringValue(v, pos);
          if (precision) out = out.slice(0, Number(precision));
          if (conv === 'S') out = out.toUpperCase();
          break;
        case 'd':
          if (!isLong(v)) throw expected('Integer', v, pos);
          out = String(v);
          if (flags.includes('+') && !out.startsWith('-')) out = '+' + out;
          if (flags.includes(',')) out = out.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
          break;
        case 'x':
        case 'X':
          if (!isLong(v)) throw expected('Integer', v, pos);
          out = BigInt.asUintN(64, BigInt(v)).toString(16);
          if (conv === 'X') out = out.toUpperCase();
          break;
        case 'f':
        case 'e':
        case 'E': {
          if (!isDouble(v)) throw expected('Double', v, pos);
          const n = v instanceof Dbl ? v.v : (v as number);
          const p = precision ? Number(precision) : 6;
          out = conv === 'f' ? n.toFixed(p) : n.toExponential(p).replace(/e([+-])(\d)$/, 'e$10$2');
          if (conv === 'E') out = out.toUpperCase();
          break;
        }
        case 'b':
        case 'B':
          out = v === null ? 'false' : typeof v === 'boolean' ? String(v) : 'true';
          break;
        case '@':
        case '^':
          out = conv === '@' ? legacyJson(v) : render(v);
          break;
        default:
          throw invalidArgument(`Unknown format conversion '%${conv}'.`, pos);
      }
      return pad(out, width, flags);
    },
  );
}

export const formatForms: Form[] = [
  {
    key: 'format',
    optional: ['values'],
    compile(c, o, pos) {
      const f = c.arg(o, 'format', pos);
      const values = 'values' in o ? varargs(c, o, 'values', pos) : () => [];
      return (ctx) => format(asString(f(ctx), [...pos, 'format']), values(ctx) as Value[], pos);
    },
  },
  {
    key: 'to_string',
    compile(c, o, pos) {
      const e = c.arg(o, 'to_string', pos);
      return (ctx) => toStringValue(e(ctx), [...pos, 'to_string']);
    },
  },
  {
    key: 'concat',
    optional: ['separator'],
    compile(c, o, pos) {
      const parts = c.arg(o, 'concat', pos),
        sep = c.optionalArg(o, 'separator', pos);
      return (ctx) => {
        const raw = parts(ctx);
        const list = typeof raw === 'string' ? [raw] : asArray(raw, [...pos, 'concat']);
        const s = sep ? asString(sep(ctx), [...pos, 'separator']) : '';
        return list.map((x) => asString(x, [...pos, 'concat'])).join(s);
      };
    },
  },
];
