// The entry point of the v10 runtime for the wire layer: run one parsed query as one transaction
// (undone when it fails, like the v4 `Engine.query`), and materialize its result for the encoder:
// documents read into views, sets into their first page, refs inside documents checked.
import type { Auth, EngineState } from '../../core/context.js';
import type { Expr } from './ast.js';
import { V10Error } from './errors.js';
import { Env, checkBindings, evaluate, type Rt } from './eval.js';
import { docFields, resolveDoc } from './documents.js';
import { DEFAULT_PAGE_SIZE, page } from './sets.js';
import { isTypechecked } from './schema.js';
import { typecheck } from './typer.js';
import {
  Doc,
  DocView,
  NamedDoc,
  NamedDocView,
  NullDoc,
  Page,
  SetValue,
  isObj,
  putField,
  type Obj,
  type Value,
} from './values.js';

export interface RunRequest {
  state: EngineState;
  /** The authenticated secret's database and role. */
  auth: Auth;
  /** This transaction's time: also the snapshot its reads see (the response's `txn_ts`). */
  txnTs: number;
  query: Expr;
  /** The request's decoded `arguments`, bound as variables. */
  arguments?: Readonly<Record<string, Value>>;
  /** Called once the result is materialized, before the transaction is kept: throwing undoes it (timeouts). */
  beforeCommit?: () => void;
  /** Called every 1024 elements of a set scan: throwing (a timeout) ends the query, undone. */
  checkpoint?: () => void;
  /** `x-typecheck`; absent, the database's `typechecked` setting decides. */
  typecheck?: boolean;
  /** The query's text, for the types of the values interpolated into it (NULs). */
  text?: string;
}

export interface RunResult {
  value: Value;
  /** The result's static type, when the query was typechecked. */
  staticType: string | undefined;
}

/**
 * Runs the query and returns its materialized result: it holds no lazy `Doc` or `NamedDoc` at the
 * top (they are `DocView`s, `NamedDocView`s or `NullDoc`s; refs stay refs inside documents' fields,
 * and a `NamedDoc` with `expand: false` stays a ref), and no `SetValue` (a `Page`, sets nested
 * deeper than 10 levels excepted), and its static type when the request or the database asks
 * for typechecking (checked before anything runs). Throws a `V10Error`; a failed query changes
 * nothing.
 */
export function run(req: RunRequest): RunResult {
  const db = req.auth.db;
  const rt: Rt = {
    state: req.state,
    auth: req.auth,
    db,
    txnTs: req.txnTs,
    readTs: req.txnTs,
    undo: [],
    visible: new Set(db.collections.keys()),
    readOnly: false,
    temporal: false,
    readGates: new Map(),
    historyGates: new Map(),
    retainedFrom: new Map(),
    checkpoint: req.checkpoint,
  };
  const args = req.arguments ?? {};
  try {
    checkBindings(rt, req.query, new Set(Object.keys(args)));
    const staticType =
      (req.typecheck ?? isTypechecked(db)) ? typecheck(rt, req.query, req.text ?? '', args) : undefined;
    const env = new Env();
    for (const k of Object.keys(args)) env.set(k, args[k]!);
    const value = materialize(rt, evaluate(rt, req.query, env));
    req.beforeCommit?.();
    return { value, staticType };
  } catch (err) {
    for (let i = rt.undo.length - 1; i >= 0; i--) rt.undo[i]!();
    throw asV10Error(err);
  }
}

function asV10Error(err: unknown): V10Error {
  if (err instanceof V10Error) return err;
  if (err instanceof RangeError && /call stack/i.test(err.message)) {
    return new V10Error('stack_overflow', 'The query exceeded the maximum nesting depth.');
  }
  const detail = err instanceof Error ? err.message : String(err);
  return new V10Error('internal_error', `Unexpected error in the local server: ${detail}`, undefined, 500);
}

const MAX_DEPTH = 10;

/** The result as the encoder renders it (see `run`). */
export function materialize(rt: Rt, v: Value, depth = 0): Value {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => materialize(rt, x, depth + 1));
  if (isObj(v)) return mapObj(v, (x) => materialize(rt, x, depth + 1));
  if (v instanceof Doc || (v instanceof NamedDoc && v.expand)) {
    const fields = docFields(v instanceof Doc && v.at !== undefined ? viewAt(rt, v.at) : rt, v);
    if (fields instanceof NullDoc) return fields;
    // Inside a document's fields, documents stay bare refs, never looked up: a deleted one shows
    // no `exists`/`cause`, as the core answers (`fauna/faunadb`'s
    // `ext/model/.../fql2/serialization/MaterializedValue.scala` encodes a live document's fields
    // with no documents read).
    return v instanceof Doc ? new DocView(v.coll, v.id, fields) : new NamedDocView(v.coll, v.name, fields);
  }
  if (v instanceof NamedDoc) return resolveDoc(rt, v);
  if (v instanceof SetValue) {
    if (depth > MAX_DEPTH) return v;
    const p = page(rt, v, v.pageSize ?? DEFAULT_PAGE_SIZE);
    return new Page(
      p.data.map((x) => materialize(rt, x, depth + 1)),
      p.after,
    );
  }
  return v;
}

// A page read inside `at (t)` renders each of its documents at t: they share one view of the
// transaction at t rather than a copy each.
const views = new WeakMap<Rt, Map<number, Rt>>();

function viewAt(rt: Rt, readTs: number): Rt {
  if (readTs === rt.readTs) return rt;
  let byTs = views.get(rt);
  if (byTs === undefined) views.set(rt, (byTs = new Map()));
  let view = byTs.get(readTs);
  if (view === undefined) byTs.set(readTs, (view = { ...rt, readTs }));
  return view;
}

function mapObj(o: Obj, f: (v: Value) => Value): Obj {
  const out: Obj = {};
  for (const k of Object.keys(o)) putField(out, k, f(o[k]!));
  return out;
}
