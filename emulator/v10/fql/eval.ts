// The evaluator: walks the AST with lexical scopes. Lambdas capture the free variables their body
// uses (a cursor or event token carries them with the body), method calls dispatch on the
// receiver's type to one file per family, `!`, `?.` and `??` follow v10's null semantics.
import type { Database } from '../../store/database.js';
import type { Undo } from '../../store/sorted-index.js';
import type { Collection } from '../../store/collection.js';
import type { Value as StoredValue } from '../../core/values.js';
import type { Auth, EngineState } from '../../core/context.js';
import { SHORT_LAMBDA_PARAM, type Expr, type Span } from './ast.js';
import { V10Error, invalidArgument, invalidQuery } from './errors.js';
import {
  Bytes,
  Dbl,
  Doc,
  DocView,
  Lambda,
  Module,
  NamedDoc,
  NamedDocView,
  NullDoc,
  Page,
  SetValue,
  Time,
  isObj,
  putField,
  typeName,
  type Obj,
  type Value,
} from './values.js';
import { callModule, moduleField, moduleMethod, isGlobalModule } from './modules.js';
import { docField, docMethod, nullDocMessage, resolveDoc } from './documents.js';
import { hasUserFunction, userFunction } from './schema.js';
import { setMethod } from './sets.js';
import { arrayMethod, numberMethod, objectMethod, show, stringMethod } from './scalars.js';
import { timeField, timeMethod } from './time.js';
import { add, arith, compare, equal } from './operators.js';
import { bitwise, complement, power } from './bitwise.js';
import { isa } from './types.js';
import { project } from './projection.js';

/** One query's transaction, as every stdlib function sees it. */
export interface Rt {
  state: EngineState;
  auth: Auth;
  db: Database;
  txnTs: number;
  /** The snapshot reads see: the transaction time, or `at (t)`'s, or a cursor's. */
  readTs: number;
  undo: Undo[];
  /** Collections as they were when the query started: a new one is usable from the next query on. */
  visible: ReadonlySet<string>;
  /** Feeds evaluate a source's lambdas per event, where writes are refused (`invalid_effect`). */
  readOnly: boolean;
  /** Inside `at (t)`: reads need `history_read`, and a set made there keeps reading at t. */
  temporal: boolean;
  /** Called now and then during long scans; throwing (a timeout) ends the query. */
  checkpoint?: () => void;
  /** Read verdicts by collection and snapshot, decided once per transaction; `history_read`'s apart. */
  readGates: Map<string, Map<number, ReadGate>>;
  historyGates: Map<string, Map<number, ReadGate>>;
  /**
   * By collection, the oldest snapshot this transaction found within its history: a snapshot at
   * or after it passes without the clock being read again (a page checks each of its documents).
   */
  retainedFrom: Map<Collection, number>;
}

export type ReadGate = boolean | ((ref: StoredValue) => boolean);

export class Env {
  private readonly vars = new Map<string, Value>();
  constructor(private readonly parent?: Env) {}

  get(name: string): Value | undefined {
    for (let e: Env | undefined = this; e; e = e.parent) {
      const v = e.vars.get(name);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  set(name: string, v: Value): void {
    this.vars.set(name, v);
  }
}

export function evaluate(rt: Rt, e: Expr, env: Env): Value {
  switch (e.kind) {
    case 'lit':
      return e.value;
    case 'template':
      return e.parts.map((p) => (typeof p === 'string' ? p : show(evaluate(rt, p, env)))).join('');
    case 'id':
      return lookup(rt, e.name, env, e.span);
    case 'array':
      return e.items.map((i) => evaluate(rt, i, env));
    case 'object': {
      const o: Obj = {};
      for (const [k, v] of e.fields) putField(o, k, evaluate(rt, v, env));
      return o;
    }
    case 'block': {
      const inner = new Env(env);
      let last: Value = null;
      for (const s of e.body) {
        if (s.kind === 'let') inner.set(s.name, evaluate(rt, s.value, inner));
        else last = evaluate(rt, s, inner);
      }
      return last;
    }
    case 'if': {
      const c = evaluate(rt, e.cond, env);
      if (typeof c !== 'boolean' && c !== null) throw typeError('Boolean', c, e.cond.span);
      if (c === true) return evaluate(rt, e.then, env);
      return e.else ? evaluate(rt, e.else, env) : null;
    }
    case 'at': {
      const t = evaluate(rt, e.time, env);
      if (!(t instanceof Time)) throw typeError('Time', t, e.time.span);
      if (t.micros > rt.readTs) throw invalidArgument('cannot evaluate `at` in the future', e.span);
      const v = evaluate({ ...rt, readTs: t.micros, temporal: true }, e.body, env);
      // A set made inside `at` reads at that time wherever it is paged.
      return v instanceof SetValue && v.at === undefined
        ? new SetValue(v.source, v.ops, v.pageSize, t.micros, true)
        : renderedAt(v, t.micros);
    }
    case 'lambda':
      return makeLambda(rt, e.params, e.body, capture(e, env));
    case 'unary': {
      const v = evaluate(rt, e.operand, env);
      if (e.op === '!') {
        if (typeof v !== 'boolean') throw typeError('Boolean', v, e.operand.span);
        return !v;
      }
      if (e.op === '~') return complement(v, e.span);
      return arith('-', 0, v, e.span);
    }
    case 'binary':
      return binary(rt, e, env);
    case 'field': {
      const target = evaluate(rt, e.target, env);
      if (e.optional && isNullish(nullIfMissing(rt, target))) return null;
      return getField(rt, target, e.name, e.span);
    }
    case 'index': {
      const target = evaluate(rt, e.target, env);
      if (e.optional && isNullish(nullIfMissing(rt, target))) return null;
      return getIndex(rt, target, evaluate(rt, e.index, env), e.span);
    }
    case 'call':
      return call(rt, e, env);
    case 'nonNull': {
      const v = evaluate(rt, e.target, env);
      return assertNonNull(rt, v, e.span);
    }
    case 'project':
      return project(rt, evaluate(rt, e.target, env), e, env);
  }
}

function isNullish(v: Value): boolean {
  return v === null || v instanceof NullDoc;
}

function assertNonNull(rt: Rt, v: Value, at: Span): Value {
  if (v === null) throw new V10Error('null_value', 'Value is null.', at);
  const r = v instanceof Doc || v instanceof NamedDoc ? resolveDoc(rt, v) : v;
  if (r instanceof NullDoc) throw new V10Error('document_not_found', nullDocMessage(r), at);
  return v;
}

function lookup(rt: Rt, name: string, env: Env, at: Span): Value {
  const v = env.get(name);
  if (v !== undefined) return v;
  if (isGlobalModule(name) || rt.visible.has(name)) return new Module(name);
  const fn = userFunction(rt, name);
  if (fn) return fn;
  throw invalidQuery(`Unbound variable \`${name}\``, at);
}

function binary(rt: Rt, e: Extract<Expr, { kind: 'binary' }>, env: Env): Value {
  const l = evaluate(rt, e.left, env);
  switch (e.op) {
    case '??':
      return isNullish(nullIfMissing(rt, l)) ? evaluate(rt, e.right, env) : l;
    case '||':
    case '&&': {
      if (typeof l !== 'boolean') throw typeError('Boolean', l, e.left.span);
      if (e.op === '||' ? l : !l) return l;
      const r = evaluate(rt, e.right, env);
      if (typeof r !== 'boolean') throw typeError('Boolean', r, e.right.span);
      return r;
    }
  }
  const r = evaluate(rt, e.right, env);
  switch (e.op) {
    case 'isa':
      return isa(rt, l, r, e.right.span);
    case '**':
      return power(l, r, e.span);
    case '&':
    case '|':
    case '^':
      return bitwise(e.op, l, r, e.span);
    case '==':
      return equal(nullIfMissing(rt, l), nullIfMissing(rt, r));
    case '!=':
      return !equal(nullIfMissing(rt, l), nullIfMissing(rt, r));
    case '<':
      return compare(l, r, e.span) < 0;
    case '<=':
      return compare(l, r, e.span) <= 0;
    case '>':
      return compare(l, r, e.span) > 0;
    case '>=':
      return compare(l, r, e.span) >= 0;
    case '+':
      return add(l, r, e.span);
    default:
      return arith(e.op, l, r, e.span);
  }
}

/** A reference to a missing document compares as null (`Collection.byName("X") == null`). */
function nullIfMissing(rt: Rt, v: Value): Value {
  if (v instanceof Doc || v instanceof NamedDoc) return resolveDoc(rt, v) instanceof NullDoc ? null : v;
  return v instanceof NullDoc ? null : v;
}

function call(rt: Rt, e: Extract<Expr, { kind: 'call' }>, env: Env): Value {
  const callee = e.callee;
  if (callee.kind === 'field') {
    const recv = evaluate(rt, callee.target, env);
    if (callee.optional && isNullish(nullIfMissing(rt, recv))) return null;
    const args = e.args.map((a) => evaluate(rt, a, env));
    try {
      return callMethod(rt, recv, callee.name, args, e.span);
    } catch (err) {
      if (err instanceof V10Error) err.at(e.span);
      throw err;
    }
  }
  const fn = evaluate(rt, callee, env);
  if (e.optional && isNullish(fn)) return null;
  const args = e.args.map((a) => evaluate(rt, a, env));
  try {
    if (fn instanceof Lambda) return applyLambda(fn, args, e.span);
    if (fn instanceof Module) return callModule(rt, fn, args, e.span);
  } catch (err) {
    if (err instanceof V10Error) err.at(e.span);
    throw err;
  }
  throw new V10Error('invalid_argument', `\`${typeName(fn)}\` is not a function`, e.span);
}

function callMethod(rt: Rt, recv: Value, name: string, args: Value[], at: Span): Value {
  let out: Value | undefined;
  if (recv instanceof Module) out = moduleMethod(rt, recv, name, args, at);
  else if (recv instanceof SetValue) out = setMethod(rt, recv, name, args, at);
  else if (recv instanceof Doc || recv instanceof NamedDoc || recv instanceof NullDoc)
    out = docMethod(rt, recv, name, args, at);
  else if (Array.isArray(recv)) out = arrayMethod(rt, recv, name, args, at);
  else if (typeof recv === 'string') out = stringMethod(rt, recv, name, args, at);
  else if (typeof recv === 'number' || typeof recv === 'bigint' || recv instanceof Dbl)
    out = numberMethod(recv, name, args, at);
  else if (recv instanceof Time) out = timeMethod(recv, name, args, at);
  else if (isObj(recv)) {
    const f = recv[name];
    if (f instanceof Lambda) return applyLambda(f, args, at);
    out = objectMethod(rt, recv, name, args, at);
  }
  if (out === undefined) {
    if (recv === null) throw new V10Error('null_value', `Cannot call \`${name}\` on null.`, at);
    throw invalidQuery(`The function \`${name}\` does not exist on \`${typeName(recv)}\``, at);
  }
  return out;
}

function getField(rt: Rt, v: Value, name: string, at: Span): Value {
  if (isObj(v)) return v[name] ?? null;
  if (v instanceof Doc || v instanceof NamedDoc || v instanceof NullDoc) return docField(rt, v, name, at);
  if (v instanceof Module) return moduleField(rt, v, name, at);
  if (v instanceof DocView || v instanceof NamedDocView) return v.fields[name] ?? null;
  if (v instanceof Time) {
    const t = timeField(v, name);
    if (t !== undefined) return t;
  }
  if (name === 'length') {
    if (typeof v === 'string') return [...v].length;
    if (Array.isArray(v)) return v.length;
    if (v instanceof Bytes) return v.bytes.length;
  }
  if (v instanceof Page && (name === 'data' || name === 'after')) return (name === 'data' ? v.data : v.after) ?? null;
  if (v === null) throw new V10Error('null_value', `Cannot access \`${name}\` on null.`, at);
  throw invalidQuery(`Type \`${typeName(v)}\` does not have field \`${name}\``, at);
}

function getIndex(rt: Rt, v: Value, i: Value, at: Span): Value {
  if (Array.isArray(v) && typeof i === 'number' && Number.isInteger(i)) {
    if (i < 0 || i >= v.length)
      throw new V10Error('index_out_of_bounds', `index ${i} out of bounds for length ${v.length}`, at);
    return v[i]!;
  }
  if (typeof i === 'string') return getField(rt, v, i, at);
  throw invalidArgument(`Cannot index \`${typeName(v)}\` with \`${typeName(i)}\``, at);
}

function typeError(expected: string, got: Value, at?: Span): V10Error {
  return new V10Error('type_mismatch', `expected type: ${expected}, received: ${typeName(got)}`, at);
}

// ---- lambdas ----

const freeVarsCache = new WeakMap<Expr, string[]>();

/** The free variables of a lambda: what it must capture. */
function freeVars(e: Extract<Expr, { kind: 'lambda' }>): string[] {
  let out = freeVarsCache.get(e);
  if (!out) {
    const found = new Map<string, Span>();
    collectFree(e.body, new Set(e.params), found);
    out = [...found.keys()];
    freeVarsCache.set(e, out);
  }
  return out;
}

/** The free identifiers of `e`, each with where it first appears. */
function collectFree(e: Expr, bound: ReadonlySet<string>, out: Map<string, Span>): void {
  const walk = (x: Expr, b = bound) => collectFree(x, b, out);
  switch (e.kind) {
    case 'lit':
      return;
    case 'id':
      if (!bound.has(e.name) && !out.has(e.name)) out.set(e.name, e.span);
      return;
    case 'template':
      e.parts.forEach((p) => typeof p !== 'string' && walk(p));
      return;
    case 'array':
      e.items.forEach((i) => walk(i));
      return;
    case 'object':
      e.fields.forEach(([, v]) => walk(v));
      return;
    case 'block': {
      const b = new Set(bound);
      for (const s of e.body) {
        if (s.kind === 'let') {
          walk(s.value, b);
          b.add(s.name);
        } else walk(s, b);
      }
      return;
    }
    case 'if':
      walk(e.cond);
      walk(e.then);
      if (e.else) walk(e.else);
      return;
    case 'at':
      walk(e.time);
      walk(e.body);
      return;
    case 'lambda':
      collectFree(e.body, new Set([...bound, ...e.params]), out);
      return;
    case 'unary':
      walk(e.operand);
      return;
    case 'binary':
      walk(e.left);
      walk(e.right);
      return;
    case 'field':
      walk(e.target);
      return;
    case 'index':
      walk(e.target);
      walk(e.index);
      return;
    case 'call':
      walk(e.callee);
      e.args.forEach((a) => walk(a));
      return;
    case 'nonNull':
      walk(e.target);
      return;
    case 'project': {
      walk(e.target);
      const b = new Set([...bound, SHORT_LAMBDA_PARAM]);
      e.fields.forEach(([, v]) => walk(v, b));
      return;
    }
  }
}

function capture(e: Extract<Expr, { kind: 'lambda' }>, env: Env): Map<string, Value> {
  const captured = new Map<string, Value>();
  for (const name of freeVars(e)) {
    const v = env.get(name);
    if (v !== undefined) captured.set(name, v);
  }
  return captured;
}

/** A lambda over `body`; also how a cursor or token rebuilds one from its AST and captured values. */
export function makeLambda(rt: Rt, params: string[], body: Expr, captured: ReadonlyMap<string, Value>): Lambda {
  return new Lambda(params, body, captured, (args) => {
    const env = new Env();
    for (const [k, v] of captured) env.set(k, v);
    params.forEach((p, i) => env.set(p, args[i] ?? null));
    return evaluate(rt, body, env);
  });
}

export function applyLambda(fn: Lambda, args: Value[], at?: Span): Value {
  const arity = fn.params.length;
  if (args.length !== arity && !(fn.params[0] === SHORT_LAMBDA_PARAM && args.length >= 1)) {
    throw new V10Error(
      'invalid_function_invocation',
      `expected ${arity} argument${arity === 1 ? '' : 's'}, received ${args.length}`,
      at,
    );
  }
  return fn.apply(args);
}

/** Checks that every identifier is bound before anything runs: an unbound one is a check error. */
export function checkBindings(rt: Rt, e: Expr, args: ReadonlySet<string>): void {
  const free = new Map<string, Span>();
  collectFree(e, args, free);
  for (const [name, at] of free) {
    if (!isGlobalModule(name) && !rt.visible.has(name) && !hasUserFunction(rt, name)) {
      throw invalidQuery(`Unbound variable \`${name}\``, at);
    }
  }
}

/**
 * The documents an `at (t)` body returns render as of t, those of a page of `Set.paginate(cursor)`
 * included, whose membership is the cursor's snapshot: on the core a page outside `at` renders
 * each document as it is now (a document deleted since is a null document).
 */
function renderedAt(v: Value, micros: number): Value {
  if (v instanceof Doc) return v.at === undefined ? new Doc(v.coll, v.id, micros) : v;
  if (Array.isArray(v)) return v.map((x) => renderedAt(x, micros));
  if (isObj(v)) {
    const out: Obj = {};
    for (const k of Object.keys(v)) putField(out, k, renderedAt(v[k]!, micros));
    return out;
  }
  return v;
}
