// The emulator engine: one synchronous transaction per query (docs/architecture.md, "Contract:
// emulator engine"). A failed transaction is undone, so it changes nothing.
import { authenticate } from './auth/secrets.js';
import { Clock, type MicrosSource } from './store/clock.js';
import { Database } from './store/database.js';
import { IdGenerator } from './store/ids.js';
import type { Undo } from './store/sorted-index.js';
import { holds } from './v4/fql/access.js';
import { Compiler } from './v4/fql/compile.js';
import type { Auth, Ctx, EngineState } from './core/context.js';
import { QueryError, unauthorized } from './v4/fql/errors.js';
import { FORMS } from './v4/fql/forms.js';
import { JsonSyntaxError, parseJson, type Json } from './core/json.js';
import { render } from './core/render.js';
import { runFeed } from './v10/feed/feed.js';
import { openEventSource } from './v10/fql/feeds.js';
import { run } from './v10/fql/run.js';
import { runQuery as runV10Query, type RequestParams } from './v10/wire/query.js';
import { unauthorized as v10Unauthorized, type Reply } from './v10/wire/response.js';
import { expired, timeoutError } from './v10/wire/deadline.js';

export interface EngineOptions {
  rootSecret: string;
  /** Wall clock in microseconds; tests move it to exercise history retention. */
  clock?: MicrosSource;
  /** History kept beyond history_days, in microseconds; the core's 15 minutes by default. */
  historyGrace?: number;
}

export interface QueryRequest {
  secret: string | undefined;
  body: string;
}

export interface QueryResponse {
  status: number;
  body: string;
  txnTime: number;
}

/** A `/query/1` or `/feed/1` request (docs/local-server-v10.md). */
export interface V10Request {
  secret: string | undefined;
  body: string;
  params: RequestParams;
  /** `performance.now()` at which its time budget (`x-query-timeout-ms`) runs out. */
  deadline: number;
}

/**
 * An empty root database and its clock, ids and keys, shared by both APIs. Role predicates are
 * FQL v4 lambdas whichever API made the role, so v4's compiler and predicate runner are wired in.
 */
export function newEngineState(clock?: MicrosSource, historyGrace?: number): EngineState {
  return {
    root: new Database('', undefined, 0, {}),
    clock: new Clock(clock, historyGrace),
    ids: new IdGenerator(),
    keysBySecret: new Map(),
    compile: (raw, pos) => new Compiler(FORMS).expr(raw, pos),
    holds,
  };
}

export class Engine {
  private readonly state: EngineState;

  constructor(private readonly options: EngineOptions) {
    this.state = newEngineState(options.clock, options.historyGrace);
  }

  txnTime(): number {
    return this.state.clock.last;
  }

  /** The identity a secret grants (undefined: 401), for the endpoints beside the query APIs. */
  identify(secret: string | undefined): Auth | undefined {
    return authenticate(this.state, this.options.rootSecret, secret);
  }

  /** A transaction that only takes its time, with an id minted at it: an export's snapshot and task id. */
  mark(): { ts: number; id: string } {
    const ts = this.state.clock.next();
    return { ts, id: this.state.ids.next(ts) };
  }

  query(request: QueryRequest): QueryResponse {
    const auth = authenticate(this.state, this.options.rootSecret, request.secret);
    if (!auth) return failure(unauthorized(), this.state.clock.last);
    const raw = parseBody(request.body);
    if (raw instanceof QueryError) return failure(raw, this.state.clock.last);
    const txnTs = this.state.clock.next();
    const undo: Undo[] = [];
    const ctx: Ctx = {
      state: this.state,
      db: auth.db,
      auth,
      txnTs,
      readTs: txnTs,
      atOverride: false,
      vars: [],
      undo,
      created: new Set(),
    };
    try {
      const result = this.state.compile(raw, [])(ctx);
      const status = typeof result === 'object' && result !== null && ctx.created.has(result) ? 201 : 200;
      return { status, body: `{"resource":${render(result)}}`, txnTime: txnTs };
    } catch (err) {
      for (let i = undo.length - 1; i >= 0; i--) undo[i]!();
      return failure(asQueryError(err), txnTs);
    }
  }

  /** One v10 query: one transaction, like `query`, answered in v10's shapes. */
  v10Query(request: V10Request): Reply {
    const { state } = this;
    const auth = authenticate(state, this.options.rootSecret, request.secret);
    if (!auth) return v10Unauthorized('query', state.clock.last);
    return runV10Query(
      { body: request.body, params: request.params },
      () => state.clock.next(),
      state.clock.last,
      (query, args, txnTs, text) => {
        // Checked during long scans and before the transaction is kept: a late query is undone.
        const inTime = () => {
          if (expired(request.deadline)) throw timeoutError();
        };
        const typecheck = request.params.typecheck;
        return run({
          state,
          auth,
          txnTs,
          query,
          text,
          typecheck,
          arguments: args,
          beforeCommit: inTime,
          checkpoint: inTime,
        });
      },
    );
  }

  /** One page of an event feed, read at a fresh snapshot. */
  v10Feed(request: V10Request): Reply {
    const { state } = this;
    const auth = authenticate(state, this.options.rootSecret, request.secret);
    if (!auth) return v10Unauthorized('feed', state.clock.last);
    const ctx = {
      auth,
      body: request.body,
      snapshot: state.clock.next(),
      wall: state.clock.wall(),
      historyGrace: state.clock.historyGrace,
      expired: () => expired(request.deadline),
      open: openEventSource(state),
    };
    return runFeed(ctx, auth.db);
  }
}

function parseBody(body: string): Json | QueryError {
  if (body.trim() === '') return new QueryError('invalid expression', 'No query provided.', undefined);
  try {
    return parseJson(body);
  } catch (err) {
    if (err instanceof JsonSyntaxError)
      return new QueryError('invalid expression', 'Request body is not valid JSON.', undefined);
    return asQueryError(err);
  }
}

function failure(e: QueryError, txnTime: number): QueryResponse {
  const position = e.position ? `"position":${JSON.stringify(e.position)},` : '';
  const failures = e.failures ? `,"failures":${JSON.stringify(e.failures)}` : '';
  const error = `{${position}"code":${JSON.stringify(e.code)},"description":${JSON.stringify(e.description)}${failures}}`;
  return { status: e.status, body: `{"errors":[${error}]}`, txnTime };
}

/** Deep nesting is Fauna's stack overflow; anything else unexpected is an internal error, not a crash. */
function asQueryError(err: unknown): QueryError {
  if (err instanceof QueryError) return err;
  if (err instanceof RangeError && /call stack/i.test(err.message)) {
    return new QueryError('stack overflow', 'Call stack reached the maximum limit.', undefined);
  }
  const detail = err instanceof Error ? err.message : String(err);
  return new QueryError(
    'internal server error',
    `${detail} Please create a ticket at https://support.fauna.com`,
    undefined,
    500,
  );
}
