// Sets made of sets: `order(...)`, `distinct()` and `concat(other)`, as the core's `OrderedSet`,
// `DistinctSet` and `ConcatSet` (`runtime/fql2/ValueSet.scala` of `fauna/faunadb`). The first two
// read their inner set whole (at most 16,000 elements, as the core) and page the sorted result;
// a concatenation pages through its first set, then its last.
import type { Span } from './ast.js';
import { V10Error, invalidArgument } from './errors.js';
import type { Rt } from './eval.js';
import { dynamicType, orderingsOf, sortValues, sortedDistinct } from './ordering.js';
import { SetValue, type SetSource, type Value } from './values.js';
import { elementsOf, type Element } from './sets.js';

const MAX_ELEMENTS = 16_000;

type Combined = Extract<SetSource, { kind: 'ordered' | 'distinct' | 'concat' }>;

export function isCombined(s: SetSource): s is Combined {
  return s.kind === 'ordered' || s.kind === 'distinct' || s.kind === 'concat';
}

/** The elements of a combined source from `resume` on: an index into the sorted result, or a part and its own resume. */
export function* combinedElements(
  rt: Rt,
  s: Combined,
  resume: Value | undefined,
  at: Span | undefined,
): Generator<Element> {
  if (s.kind === 'concat') {
    const [part, key, counts] = (resume as [number, Value, number[]] | undefined) ?? [0, undefined, undefined];
    const parts = [s.first, s.last];
    for (let p = part; p < 2; p++) {
      const from = p === part && key !== undefined ? { key, counts: counts! } : undefined;
      for (const el of elementsOf(rt, parts[p]!, from, at)) yield { key: [p, el.key, el.counts], value: el.value };
    }
    return;
  }
  const all = materialize(rt, s.inner, at);
  const sorted = s.kind === 'ordered' ? sortValues(all, s.ords, at ?? { start: 0, end: 0 }) : sortedDistinct(all);
  for (let i = typeof resume === 'number' ? resume : 0; i < sorted.length; i++) yield { key: i, value: sorted[i]! };
}

function materialize(rt: Rt, set: SetValue, at: Span | undefined): Value[] {
  const out: Value[] = [];
  for (const el of elementsOf(rt, set, undefined, at)) {
    if (out.length === MAX_ELEMENTS) {
      throw new V10Error(
        'value_too_large',
        `Value too large: exceeded maximum number of elements (limit=${MAX_ELEMENTS}).`,
        at,
      );
    }
    out.push(el.value);
  }
  return out;
}

export function orderSet(set: SetValue, args: Value[], at: Span): SetValue {
  return new SetValue(
    { kind: 'ordered', inner: set, ords: orderingsOf(args, at) },
    [],
    set.pageSize,
    set.at,
    set.temporal,
  );
}

export function distinctSet(set: SetValue): SetValue {
  return new SetValue({ kind: 'distinct', inner: set }, [], set.pageSize, set.at, set.temporal);
}

export function concatSet(set: SetValue, other: Value | undefined, at: Span): SetValue {
  if (!(other instanceof SetValue)) {
    throw invalidArgument(`expected value for \`other\` of type Set<Any>, received ${dynamicType(other ?? null)}`, at);
  }
  return new SetValue({ kind: 'concat', first: set, last: other }, [], set.pageSize, set.at, set.temporal);
}

/** The sets the core names when it refuses to stream them (their `toEventSourceImpl`). */
export function unstreamable(s: Combined): string | undefined {
  if (s.kind === 'ordered') return 'sets returned from `.order()`';
  return s.kind === 'distinct' ? 'distinct sets' : undefined;
}

/** The reverse of a combined source: orderings flipped, the parts swapped and reversed; a distinct set stays sorted. */
export function reversedCombined(s: Combined, reverse: (set: SetValue) => SetValue): SetSource {
  switch (s.kind) {
    case 'ordered':
      return { ...s, ords: s.ords.map((o) => ({ fn: o.fn, asc: !o.asc })) };
    case 'distinct':
      return s;
    case 'concat':
      return { kind: 'concat', first: reverse(s.last), last: reverse(s.first) };
  }
}
