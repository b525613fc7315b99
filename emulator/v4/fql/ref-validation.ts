// A write refuses refs that name nothing: a database, collection or index (or other named schema)
// that does not exist, as the core's `RefValidator` does before Create, Update, Replace and Insert
// (`ext/model/src/main/scala/ast/functions/WriteFunctions.scala` of `fauna/faunadb`). A document
// ref need not point at a document, only into a collection that exists.
import type { Ctx } from '../../core/context.js';
import { Ref, isObj, type Value } from '../../core/values.js';
import { QueryError, type Failure, type Path } from './errors.js';
import { resolve } from './scope.js';

/** The natives whose documents are named schema: a ref to one is resolved by its name. */
const NAMED = new Set(['databases', 'collections', 'indexes', 'functions', 'roles', 'access_providers']);

export function checkRefs(ctx: Ctx, params: Value | undefined, pos: Path): void {
  const failures: Failure[] = [];
  if (params !== undefined) collect(ctx, params, pos, failures);
  if (failures.length) throw new QueryError('validation failed', 'document data is not valid.', pos, 400, failures);
}

function collect(ctx: Ctx, v: Value, path: (string | number)[], out: Failure[]): void {
  if (v instanceof Ref) {
    if (!resolves(ctx, v))
      out.push({ field: path.map(String), code: 'invalid reference', description: 'Cannot read reference.' });
  } else if (Array.isArray(v)) {
    v.forEach((x, i) => collect(ctx, x, [...path, i], out));
  } else if (isObj(v)) {
    for (const k of Object.keys(v)) collect(ctx, v[k]!, [...path, k], out);
  }
}

function resolves(ctx: Ctx, ref: Ref): boolean {
  try {
    const r = resolve(ctx, ref, []);
    return r.kind !== 'schema' || !NAMED.has(r.native) || r.db.schemaDoc(r.native, r.name) !== undefined;
  } catch (err) {
    if (err instanceof QueryError) return false;
    throw err;
  }
}
