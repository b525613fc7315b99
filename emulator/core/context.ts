// What an expression sees while it runs: one transaction in one database under one identity.
import type { Clock } from '../store/clock.js';
import type { Database, Key, Role } from '../store/database.js';
import type { IdGenerator } from '../store/ids.js';
import type { Undo } from '../store/sorted-index.js';
import type { Json } from './json.js';
import type { LambdaVal, Ref, Value } from './values.js';

/** Where in a query an error is, as v4 errors report it: object keys and array indexes. */
export type Path = (string | number)[];

export interface EngineState {
  root: Database;
  clock: Clock;
  ids: IdGenerator;
  keysBySecret: Map<string, Key>;
  /** Compiles wire JSON to an expression; role predicates are compiled when their role is created. */
  compile(raw: Json, pos: Path): Expr;
  /** Whether a custom role's predicate grants the action on `arg` (a failing predicate refuses). */
  holds(ctx: Ctx, predicate: LambdaVal, arg: Value): boolean;
}

export type BuiltinRole = 'admin' | 'server' | 'server-readonly' | 'client';

export interface Auth {
  /** The database the secret belongs to. */
  db: Database;
  role: BuiltinRole | Role[];
  /** The key or token of the secret, when it lives in `db` (CurrentToken answers it). */
  token?: Ref;
  /** The document a token was issued to (CurrentIdentity answers it). */
  identity?: Ref;
}

export interface Ctx {
  state: EngineState;
  db: Database;
  auth: Auth;
  txnTs: number;
  /** Snapshot time of reads: the transaction time, or an At(...) override. */
  readTs: number;
  atOverride: boolean;
  vars: Value[];
  undo: Undo[];
  /** Documents created by this transaction, so a created top-level result answers 201. */
  created: Set<object>;
}

export type Expr = (ctx: Ctx) => Value;
