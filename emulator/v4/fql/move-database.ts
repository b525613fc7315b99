// MoveDatabase(db, to): the database, with its keys, becomes a child of `to` (the core's
// `MoveDatabaseFunction` in `ext/model/src/main/scala/ast/functions/WriteFunctions.scala` and
// `Database.moveDatabase` in `ext/model/src/main/scala/doc/Database.scala`, `fauna/faunadb`).
import type { Database } from '../../store/database.js';
import { NATIVE, type Value } from '../../core/values.js';
import type { Ctx } from '../../core/context.js';
import { asRef } from './cast.js';
import type { Form } from './compile.js';
import { QueryError, expected, instanceExists, type Path } from './errors.js';
import { demand } from './access.js';
import { schemaValue } from './read.js';
import { databaseOf, seenFrom } from './scope.js';
import { checkWriteTime } from './writes.js';
import { named } from './form-kinds.js';

function databaseArg(ctx: Ctx, v: Value, pos: Path): Database {
  const ref = asRef(v, pos);
  if (ref.collection !== NATIVE.databases) throw expected('Database Ref', v, pos);
  return databaseOf(ctx, ref, pos);
}

function move(ctx: Ctx, src: Database, dst: Database, pos: Path): Value {
  checkWriteTime(ctx, pos);
  const fail = (reason: string) =>
    new QueryError(
      'move database error',
      `Cannot move database '${src.name}' into parent '${dst.name}': ${reason}`,
      pos,
    );
  if (dst === src) throw fail('Source and destination have the same scopeID.');
  if (dst.isWithin(src)) throw fail('Cannot move database from ancestor to descendant.');
  const from = src.parent!;
  demand(ctx, from, { kind: 'schema', native: 'databases' }, 'delete', src.ref, pos);
  demand(ctx, dst, { kind: 'schema', native: 'databases' }, 'create', src.ref, pos);
  if (dst.databases.has(src.name)) throw instanceExists('Database already exists.', pos);
  const keys = [...from.keys.values()].filter((k) => k.target === src);
  const apply = (a: Database, b: Database) => {
    a.databases.delete(src.name);
    b.databases.set(src.name, src);
    src.parent = b;
    for (const k of keys) {
      a.keys.delete(k.id);
      b.keys.set(k.id, k);
    }
  };
  apply(from, dst);
  ctx.undo.push(() => apply(dst, from));
  return schemaValue(src, seenFrom(ctx, dst, src.ref));
}

export const moveDatabaseForms: Form[] = [
  named('move_database', ['to'], [], (args, pos, ctx) =>
    move(
      ctx,
      databaseArg(ctx, args.move_database!, [...pos, 'move_database']),
      databaseArg(ctx, args.to!, [...pos, 'to']),
      pos,
    ),
  ),
];
