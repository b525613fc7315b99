// Runs v10 queries straight against the runtime, with the engine's shared state, one transaction
// per query as the wire layer does it.
import type { Auth, EngineState } from '../../../emulator/core/context.js';
import { newEngineState } from '../../../emulator/engine.js';
import { parseQuery } from '../../../emulator/v10/fql/parser.js';
import { run } from '../../../emulator/v10/fql/run.js';
import type { Value } from '../../../emulator/v10/fql/values.js';

export interface QueryOptions {
  auth?: Auth;
  values?: Value[];
  args?: Record<string, Value>;
  /** `x-typecheck`; absent, the database's setting (typechecked unless set otherwise). */
  typecheck?: boolean;
}

export class Runtime {
  readonly state: EngineState;
  constructor(clock?: () => number) {
    this.state = newEngineState(clock);
  }

  get admin(): Auth {
    return { db: this.state.root, role: 'admin' };
  }

  /** Runs `text` (a NUL for each of `values`) and answers its result and txn time. */
  query(text: string, opts: QueryOptions = {}): { value: Value; txnTs: number } {
    const txnTs = this.state.clock.next();
    const { value } = run({
      state: this.state,
      auth: opts.auth ?? this.admin,
      txnTs,
      query: parseQuery(text, opts.values ?? []),
      arguments: opts.args,
      typecheck: opts.typecheck,
      text,
    });
    return { value, txnTs };
  }

  q(text: string, opts: QueryOptions = {}): Value {
    return this.query(text, opts).value;
  }
}
