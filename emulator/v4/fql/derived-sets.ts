// Sets made from sets: Range, Union/Intersection/Difference, and Events(set).
import { compareArrays } from '../../store/compare.js';
import { compareEventToBound, type Bound } from '../../store/sorted-index.js';
import { render } from '../../core/render.js';
import type { Ctx } from '../../core/context.js';
import { invalidArgument, type Path } from './errors.js';
import { compareElems, genericCompare, type Elem, type Ev, type SetImpl } from './set-types.js';

export class RangeSet implements SetImpl {
  readonly width: number;
  constructor(
    private readonly inner: SetImpl,
    private readonly from: Bound | null,
    private readonly to: Bound | null,
  ) {
    this.width = inner.width;
  }

  compare(e: Elem, b: Bound): number {
    return this.inner.compare(e, b);
  }

  *asc(ctx: Ctx, from: Bound | null, pos: Path): Iterable<Elem> {
    for (const e of this.inner.asc(ctx, from ?? this.from, pos)) {
      if (this.from && this.inner.compare(e, this.from) < 0) continue;
      if (this.to && this.inner.compare(e, this.to) > 0) return;
      yield e;
    }
  }

  *desc(ctx: Ctx, to: Bound | null, inclusive: boolean, pos: Path): Iterable<Elem> {
    const start = to ?? this.to;
    for (const e of this.inner.desc(ctx, start, to ? inclusive : true, pos)) {
      if (this.to && this.inner.compare(e, this.to) > 0) continue;
      if (this.from && this.inner.compare(e, this.from) < 0) return;
      yield e;
    }
  }
}

/** Union merges sorted streams; Intersection and Difference test members of the first set. */
export class Combination implements SetImpl {
  readonly width: number;
  readonly historical: boolean;
  /** A union of sets with history has their merged events (Union(Events(a), Events(b)) too). */
  readonly events: SetImpl['events'];
  constructor(
    private readonly op: 'union' | 'intersection' | 'difference',
    private readonly sets: SetImpl[],
    pos: Path,
  ) {
    this.width = sets[0]?.width ?? 0;
    const historical = sets.filter((s) => s.historical).length;
    if (historical > 0 && historical < sets.length)
      throw invalidArgument('Cannot combine historical and snapshot sets.', pos);
    this.historical = historical > 0;
    const streams = sets.map((s) => s.events);
    if (op === 'union' && streams.every((e) => e !== undefined)) {
      this.events = {
        asc: (ctx, from, p) =>
          mergeSorted(
            streams.map((e) => e!.asc(ctx, from, p)),
            compareEvents,
          ),
        desc: (ctx, to, p) =>
          mergeSorted(
            streams.map((e) => e!.desc(ctx, to, p)),
            (a, b) => -compareEvents(a, b),
          ),
      };
    }
  }

  compare(e: Elem, b: Bound): number {
    return genericCompare(e, b);
  }

  asc(ctx: Ctx, from: Bound | null, pos: Path): Iterable<Elem> {
    return this.combine(
      this.sets.map((s) => s.asc(ctx, from, pos)),
      1,
      ctx,
      pos,
    );
  }

  desc(ctx: Ctx, to: Bound | null, inclusive: boolean, pos: Path): Iterable<Elem> {
    return this.combine(
      this.sets.map((s) => s.desc(ctx, to, inclusive, pos)),
      -1,
      ctx,
      pos,
    );
  }

  private *combine(streams: Iterable<Elem>[], dir: 1 | -1, ctx: Ctx, pos: Path): Iterable<Elem> {
    if (this.op !== 'union') {
      const [first, ...rest] = streams;
      if (!first) return;
      const others = rest.map(() => new Set<string>());
      this.sets.slice(1).forEach((s, i) => {
        for (const e of s.asc(ctx, null, pos)) others[i]!.add(elemKey(e));
      });
      for (const e of first) {
        const k = elemKey(e);
        const inAll = others.every((o) => o.has(k));
        const inAny = others.some((o) => o.has(k));
        if (this.op === 'intersection' ? inAll : !inAny) yield e;
      }
      return;
    }
    yield* mergeSorted(streams, (a, b) => dir * compareElems(a, b));
  }
}

/**
 * Merges streams sorted by `cmp`, dropping an item equal to the one before it (a member of two
 * sets appears once in their union).
 */
function* mergeSorted<T>(streams: Iterable<T>[], cmp: (a: T, b: T) => number): Iterable<T> {
  const its = streams.map((s) => s[Symbol.iterator]());
  const heads = its.map((it) => it.next());
  let last: T | undefined;
  for (;;) {
    let best = -1;
    for (let i = 0; i < heads.length; i++) {
      const h = heads[i]!;
      if (h.done) continue;
      if (best < 0 || cmp(h.value, heads[best]!.value as T) < 0) best = i;
    }
    if (best < 0) return;
    const item = heads[best]!.value as T;
    heads[best] = its[best]!.next();
    if (last === undefined || cmp(last, item) !== 0) yield item;
    last = item;
  }
}

/** Event order (ts, action, document), then index values, so only true duplicates merge. */
function compareEvents(a: Ev, b: Ev): number {
  return (
    compareEventToBound(a, { ts: b.ts, ref: b.ref, action: b.action, pad: -1 }) ||
    compareArrays(a.values ?? [], b.values ?? [])
  );
}

function elemKey(e: Elem): string {
  return render([...e.values, e.ref]);
}

/** Events(set): the events of a set with history, as a set of its own. */
export class EventsSet implements SetImpl {
  readonly width = 0;
  readonly historical = true;
  readonly events: NonNullable<SetImpl['events']>;
  constructor(inner: SetImpl, pos: Path) {
    if (!inner.events || inner.historical) throw invalidArgument('Set does not support events history.', pos);
    this.events = inner.events;
  }
  compare(): number {
    return 0;
  }
  asc(): Iterable<Elem> {
    return [];
  }
  desc(): Iterable<Elem> {
    return [];
  }
}
