// Sets: lazy sources (a collection's documents by id, a collection index by terms and values,
// an array, a sequence, schema documents) and a where/map/take/drop pipeline over them; pages
// with cursors pinned to the snapshot (`pageSize`, `paginate`, `Set.paginate`), the set methods,
// and event sources.
import { compareIds } from '../../store/ids.js';
import { termKey, type Bound, type Entry } from '../../store/sorted-index.js';
import { Ref, type Value as StoredValue } from '../../core/values.js';
import { gate } from '../../core/access.js';
import type { Span } from './ast.js';
import { decodeCursor, encodeCursor, encodeToken, type Resume } from './codec.js';
import { V10Error, invalidArgument, permissionDenied } from './errors.js';
import { applyLambda, type Rt } from './eval.js';
import { checkRetention, collectionOf, fromStored, toStored, engineCtx } from './documents.js';
import { collectionMeta, schemaMembers } from './schema.js';
import { compare } from './operators.js';
import {
  combinedElements,
  concatSet,
  distinctSet,
  isCombined,
  orderSet,
  reversedCombined,
  unstreamable,
} from './set-combinators.js';
import {
  Doc,
  EventSource,
  Lambda,
  Page,
  SetValue,
  Time,
  isObj,
  type Obj,
  type SetOp,
  type SetSource,
  type Value,
} from './values.js';

export const DEFAULT_PAGE_SIZE = 16;
const MAX_PAGE_SIZE = 16_000;

export interface Element {
  key: Value;
  value: Value;
}

/** The elements of a set's source, from `resume` on, at the snapshot `rt.readTs`. */
function* sourceElements(rt: Rt, set: SetValue, resume: Value | undefined, at: Span | undefined): Generator<Element> {
  const s = set.source;
  switch (s.kind) {
    case 'array':
    case 'sequence': {
      const start = typeof resume === 'number' ? resume : 0;
      if (s.kind === 'array') {
        for (let i = start; i < s.items.length; i++) yield { key: i, value: s.items[i]! };
      } else {
        for (let i = s.from + start; i < s.to; i++) yield { key: i - s.from, value: i };
      }
      return;
    }
    case 'ordered':
    case 'distinct':
    case 'concat':
      yield* combinedElements(rt, s, resume, at);
      return;
    case 'schema': {
      const members = schemaMembers(rt, s.coll);
      for (let i = typeof resume === 'number' ? resume : 0; i < members.length; i++)
        yield { key: i, value: members[i]! };
      return;
    }
    case 'all':
    case 'index': {
      const c = collectionOf(rt, s.coll);
      if (!c) return;
      checkRetention(rt, c);
      const readable = gate(
        engineCtx(rt),
        rt.db,
        { kind: 'documents', collection: s.coll },
        rt.temporal ? 'history_read' : 'read',
      );
      if (readable === false) return;
      const ts = rt.readTs;
      const live = (e: Entry) => c.documents.liveAt(e, ts);
      const mayRead = (e: Entry) => readable === true || readable(e.ref);
      if (s.kind === 'all') {
        const part = c.documents.partition('');
        if (!part) return;
        const from = s.from !== undefined ? idOf(s.from, at) : undefined;
        const to = s.to !== undefined ? idOf(s.to, at) : undefined;
        const inRange = (id: string) =>
          (from === undefined || compareIds(id, from) >= 0) && (to === undefined || compareIds(id, to) <= 0);
        const start = resume !== undefined ? String(resume) : s.reverse ? to : from;
        let entries: Iterable<Entry>;
        if (s.reverse) {
          const pos =
            start === undefined ? { ci: Infinity, i: 0 } : part.entries.seek((e) => compareIds(e.ref.id, start) > 0);
          entries = part.entries.descending(pos);
        } else {
          entries = part.entries.ascending(
            start === undefined ? { ci: 0, i: 0 } : part.entries.seek((e) => compareIds(e.ref.id, start) >= 0),
          );
        }
        for (const e of entries) {
          if (!inRange(e.ref.id)) {
            if (
              s.reverse
                ? from !== undefined && compareIds(e.ref.id, from) < 0
                : to !== undefined && compareIds(e.ref.id, to) > 0
            )
              return;
            continue;
          }
          if (live(e) && mayRead(e)) yield { key: e.ref.id, value: new Doc(s.coll, e.ref.id) };
        }
        return;
      }
      const ix = collectionMeta(c).indexes.get(s.index);
      if (!ix) throw invalidArgument(`Index \`${s.index}\` not found on \`${s.coll}\`.`, at);
      const part = ix.index.partition(termKey(s.terms.map((t) => toStored(t))));
      if (!part) return;
      const columns = ix.index.spec.values;
      const width = columns.length;
      // The store indexes a document's `ts` as its micros: a Time bound on that column compares as such.
      const column = (x: Value, i: number): StoredValue =>
        x instanceof Time && columns[i]?.path[0] === 'ts' ? x.micros : toStored(x);
      const stored = (v: Value | undefined): StoredValue[] =>
        v === undefined ? [] : Array.isArray(v) ? v.map(column) : [column(v, 0)];
      let startBound: Bound | undefined;
      if (resume !== undefined) {
        const [values, id] = resume as [Value[], string];
        startBound = { values: values.map((x) => toStored(x)), ref: new Ref(id, c.spec.ref), pad: -1 };
      } else if (s.from !== undefined) {
        startBound = { values: stored(s.from).slice(0, width), pad: -1 };
      }
      const endBound: Bound | undefined =
        s.to !== undefined ? { values: stored(s.to).slice(0, width), pad: 1 } : undefined;
      const pos = startBound ? part.entries.seek((e) => ix.index.compareToBound(e, startBound) >= 0) : { ci: 0, i: 0 };
      for (const e of part.entries.ascending(pos)) {
        if (endBound && ix.index.compareToBound(e, endBound) > 0) return;
        if (live(e) && mayRead(e)) {
          yield { key: [e.values.map(fromStored), e.ref.id], value: new Doc(s.coll, e.ref.id) };
        }
      }
    }
  }
}

function idOf(v: Value, at: Span | undefined): string {
  if (v instanceof Doc) return v.id;
  if (typeof v === 'number' || typeof v === 'bigint' || (typeof v === 'string' && /^-?\d+$/.test(v))) return String(v);
  throw invalidArgument('A range bound must be a document or an id.', at);
}

export interface Out {
  key: Value;
  value: Value;
  counts: number[];
}

/** The set's elements through its pipeline; each carries the take/drop counters from before it. */
function* elements(rt: Rt, set: SetValue, resume: Resume | undefined, at: Span | undefined): Generator<Out> {
  const ops = set.ops;
  const counts = resume ? [...resume.counts] : ops.map(() => 0);
  const counted = ops.some((op) => op.kind === 'take' || op.kind === 'drop');
  let seen = 0;
  outer: for (const el of sourceElements(rt, set, resume?.key, at)) {
    // A long scan gives the wire layer its chance to end the query at its deadline.
    if ((++seen & 1023) === 0) rt.checkpoint?.();
    const before = counted ? [...counts] : counts;
    let v = el.value;
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i]!;
      switch (op.kind) {
        case 'where': {
          const keep = applyLambda(op.fn, [v], at);
          if (keep !== true && keep !== false && keep !== null)
            throw new V10Error('type_mismatch', 'expected `where` predicate to return a Boolean', at);
          if (keep !== true) continue outer;
          break;
        }
        case 'map':
          v = applyLambda(op.fn, [v], at);
          break;
        case 'take':
          if (counts[i]! >= op.n) return;
          counts[i]!++;
          break;
        case 'drop':
          if (counts[i]!++ < op.n) continue outer;
          break;
      }
    }
    yield { key: el.key, value: v, counts: before };
  }
}

/** A set with `rt`'s snapshot made explicit, so its cursors read the same one. */
function pinned(rt: Rt, set: SetValue): { set: SetValue; rt: Rt } {
  const snap = set.at ?? rt.readTs;
  const pinnedSet = set.at === snap ? set : new SetValue(set.source, set.ops, set.pageSize, snap, set.temporal);
  const same = snap === rt.readTs && set.temporal === rt.temporal;
  return { set: pinnedSet, rt: same ? rt : { ...rt, readTs: snap, temporal: set.temporal } };
}

/** One page of `set`, starting at `resume`; `after` is the cursor of the next page when there is one. */
export function page(rt: Rt, set: SetValue, size: number, resume?: Resume, at?: Span): Page {
  checkSize(size, at);
  const p = pinned(rt, set);
  const data: Value[] = [];
  for (const el of elements(p.rt, p.set, resume, at)) {
    if (data.length === size) {
      const after = encodeCursor({ set: p.set, resume: { key: el.key, counts: el.counts }, snap: p.set.at!, size });
      return new Page(data, after);
    }
    data.push(el.value);
  }
  return new Page(data, undefined);
}

function checkSize(n: number, at: Span | undefined): void {
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) {
    throw new V10Error(
      'invalid_bounds',
      `expected value for \`size\` greater than or equal to 1 and less than or equal to ${MAX_PAGE_SIZE}, received ${n}`,
      at,
    );
  }
}

/** `Set.paginate(cursor[, size])`: the next page at the cursor's snapshot, as a plain object. */
export function paginateCursor(rt: Rt, cursor: Value, size: Value | undefined, at: Span): Obj {
  if (typeof cursor !== 'string') throw invalidArgument('expected a cursor (String).', at);
  // The cursor's lambdas run in `snap`'s transaction view: decode them into it, then pin it.
  const atSnap: Rt = { ...rt };
  const c = decodeCursor(atSnap, cursor);
  // The core makes the cursor's set again where Set.paginate runs (`paginateImpl` in
  // runtime/fql2/stdlib/Sets.scala): inside `at (t)`, a set not made in an `at` of its own is made
  // in that one (IndexSet and WhereFilterSet take the user valid time, runtime/fql2/ValueSet.scala),
  // read at t, and its documents need history_read.
  const set =
    rt.temporal && !c.set.temporal ? new SetValue(c.set.source, c.set.ops, c.set.pageSize, rt.readTs, true) : c.set;
  atSnap.readTs = set === c.set ? c.snap : rt.readTs;
  const n = size === undefined ? c.size : intArg(size, at);
  return pageObject(page(atSnap, set, n, c.resume, at));
}

function pageObject(p: Page): Obj {
  return p.after === undefined ? { data: p.data } : { data: p.data, after: p.after };
}

export function toArray(rt: Rt, set: SetValue, at?: Span): Value[] {
  const p = pinned(rt, set);
  const out: Value[] = [];
  for (const el of elements(p.rt, p.set, undefined, at)) {
    if (out.length === MAX_PAGE_SIZE)
      throw invalidArgument(`A set of more than ${MAX_PAGE_SIZE} elements cannot be made an array.`, at);
    out.push(el.value);
  }
  return out;
}

function* iterate(rt: Rt, set: SetValue, at: Span): Generator<Value> {
  for (const el of elementsOf(rt, set, undefined, at)) yield el.value;
}

/** The elements of a set at its own snapshot (or `rt`'s), from `resume` on. */
export function elementsOf(rt: Rt, set: SetValue, resume: Resume | undefined, at: Span | undefined): Generator<Out> {
  const p = pinned(rt, set);
  return elements(p.rt, p.set, resume, at);
}

function intArg(v: Value | undefined, at: Span): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw invalidArgument('expected an integer argument.', at);
  return v;
}

function fnArg(v: Value | undefined, at: Span): Lambda {
  if (!(v instanceof Lambda)) throw invalidArgument('expected a function argument.', at);
  return v;
}

function withOp(set: SetValue, op: SetOp): SetValue {
  return new SetValue(set.source, [...set.ops, op], set.pageSize, set.at, set.temporal);
}

export function setMethod(rt: Rt, set: SetValue, name: string, args: Value[], at: Span): Value | undefined {
  switch (name) {
    case 'pageSize': {
      const n = intArg(args[0], at);
      checkSize(n, at);
      return new SetValue(set.source, set.ops, n, set.at, set.temporal);
    }
    case 'paginate':
      return pageObject(
        page(rt, set, args.length ? intArg(args[0], at) : (set.pageSize ?? DEFAULT_PAGE_SIZE), undefined, at),
      );
    case 'where':
      return withOp(set, { kind: 'where', fn: fnArg(args[0], at) });
    case 'map':
      return withOp(set, { kind: 'map', fn: fnArg(args[0], at) });
    case 'take':
      return withOp(set, { kind: 'take', n: intArg(args[0], at) });
    case 'drop':
      return withOp(set, { kind: 'drop', n: intArg(args[0], at) });
    case 'first': {
      for (const v of iterate(rt, set, at)) return v;
      return null;
    }
    case 'firstWhere': {
      const fn = fnArg(args[0], at);
      for (const v of iterate(rt, set, at)) if (applyLambda(fn, [v], at) === true) return v;
      return null;
    }
    case 'last': {
      let last: Value = null;
      for (const v of iterate(rt, set, at)) last = v;
      return last;
    }
    case 'count': {
      let n = 0;
      for (const _ of iterate(rt, set, at)) n++;
      return n;
    }
    case 'isEmpty':
    case 'nonEmpty': {
      for (const _ of iterate(rt, set, at)) return name === 'nonEmpty';
      return name === 'isEmpty';
    }
    case 'any':
    case 'every': {
      const fn = fnArg(args[0], at);
      for (const v of iterate(rt, set, at))
        if ((applyLambda(fn, [v], at) === true) === (name === 'any')) return name === 'any';
      return name === 'every';
    }
    case 'includes': {
      for (const v of iterate(rt, set, at)) if (compareSafe(v, args[0] ?? null)) return true;
      return false;
    }
    case 'reverse':
      return reversed(set, at);
    case 'order':
      return orderSet(set, args, at);
    case 'distinct':
      return distinctSet(set);
    case 'concat':
      return concatSet(set, args[0], at);
    case 'toArray':
      return toArray(rt, set, at);
    case 'toSet':
      return set;
    case 'forEach': {
      const fn = fnArg(args[0], at);
      // Writes made by the callback must not feed back into the iteration: read the set first.
      for (const v of toArray(rt, set, at)) applyLambda(fn, [v], at);
      return null;
    }
    case 'fold': {
      const fn = fnArg(args[1], at);
      let acc = args[0] ?? null;
      for (const v of iterate(rt, set, at)) acc = applyLambda(fn, [acc, v], at);
      return acc;
    }
    case 'eventSource':
    case 'toStream':
      return eventSource(rt, set, at);
    case 'eventsOn':
    case 'changesOn': {
      if (args.length === 0) throw invalidArgument('`eventsOn` needs at least one field, such as `.name`.', at);
      return eventSource(
        rt,
        set,
        at,
        args.map((a) => fnArg(a, at)),
      );
    }
  }
  return undefined;
}

function compareSafe(a: Value, b: Value): boolean {
  try {
    return compare(a, b, { start: 0, end: 0 }) === 0;
  } catch {
    return false;
  }
}

/** Sources a feed can follow: a collection's documents or one of its indexes, then where/map. */
function eventSource(rt: Rt, set: SetValue, at: Span, watch: Lambda[] = []): EventSource {
  const s = set.source;
  if (set.temporal || rt.temporal) {
    throw new V10Error(
      'invalid_receiver',
      'streaming is not supported for sets created within an `at()` expression',
      at,
    );
  }
  const refused = isCombined(s) ? unstreamable(s) : undefined;
  if (refused) {
    throw new V10Error(
      'invalid_receiver',
      `can't call \`eventSource\` because streaming is not supported on ${refused}.`,
      at,
    );
  }
  const single = s.kind === 'array' && s.items.length === 1 && s.items[0] instanceof Doc ? s.items[0] : undefined;
  if (
    (s.kind !== 'all' && s.kind !== 'index' && !single) ||
    set.ops.some((op) => op.kind !== 'where' && op.kind !== 'map')
  ) {
    throw new V10Error(
      'invalid_receiver',
      "can't call `eventSource` because streaming is not supported on sets returned from this function; only collections and user defined indexes are streamable.",
      at,
    );
  }
  if ((s.kind === 'all' || s.kind === 'index') && (s.from !== undefined || s.to !== undefined)) {
    // The core's words (`toEventSource` in `runtime/fql2/ValueSet.scala` of `fauna/faunadb`).
    throw new V10Error(
      'invalid_receiver',
      "can't call `.eventSource()` because range queries are not supported yet, use `.where()` method instead.",
      at,
    );
  }
  const coll = single ? single.coll : (s as { coll: string }).coll;
  const readable = gate(engineCtx(rt), rt.db, { kind: 'documents', collection: coll }, 'read');
  if (readable === false) throw permissionDenied(`Insufficient privileges to read from collection ${coll}.`);
  return new EventSource(encodeToken({ set: new SetValue(s, set.ops), start: rt.txnTs, watch }));
}

function reversed(set: SetValue, at: Span): SetValue {
  const s = set.source;
  if (set.ops.some((op) => op.kind === 'take' || op.kind === 'drop')) {
    throw invalidArgument('`reverse` after `take` or `drop` is not supported by the local server.', at);
  }
  let source: SetSource;
  if (s.kind === 'all') source = { ...s, reverse: !s.reverse };
  else if (s.kind === 'array') source = { kind: 'array', items: [...s.items].reverse() };
  else if (s.kind === 'sequence')
    source = { kind: 'array', items: Array.from({ length: s.to - s.from }, (_, i) => s.to - 1 - i) };
  else if (isCombined(s)) source = reversedCombined(s, (inner) => reversed(inner, at));
  else
    throw invalidArgument(
      '`reverse` is supported on collections, arrays, sequences and sets made of them by the local server.',
      at,
    );
  return new SetValue(source, set.ops, set.pageSize, set.at, set.temporal);
}

/**
 * The bounds of a range argument (`X.all(range)`, an index method's last argument): an object
 * with `from`, `to` or both, else the core's error, its spelling kept (`collectRange` in
 * `runtime/fql2/stdlib/CollectionIndexMethod.scala` of `fauna/faunadb`).
 */
export function rangeOf(range: Value, at: Span): { from: Value | undefined; to: Value | undefined } {
  const from = isObj(range) ? (range.from ?? undefined) : undefined;
  const to = isObj(range) ? (range.to ?? undefined) : undefined;
  if (from === undefined && to === undefined) {
    throw invalidArgument(
      'invalid argument `range`: should be an object contining `{ from }`, `{ to }`, or `{ from, to }` fields',
      at,
    );
  }
  return { from, to };
}

/** `X.all()` and `X.all({from, to})`. */
export function allOf(coll: string, range: Value | undefined, at: Span): SetValue {
  if (range === undefined) return new SetValue({ kind: 'all', coll });
  return new SetValue({ kind: 'all', coll, ...rangeOf(range, at) });
}
