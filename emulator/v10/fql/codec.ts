// The emulator's own opaque forms of set cursors and event-source tokens (a client passes
// both back unread, so their form is free):
// standard base64 of JSON holding the set's source, its where/map lambdas as AST with the values
// they captured, the resume position, the snapshot and the page size. Nobody parses them but us.
import type { Expr } from './ast.js';
import { invalidCursor } from './errors.js';
import { makeLambda, type Rt } from './eval.js';
import {
  Bytes,
  Dbl,
  Doc,
  FDate,
  Lambda,
  Module,
  NamedDoc,
  SetValue,
  Time,
  isObj,
  type NamedColl,
  type Obj,
  type SetOp,
  type SetSource,
  type Value,
} from './values.js';

type J = null | boolean | number | string | J[] | { [k: string]: J };

/** Values a cursor or token may hold: data, documents, modules and lambdas. */
function encodeValue(v: Value): J {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? { i: String(v) } : { d: v };
  if (typeof v === 'bigint') return { i: v.toString() };
  if (Array.isArray(v)) return v.map(encodeValue);
  if (isObj(v)) {
    const o: { [k: string]: J } = {};
    for (const k of Object.keys(v)) o[k] = encodeValue(v[k]!);
    return { o };
  }
  if (v instanceof Dbl) return { D: v.v };
  if (v instanceof Time) return { t: [v.micros, v.nanos] };
  if (v instanceof FDate) return { date: v.iso };
  if (v instanceof Bytes) return { b: Buffer.from(v.bytes).toString('base64') };
  if (v instanceof Doc) return { doc: [v.coll, v.id] };
  if (v instanceof NamedDoc) return { named: [v.coll, v.name, v.expand] };
  if (v instanceof Module) return { mod: v.name };
  if (v instanceof Lambda)
    return { fn: { p: v.params, b: encodeExpr(v.body), c: [...v.captured].map(([k, x]) => [k, encodeValue(x)]) } };
  if (v instanceof SetValue) return { set: encodeSet(v) };
  throw invalidCursor();
}

export function decodeValue(rt: Rt, j: J): Value {
  if (j === null || typeof j === 'boolean' || typeof j === 'string') return j;
  if (Array.isArray(j)) return j.map((x) => decodeValue(rt, x));
  if (typeof j !== 'object') throw invalidCursor();
  const [tag] = Object.keys(j);
  const x = j[tag!] as never;
  switch (tag) {
    case 'i': {
      const n = BigInt(x);
      return n >= -BigInt(Number.MAX_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
    }
    case 'd':
      return x as number;
    case 'D':
      return new Dbl(x);
    case 'o': {
      const o: Obj = {};
      for (const [k, v] of Object.entries(x as Record<string, J>)) o[k] = decodeValue(rt, v);
      return o;
    }
    case 't':
      return new Time((x as number[])[0]!, (x as number[])[1]!);
    case 'date':
      return new FDate(x);
    case 'b':
      return new Bytes(new Uint8Array(Buffer.from(x as string, 'base64')));
    case 'doc':
      return new Doc((x as string[])[0]!, (x as string[])[1]!);
    case 'named':
      return new NamedDoc((x as [NamedColl])[0], (x as string[])[1]!, (x as boolean[])[2]);
    case 'mod':
      return new Module(x);
    case 'fn': {
      const f = x as { p: string[]; b: J; c: [string, J][] };
      return makeLambda(rt, f.p, decodeExpr(rt, f.b), new Map(f.c.map(([k, v]) => [k, decodeValue(rt, v)])));
    }
    case 'set':
      return decodeSet(rt, x);
  }
  throw invalidCursor();
}

/** An AST as JSON: literal values go through the value codec, everything else is plain data. */
function encodeExpr(e: Expr): J {
  return mapLits(e as unknown as J, (v) => encodeValue(v as unknown as Value));
}

function decodeExpr(rt: Rt, j: J): Expr {
  return mapLits(j, (v) => decodeValue(rt, v) as unknown as J) as unknown as Expr;
}

function mapLits(node: J, f: (v: J) => J): J {
  if (Array.isArray(node)) return node.map((n) => mapLits(n, f));
  if (node === null || typeof node !== 'object') return node;
  if (node.kind === 'lit') return { kind: 'lit', value: f(node.value!), span: node.span! };
  const out: { [k: string]: J } = {};
  for (const k of Object.keys(node)) out[k] = mapLits(node[k]!, f);
  return out;
}

function encodeSource(s: SetSource): J {
  switch (s.kind) {
    case 'all':
      return { kind: 'all', coll: s.coll, from: opt(s.from), to: opt(s.to), rev: s.reverse === true };
    case 'index':
      return {
        kind: 'index',
        coll: s.coll,
        index: s.index,
        terms: s.terms.map(encodeValue),
        from: opt(s.from),
        to: opt(s.to),
      };
    case 'array':
      return { kind: 'array', items: s.items.map(encodeValue) };
    case 'sequence':
      return { kind: 'sequence', from: s.from, to: s.to };
    case 'schema':
      return { kind: 'schema', coll: s.coll };
    case 'ordered':
      return { kind: 'ordered', inner: encodeSet(s.inner), ords: s.ords.map((o) => [encodeValue(o.fn), o.asc]) };
    case 'distinct':
      return { kind: 'distinct', inner: encodeSet(s.inner) };
    case 'concat':
      return { kind: 'concat', first: encodeSet(s.first), last: encodeSet(s.last) };
  }
}

function opt(v: Value | undefined): J {
  return v === undefined ? { none: true } : { some: encodeValue(v) };
}

function unopt(rt: Rt, j: J): Value | undefined {
  const o = j as { none?: boolean; some?: J };
  return o.none ? undefined : decodeValue(rt, o.some!);
}

function decodeSource(rt: Rt, j: J): SetSource {
  const s = j as Record<string, J>;
  switch (s.kind) {
    case 'all':
      return {
        kind: 'all',
        coll: s.coll as string,
        from: unopt(rt, s.from!),
        to: unopt(rt, s.to!),
        reverse: s.rev === true,
      };
    case 'index':
      return {
        kind: 'index',
        coll: s.coll as string,
        index: s.index as string,
        terms: (s.terms as J[]).map((t) => decodeValue(rt, t)),
        from: unopt(rt, s.from!),
        to: unopt(rt, s.to!),
      };
    case 'array':
      return { kind: 'array', items: (s.items as J[]).map((t) => decodeValue(rt, t)) };
    case 'sequence':
      return { kind: 'sequence', from: s.from as number, to: s.to as number };
    case 'schema':
      return { kind: 'schema', coll: s.coll as 'Collection' };
    case 'ordered':
      return {
        kind: 'ordered',
        inner: decodeSet(rt, s.inner!),
        ords: (s.ords as [J, boolean][]).map(([fn, asc]) => ({ fn: lambdaOf(rt, fn), asc })),
      };
    case 'distinct':
      return { kind: 'distinct', inner: decodeSet(rt, s.inner!) };
    case 'concat':
      return { kind: 'concat', first: decodeSet(rt, s.first!), last: decodeSet(rt, s.last!) };
  }
  throw invalidCursor();
}

function lambdaOf(rt: Rt, j: J): Lambda {
  const fn = decodeValue(rt, j);
  if (!(fn instanceof Lambda)) throw invalidCursor();
  return fn;
}

function encodeSet(s: SetValue): J {
  return {
    src: encodeSource(s.source),
    ops: s.ops.map((op): J =>
      op.kind === 'where' || op.kind === 'map' ? { kind: op.kind, fn: encodeValue(op.fn) } : { kind: op.kind, n: op.n },
    ),
    size: s.pageSize ?? null,
    at: s.at ?? null,
    tmp: s.temporal,
  };
}

function decodeSet(rt: Rt, j: J): SetValue {
  const o = j as {
    src: J;
    ops: { kind: string; fn?: J; n?: number }[];
    size: number | null;
    at: number | null;
    tmp?: boolean;
  };
  const ops = o.ops.map((op): SetOp => {
    if (op.kind === 'where' || op.kind === 'map') return { kind: op.kind, fn: lambdaOf(rt, op.fn!) };
    if (op.kind === 'take' || op.kind === 'drop') return { kind: op.kind, n: op.n! };
    throw invalidCursor();
  });
  return new SetValue(decodeSource(rt, o.src), ops, o.size ?? undefined, o.at ?? undefined, o.tmp === true);
}

/** Where a page chain resumes: the next element's source position and the take/drop counters before it. */
export interface Resume {
  key: Value;
  counts: number[];
}

export interface CursorState {
  set: SetValue;
  resume: Resume;
  snap: number;
  size: number;
}

export function encodeCursor(c: CursorState): string {
  const j: J = { s: encodeSet(c.set), k: encodeValue(c.resume.key), n: c.resume.counts, t: c.snap, z: c.size };
  return Buffer.from(JSON.stringify(j)).toString('base64');
}

export function decodeCursor(rt: Rt, text: string): CursorState {
  try {
    const j = JSON.parse(Buffer.from(text, 'base64').toString('utf8')) as {
      s: J;
      k: J;
      n: number[];
      t: number;
      z: number;
    };
    if (typeof j.t !== 'number' || typeof j.z !== 'number' || !Array.isArray(j.n)) throw invalidCursor();
    return { set: decodeSet(rt, j.s), resume: { key: decodeValue(rt, j.k), counts: j.n }, snap: j.t, size: j.z };
  } catch {
    throw invalidCursor();
  }
}

/** `watch`: the field accessors of `eventsOn(.a, .b)`, whose changes alone make an update an event. */
export interface TokenState {
  set: SetValue;
  start: number;
  watch: Lambda[];
}

export function encodeToken(t: TokenState): string {
  return Buffer.from(JSON.stringify({ es: encodeSet(t.set), st: t.start, w: t.watch.map(encodeValue) })).toString(
    'base64',
  );
}

/** Undefined when the text is not one of our tokens. */
export function decodeToken(rt: Rt, text: string): TokenState | undefined {
  try {
    const j = JSON.parse(Buffer.from(text, 'base64').toString('utf8')) as { es: J; st: number; w: J[] };
    if (typeof j.st !== 'number' || !Array.isArray(j.w)) return undefined;
    const watch = j.w.map((x) => decodeValue(rt, x));
    if (!watch.every((w): w is Lambda => w instanceof Lambda)) return undefined;
    return { set: decodeSet(rt, j.es), start: j.st, watch };
  } catch {
    return undefined;
  }
}
