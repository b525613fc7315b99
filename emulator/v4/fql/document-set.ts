// Singleton(ref) and a bare document ref: one element while the document lives; its history gives
// add/remove set events (Singleton) or create/update/delete document events (the ref itself).
import type { Collection, DocRecord } from '../../store/collection.js';
import { compareValues } from '../../store/compare.js';
import { compareEventToBound, type Bound, type EventBound } from '../../store/sorted-index.js';
import { Ref, type Obj, type Value } from '../../core/values.js';
import type { Ctx } from '../../core/context.js';
import { invalidArgument, permissionDenied, type Path } from './errors.js';
import { can } from '../../core/access.js';
import { checkRetention, resolve, seenFrom } from './scope.js';
import { genericCompare, type Elem, type Ev, type SetImpl } from './set-types.js';

/** Diff of document data for update events: changed fields, null for removed ones. */
function diff(prev: Obj, next: Obj): Obj {
  const out: Obj = {};
  for (const k of Object.keys(next)) {
    const a = prev[k],
      b = next[k]!;
    if (a === undefined) out[k] = b;
    else if (isPlain(a) && isPlain(b)) {
      const d = diff(a, b);
      if (Object.keys(d).length) out[k] = d;
    } else if (compareValues(a, b) !== 0) out[k] = b;
  }
  for (const k of Object.keys(prev)) if (!(k in next)) out[k] = null;
  return out;
}

/** An update that changed nothing in `data` reports null, as the core does for an empty diff. */
function nonEmpty(o: Obj): Obj | null {
  return Object.keys(o).length ? o : null;
}

function isPlain(v: Value): v is Obj {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

/** Singleton(ref) and a bare document ref: one element while the document lives. */
export class DocumentSet implements SetImpl {
  readonly width = 0;
  constructor(
    private readonly ref: Ref,
    private readonly withDocEvents: boolean,
  ) {}

  compare(e: Elem, b: Bound): number {
    return genericCompare(e, b);
  }

  /**
   * The document's record when the identity may read it. Its document events need history_read
   * and answer 403 without it (the core's ABAC tests); set events and elements just read empty.
   */
  private record(
    ctx: Ctx,
    pos: Path,
    docEvents = false,
  ): { c: Collection; rec: DocRecord | undefined; ref: Ref } | undefined {
    const r = resolve(ctx, this.ref, pos);
    if (r.kind !== 'document') throw invalidArgument('Document Ref expected.', pos);
    const own = new Ref(r.id, r.collection.spec.ref);
    const docs = { kind: 'documents', collection: r.collection.spec.name } as const;
    if (docEvents && !can(ctx, r.db, docs, 'history_read', own)) throw permissionDenied(pos);
    if (!docEvents && !can(ctx, r.db, docs, 'read', own)) return undefined;
    checkRetention(ctx, r.collection, ctx.readTs);
    const rec = r.collection.docs.get(r.id);
    return { c: r.collection, rec, ref: rec ? seenFrom(ctx, r.db, rec.ref) : this.ref };
  }

  private *elements(ctx: Ctx, pos: Path): Iterable<Elem> {
    const found = this.record(ctx, pos);
    if (found?.c.liveVersionAt(found.rec, ctx.readTs)) yield { values: [], ref: found!.ref };
  }

  *asc(ctx: Ctx, from: Bound | null, pos: Path): Iterable<Elem> {
    for (const e of this.elements(ctx, pos)) if (!from || genericCompare(e, from) >= 0) yield e;
  }

  *desc(ctx: Ctx, to: Bound | null, inclusive: boolean, pos: Path): Iterable<Elem> {
    for (const e of this.elements(ctx, pos)) {
      const c = to ? genericCompare(e, to) : -1;
      if (c < 0 || (inclusive && c === 0)) yield e;
    }
  }

  private history(ctx: Ctx, pos: Path): Ev[] {
    const found = this.record(ctx, pos, this.withDocEvents);
    if (!found?.rec) return [];
    const min = found.c.minValidTs(ctx.state.clock.wall(), ctx.state.clock.historyGrace);
    const out: Ev[] = [];
    let prev: Obj | null = null;
    const ref = found.ref;
    for (const v of found.rec.versions) {
      if (v.ts > ctx.readTs) break;
      if (this.withDocEvents) {
        const data =
          v.action === 'create' ? v.data : v.action === 'update' ? nonEmpty(diff(prev ?? {}, v.data!)) : null;
        out.push({ ts: v.ts, action: v.action, ref, doc: { data } });
      } else if (v.action !== 'update') {
        out.push({ ts: v.ts, action: v.action === 'create' ? 'add' : 'remove', ref });
      }
      prev = v.data;
    }
    return out.filter((e) => e.ts >= min);
  }

  readonly events = {
    asc: (ctx: Ctx, from: EventBound | null, pos: Path) =>
      this.history(ctx, pos).filter((e) => !from || compareEventToBound(e, from) >= 0),
    desc: (ctx: Ctx, to: EventBound | null, pos: Path) =>
      this.history(ctx, pos)
        .filter((e) => !to || compareEventToBound(e, to) < 0)
        .reverse(),
  };
}
