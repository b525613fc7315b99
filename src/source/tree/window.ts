// The plans of a tree sync's databases, made in the order its streams reach them, at most `ahead`
// databases beyond the furthest stream: a union stream goes through every database in path order;
// in the namespaces layout the core starts each database's streams in catalog order. A database's
// plan holds the first pages that came with it until its streams read them: planned all at once,
// the plans of a large tree held the first pages of every database, and the sync's memory grew
// with the number of databases. Each database is still planned once, in one round trip, for all
// the streams that read it.
import type { PlannedDatabase } from './databases.js';

// How far beyond the furthest stream databases are planned, in max_concurrency: each plan is one
// round trip, made while the streams read the databases before it (a database of small
// collections is read in its plan's round trip).
const PLANS_AHEAD = 2;

export class PlanWindow<Client, Plan> {
  private readonly planned = new Map<number, Promise<PlannedDatabase<Client, Plan> | undefined>>();
  /** How many streams are past each database: once all are, its plan is let go. */
  private readonly passes: number[];
  /** How many streams read each database. */
  private readonly streams: readonly number[];
  /** How many databases beyond the furthest stream's are planned. */
  private readonly ahead: number;
  private next = 0;

  /** `streams`: how many streams read each database, the same number for all or one per path. */
  constructor(
    readonly paths: string[],
    streams: number | readonly number[],
    maxConcurrency: number,
    private readonly plan: (path: string) => Promise<PlannedDatabase<Client, Plan> | undefined>,
  ) {
    this.passes = paths.map(() => 0);
    this.streams = typeof streams === 'number' ? paths.map(() => streams) : streams;
    this.ahead = PLANS_AHEAD * maxConcurrency;
  }

  /**
   * Stream `name`'s plan in database `index`, then the stream is past it; undefined: the database
   * lacks its collection; 'deleted': the database was deleted before its plan (said in a WARN).
   */
  async take(index: number, name: string): Promise<{ client: Client; plan: Plan } | undefined | 'deleted'> {
    this.fill(index + 1 + this.ahead);
    const database = await this.planned.get(index);
    this.pass(index);
    if (database === undefined) return 'deleted';
    const plan = database.plans.get(name);
    database.plans.delete(name);
    return plan === undefined ? undefined : { client: database.client, plan };
  }

  /** A stream is past database `index` without reading it (an earlier attempt of the sync finished it). */
  pass(index: number): void {
    if (++this.passes[index]! === this.streams[index]) this.planned.delete(index);
  }

  private fill(end: number): void {
    for (; this.next < Math.min(end, this.paths.length); this.next++) {
      // A database every stream finished in an earlier attempt is not planned again.
      if (this.passes[this.next] === this.streams[this.next]) continue;
      const planned = this.plan(this.paths[this.next]!);
      // Its failure is each stream's that reaches it: none may, once the sync stops.
      planned.catch(() => undefined);
      this.planned.set(this.next, planned);
    }
  }
}
