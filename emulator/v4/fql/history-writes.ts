// Insert and Remove: writing and erasing one version in a document's past (the core's
// `InsertVersionFunction` and `RemoveVersionFunction` in
// `ext/model/src/main/scala/ast/functions/WriteFunctions.scala`, `fauna/faunadb`).
import type { Action } from '../../store/collection.js';
import { Ref, type Obj, type Value } from '../../core/values.js';
import type { Ctx } from '../../core/context.js';
import { asObject, asRef, asString, asTimestamp } from './cast.js';
import type { Form } from './compile.js';
import { QueryError, invalidArgument, type Path } from './errors.js';
import { demand } from './access.js';
import { resolve } from './scope.js';
import { checkWriteTime } from './writes.js';
import { checkRefs } from './ref-validation.js';
import { named } from './form-kinds.js';

const ACTIONS = new Set(['create', 'update', 'delete']);

function actionOf(v: Value, pos: Path): Action {
  const a = asString(v, pos);
  if (!ACTIONS.has(a)) throw invalidArgument(`Invalid action '${a}'.`, pos);
  return a as Action;
}

function documentOf(ctx: Ctx, v: Value, key: string, pos: Path) {
  const r = resolve(ctx, asRef(v, [...pos, key]), [...pos, key]);
  if (r.kind !== 'document') throw invalidArgument('Document Ref expected.', [...pos, key]);
  const ref = new Ref(r.id, r.collection.spec.ref);
  demand(ctx, r.db, { kind: 'documents', collection: r.collection.spec.name }, 'history_write', ref, pos);
  return { coll: r.collection, ref };
}

export const historyWriteForms: Form[] = [
  named('insert', ['ts', 'action'], ['params'], (args, pos, ctx) => {
    checkWriteTime(ctx, pos);
    const at = asTimestamp(args.ts!, [...pos, 'ts']);
    if (at > ctx.txnTs) throw new QueryError('invalid write time', 'Cannot write outside of snapshot time.', pos);
    const act = actionOf(args.action!, [...pos, 'action']);
    const p = args.params === undefined ? {} : asObject(args.params, [...pos, 'params']);
    checkRefs(ctx, p, pos);
    const data: Obj | null =
      act === 'delete'
        ? null
        : p.data === undefined || p.data === null
          ? {}
          : asObject(p.data, [...pos, 'params', 'data']);
    const { coll, ref } = documentOf(ctx, args.insert!, 'insert', pos);
    coll.editHistory(
      ref,
      (vs) => {
        const i = vs.findIndex((v) => v.ts === at);
        const version = { ts: at, action: act, data };
        if (i >= 0) vs[i] = version;
        else vs.push(version);
      },
      ctx.undo,
    );
    return { ts: at, action: act, document: ref, ...(data ? { data } : {}) };
  }),
  named('remove', ['ts', 'action'], [], (args, pos, ctx) => {
    checkWriteTime(ctx, pos);
    const at = asTimestamp(args.ts!, [...pos, 'ts']);
    const act = actionOf(args.action!, [...pos, 'action']);
    const { coll, ref } = documentOf(ctx, args.remove!, 'remove', pos);
    coll.editHistory(
      ref,
      (vs) => {
        // A replace is stored as an update; the core's Remove(ref, ts, "create") erases it too.
        const i = vs.findIndex((v) => v.ts === at && (v.action === act || (act !== 'delete' && v.action !== 'delete')));
        if (i >= 0) vs.splice(i, 1);
      },
      ctx.undo,
    );
    return null;
  }),
];
