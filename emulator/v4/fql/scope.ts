// Resolving refs against the database tree, relative to the database the query runs in, and the
// history retention check of reads.
import type { Collection } from '../../store/collection.js';
import type { Database } from '../../store/database.js';
import type { Index } from '../../store/sorted-index.js';
import { timeToIso } from '../../core/time-text.js';
import { NATIVE, Ref, Time, isNativeName, type NativeName } from '../../core/values.js';
import type { Ctx } from '../../core/context.js';
import { QueryError, invalidArgument, invalidRef, type Path } from './errors.js';

export function databaseOf(ctx: Ctx, scope: Ref | undefined, pos: Path): Database {
  if (!scope) return ctx.db;
  const parent = databaseOf(ctx, scope.database, pos);
  const db = parent.databases.get(scope.id);
  if (!db) throw invalidRef('database', scope.id, pos);
  return db;
}

/** How the query's database names `db`: a chain of Database refs, undefined for itself. */
function scopeFrom(ctx: Ctx, db: Database): Ref | undefined {
  if (db === ctx.db || !db.parent) return undefined;
  return new Ref(db.name, NATIVE.databases, scopeFrom(ctx, db.parent));
}

/**
 * A ref stored in `db` as a query in another database sees it: the core adds `database` to the
 * schema ref (for a document, to its collection's ref).
 */
export function seenFrom(ctx: Ctx, db: Database, ref: Ref): Ref {
  if (db === ctx.db) return ref;
  const scope = scopeFrom(ctx, db);
  const parent = ref.collection;
  if (!parent) return new Ref(ref.id, undefined, scope);
  if (!parent.collection) return new Ref(ref.id, parent, scope);
  return new Ref(ref.id, new Ref(parent.id, parent.collection, scope));
}

export type Resolved =
  | { kind: 'native'; db: Database; native: NativeName }
  | { kind: 'schema'; db: Database; native: NativeName; name: string }
  | { kind: 'document'; db: Database; collection: Collection; id: string };

/** Classifies a ref; user collections must exist (invalid ref otherwise), documents need not. */
export function resolve(ctx: Ctx, ref: Ref, pos: Path): Resolved {
  const parent = ref.collection;
  if (!parent) {
    if (!isNativeName(ref.id)) throw invalidArgument(`Unknown native collection '${ref.id}'.`, pos);
    return { kind: 'native', db: databaseOf(ctx, ref.database, pos), native: ref.id };
  }
  if (!parent.collection) {
    if (!isNativeName(parent.id)) throw invalidArgument(`Unknown native collection '${parent.id}'.`, pos);
    return {
      kind: 'schema',
      db: databaseOf(ctx, ref.database ?? parent.database, pos),
      native: parent.id,
      name: ref.id,
    };
  }
  const collection = collectionOf(ctx, parent, pos);
  return { kind: 'document', db: databaseOf(ctx, parent.database, pos), collection, id: ref.id };
}

export function collectionOf(ctx: Ctx, ref: Ref, pos: Path): Collection {
  if (ref.collection !== NATIVE.collections && ref.collection?.id !== 'collections') {
    throw invalidArgument('Collection Ref expected.', pos);
  }
  const c = databaseOf(ctx, ref.database, pos).collections.get(ref.id);
  if (!c) throw invalidRef('collection', ref.id, pos);
  return c;
}

export function indexOf(ctx: Ctx, ref: Ref, pos: Path): Index {
  if (ref.collection?.id !== 'indexes' || ref.collection.collection) throw invalidArgument('Index Ref expected.', pos);
  const i = databaseOf(ctx, ref.database, pos).indexes.get(ref.id);
  if (!i) throw invalidRef('index', ref.id, pos);
  return i;
}

/**
 * Reads below a collection's retained history fail (`ExceptionResponseHelpers.scala` of the core's
 * `ext/api`). The core raises this as a request-level exception: no position, both instants printed
 * as ISO text.
 */
export function checkRetention(ctx: Ctx, c: Collection, ts: number): void {
  if (!ctx.atOverride && ts === ctx.txnTs) return;
  const min = c.minValidTs(ctx.state.clock.wall(), ctx.state.clock.historyGrace);
  if (ts < min) {
    const text = (micros: number) => timeToIso(new Time(micros));
    throw new QueryError(
      'bad request',
      `Requested timestamp ${text(ts)} less than minimum allowed timestamp ${text(Math.ceil(min))}.`,
      undefined,
    );
  }
}
