// Set functions: Documents, Match, Range, Singleton, Events, Union, Intersection, Difference, and
// how any value (a set, a document ref, a native collection ref) is read as a set.
import type { Bound } from '../../store/sorted-index.js';
import { Ref, SetVal, type Obj, type Value } from '../../core/values.js';
import { asRef, asSet } from './cast.js';
import type { Form } from './compile.js';
import type { Ctx } from '../../core/context.js';
import { varargs } from './control.js';
import { invalidArgument, type Path } from './errors.js';
import { collectionOf, databaseOf, indexOf } from './scope.js';
import { Combination, EventsSet, RangeSet } from './derived-sets.js';
import { DocumentSet } from './document-set.js';
import { IndexSet } from './index-set.js';
import { NativeSet } from './schema-set.js';
import { implOf, type SetImpl } from './set-types.js';

/** A cursor or Range bound: the first `width` values, then the tie-breaking ref. */
export function snapshotBound(width: number, v: Value, pad: -1 | 1): Bound {
  const arr = Array.isArray(v) ? v : [v];
  return arr.length > width ? { values: arr.slice(0, width), ref: arr[width]!, pad } : { values: arr, pad };
}

/**
 * The set a value stands for: a native ref (Collections()) its schema documents, a document ref
 * a singleton whose events are document events.
 */
export function setOf(ctx: Ctx, v: Value, pos: Path): SetImpl {
  if (v instanceof Ref) {
    return v.collection ? new DocumentSet(v, true) : new NativeSet(databaseOf(ctx, v.database, pos), v.id);
  }
  return implOf(asSet(v, pos));
}

export function firstElement(ctx: Ctx, v: SetVal, pos: Path): Ref | undefined {
  for (const e of implOf(v).asc(ctx, null, pos)) return e.ref;
  return undefined;
}

function matchTerms(raw: Value): Value[] {
  return Array.isArray(raw) ? raw : [raw];
}

/** Match(index, terms), also what Join with an index ref makes of each source element. */
export function matchSet(ctx: Ctx, ref: Ref, t: Value, pos: Path): SetVal {
  const index = indexOf(ctx, ref, pos);
  const db = databaseOf(ctx, ref.database, pos);
  const parts: Obj = Array.isArray(t) && t.length === 0 ? { match: ref } : { match: ref, terms: t };
  return new SetVal(parts, new IndexSet(index, matchTerms(t), db, index.source, true));
}

export const setForms: Form[] = [
  {
    key: 'documents',
    compile(c, o, pos) {
      const e = c.arg(o, 'documents', pos);
      const p = [...pos, 'documents'];
      return (ctx) => {
        const ref = asRef(e(ctx), p);
        const coll = collectionOf(ctx, ref, p);
        return new SetVal(
          { documents: ref },
          new IndexSet(coll.documents, [], databaseOf(ctx, ref.database, p), coll, false),
        );
      };
    },
  },
  {
    key: 'match',
    optional: ['terms'],
    compile(c, o, pos) {
      const e = c.arg(o, 'match', pos),
        terms = c.optionalArg(o, 'terms', pos);
      const p = [...pos, 'match'];
      return (ctx) => matchSet(ctx, asRef(e(ctx), p), terms ? terms(ctx) : [], p);
    },
  },
  {
    key: 'range',
    required: ['from', 'to'],
    compile(c, o, pos) {
      const s = c.arg(o, 'range', pos),
        from = c.arg(o, 'from', pos),
        to = c.arg(o, 'to', pos);
      return (ctx) => {
        const set = s(ctx);
        const inner = implOf(asSet(set, [...pos, 'range']));
        if (inner.historical) throw invalidArgument('Set does not support events history.', [...pos, 'range']);
        const f = from(ctx),
          t = to(ctx);
        const lo = Array.isArray(f) && f.length === 0 ? null : snapshotBound(inner.width, f, -1);
        const hi = Array.isArray(t) && t.length === 0 ? null : snapshotBound(inner.width, t, 1);
        return new SetVal({ range: set, from: f, to: t }, new RangeSet(inner, lo, hi));
      };
    },
  },
  {
    key: 'singleton',
    compile(c, o, pos) {
      const e = c.arg(o, 'singleton', pos);
      return (ctx) => {
        const ref = asRef(e(ctx), [...pos, 'singleton']);
        return new SetVal({ singleton: ref }, new DocumentSet(ref, false));
      };
    },
  },
  {
    key: 'events',
    compile(c, o, pos) {
      const e = c.arg(o, 'events', pos);
      return (ctx) => {
        const v = e(ctx);
        return new SetVal({ events: v }, new EventsSet(setOf(ctx, v, [...pos, 'events']), [...pos, 'events']));
      };
    },
  },
  ...(['union', 'intersection', 'difference'] as const).map((op): Form => ({
    key: op,
    compile(c, o, pos) {
      const args = varargs(c, o, op, pos);
      return (ctx) => {
        const vs = args(ctx) as Value[];
        const impls = vs.map((v) => implOf(asSet(v, [...pos, op])));
        return new SetVal({ [op]: vs.length === 1 ? vs[0]! : vs }, new Combination(op, impls, [...pos, op]));
      };
    },
  })),
];
