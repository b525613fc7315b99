// Paginate (the core's `ext/model/src/main/scala/ast/functions/PaginateFunction.scala`): size+1
// items are read so the next cursor is the first item of the next page; `after` is inclusive,
// `before` exclusive; cursors are [values..., ref] on snapshot sets and event objects on historical
// ones.
import type { EventBound } from '../../store/sorted-index.js';
import { Page, Ref, Time, isLong, isObj, type Obj, type Value } from '../../core/values.js';
import { asBoolean, asInteger, asTimestamp } from './cast.js';
import type { Form } from './compile.js';
import type { Ctx, Expr } from '../../core/context.js';
import { invalidArgument, invalidExpression, type Path } from './errors.js';
import { setOf, snapshotBound } from './sets.js';
import type { Elem, Ev, SetImpl } from './set-types.js';

const DEFAULT_SIZE = 64;
const MAX_SIZE = 100_000;

interface Request {
  forward: boolean;
  cursor: Value | undefined;
  size: number;
  sources: boolean;
  set: Value;
}

function take<T>(it: Iterable<T>, n: number): T[] {
  const out: T[] = [];
  if (n <= 0) return out;
  for (const x of it) if (out.push(x) >= n) break;
  return out;
}

export function elemValue(e: Elem, width: number): Value {
  return width === 0 ? e.ref : width === 1 ? e.values[0]! : e.values;
}

function elemCursor(e: Elem): Value[] {
  return [...e.values, e.ref];
}

function snapshotPage(ctx: Ctx, impl: SetImpl, r: Request, pos: Path): Page {
  const w = impl.width;
  const wrap = (e: Elem): Value => {
    const v = elemValue(e, w);
    return r.sources ? { value: v, sources: [r.set] } : v;
  };
  const echo = r.cursor === undefined ? undefined : Array.isArray(r.cursor) ? r.cursor : [r.cursor];
  if (r.forward) {
    const from = r.cursor === undefined || r.cursor === null ? null : snapshotBound(w, r.cursor, -1);
    const items = take(impl.asc(ctx, from, pos), r.size + 1);
    const data = items.slice(0, r.size).map(wrap);
    return new Page(data, echo, items.length > r.size ? elemCursor(items[r.size]!) : undefined);
  }
  const to = r.cursor === null || r.cursor === undefined ? null : snapshotBound(w, r.cursor, -1);
  const items = take(impl.desc(ctx, to, false, pos), r.size + 1);
  const data = items.slice(0, r.size).reverse().map(wrap);
  const before = items.length > r.size && r.size > 0 ? elemCursor(items[r.size - 1]!) : undefined;
  return new Page(data, before, echo);
}

function eventValue(e: Ev): Obj {
  if (e.doc) return { ts: e.ts, action: e.action, document: e.ref, data: e.doc.data };
  return e.values
    ? { ts: e.ts, action: e.action, document: e.ref, data: e.values }
    : { ts: e.ts, action: e.action, document: e.ref };
}

/** Document-event cursors never carry the diff; set-event cursors are the event itself. */
function eventCursor(e: Ev): Obj {
  return e.doc ? { ts: e.ts, action: e.action, document: e.ref } : eventValue(e);
}

function eventBound(v: Value, pos: Path): { bound: EventBound; echo: Value } {
  if (isLong(v) || v instanceof Time) {
    // A bare timestamp is the cursor {ts, action: "add"}: at one ts a remove sorts before an add, so
    // `after: T` skips the removes at exactly T, as the core answers (its EventSet cursors).
    const ts = asTimestamp(v, pos);
    return { bound: { ts, action: 'add', pad: -1 }, echo: { ts } };
  }
  if (isObj(v) && 'ts' in v) {
    const doc = v.document ?? v.resource ?? v.instance;
    const action = v.action;
    return {
      bound: {
        ts: asTimestamp(v.ts!, pos),
        ref: doc instanceof Ref ? doc : undefined,
        action: typeof action === 'string' ? action : undefined,
        pad: -1,
      },
      echo: v,
    };
  }
  throw invalidArgument('Invalid cursor object. Expected an event, a timestamp or null.', pos);
}

function eventPage(ctx: Ctx, events: NonNullable<SetImpl['events']>, r: Request, pos: Path): Page {
  const wrap = (e: Ev): Value => (r.sources ? { value: eventValue(e), sources: [r.set] } : eventValue(e));
  const parsed = r.cursor === undefined || r.cursor === null ? undefined : eventBound(r.cursor, pos);
  if (r.forward) {
    const items = take(events.asc(ctx, parsed?.bound ?? null, pos), r.size + 1);
    return new Page(
      items.slice(0, r.size).map(wrap),
      parsed?.echo,
      items.length > r.size ? eventCursor(items[r.size]!) : undefined,
    );
  }
  const items = take(events.desc(ctx, parsed?.bound ?? null, pos), r.size + 1);
  const before = items.length > r.size && r.size > 0 ? eventCursor(items[r.size - 1]!) : undefined;
  return new Page(items.slice(0, r.size).reverse().map(wrap), before, parsed?.echo);
}

/** `cursor: {after: X}` / `{before: X}` / null, the object form of the bare options. */
function cursorOption(v: Value, pos: Path): { forward: boolean; cursor: Value | undefined } {
  if (v === null) return { forward: true, cursor: undefined };
  if (isObj(v)) {
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === 'after') return { forward: true, cursor: v.after! };
    if (keys.length === 1 && keys[0] === 'before') return { forward: false, cursor: v.before! };
  }
  throw invalidArgument("Invalid cursor object. Expected an object with either 'before' or 'after' key in it.", pos);
}

function paginate(ctx: Ctx, set: Value, r: Omit<Request, 'set'>, events: boolean, pos: Path): Page {
  const impl = setOf(ctx, set, [...pos, 'paginate']);
  const req = { ...r, set };
  if (impl.historical || events) {
    if (impl.historical && events) throw invalidArgument('Set does not support events history.', [...pos, 'paginate']);
    if (!impl.events) throw invalidArgument('Set does not support events history.', [...pos, 'paginate']);
    return eventPage(ctx, impl.events, req, pos);
  }
  return snapshotPage(ctx, impl, req, pos);
}

export const paginateForms: Form[] = [
  {
    key: 'paginate',
    optional: ['after', 'before', 'cursor', 'ts', 'size', 'events', 'sources'],
    compile(c, o, pos) {
      const given = ['after', 'before', 'cursor'].filter((k) => k in o);
      if (given.length > 1) {
        throw invalidExpression(
          `No form/function found, or invalid argument keys: { ${Object.keys(o).join(', ')} }.`,
          pos,
        );
      }
      const set = c.arg(o, 'paginate', pos);
      const opt = (k: string): Expr | undefined => c.optionalArg(o, k, pos);
      const after = opt('after'),
        before = opt('before'),
        cursor = opt('cursor'),
        ts = opt('ts'),
        size = opt('size');
      const events = opt('events'),
        sources = opt('sources');
      return (ctx) => {
        // `before: null` means from the end; `after: null` is the same as no cursor.
        const { forward, cursor: at } = cursor
          ? cursorOption(cursor(ctx), [...pos, 'cursor'])
          : before
            ? { forward: false, cursor: before(ctx) }
            : { forward: true, cursor: after?.(ctx) ?? undefined };
        let n = size ? asInteger(size(ctx), [...pos, 'size']) : DEFAULT_SIZE;
        if (n < 0) throw invalidArgument('Page size must be a non-negative Integer.', [...pos, 'size']);
        n = Math.min(n, MAX_SIZE);
        const inner = ts ? { ...ctx, readTs: asTimestamp(ts(ctx), [...pos, 'ts']), atOverride: true } : ctx;
        const ev = events ? asBoolean(events(ctx), [...pos, 'events']) : false;
        const src = sources ? asBoolean(sources(ctx), [...pos, 'sources']) : false;
        return paginate(inner, set(ctx), { forward, cursor: at, size: n, sources: src }, ev, pos);
      };
    },
  },
];
