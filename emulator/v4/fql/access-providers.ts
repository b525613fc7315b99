// CreateAccessProvider: a schema document naming a JWT issuer, unique per database (the core's
// `NativeIndex.AccessProviderByIssuer` in `ext/model/src/main/scala/schema/NativeIndex.scala`),
// and the roles its tokens get. Tokens of an access provider (JWTs) are not accepted here.
import { NATIVE, Ref, type Obj, type Value } from '../../core/values.js';
import type { Ctx } from '../../core/context.js';
import { asObject, asRef, asString } from './cast.js';
import type { Form } from './compile.js';
import { QueryError, instanceExists, invalidRef, type Path } from './errors.js';
import { schemaValue } from './read.js';
import { begin, created, nameOf, pick } from './schema.js';
import { unary } from './form-kinds.js';

/** Each role is a Role ref or `{ role, predicate }`, and must exist. */
function checkRoles(ctx: Ctx, v: Value | undefined, pos: Path): void {
  if (v === undefined || v === null) return;
  (Array.isArray(v) ? v : [v]).forEach((entry, i) => {
    const p = [...pos, i];
    const ref = entry instanceof Ref ? entry : asRef(asObject(entry, p).role ?? null, [...p, 'role']);
    if (!ctx.db.roles.has(ref.id)) throw invalidRef('role', ref.id, p);
  });
}

function createAccessProvider(ctx: Ctx, p: Obj, pos: Path): Value {
  const db = begin(ctx, 'access_providers', p, pos);
  const name = nameOf(p, pos);
  if (db.accessProviders.has(name)) throw instanceExists('Access provider already exists.', pos);
  const issuer = asString(p.issuer ?? null, [...pos, 'issuer']);
  asString(p.jwks_uri ?? null, [...pos, 'jwks_uri']);
  checkRoles(ctx, p.roles, [...pos, 'roles']);
  for (const other of db.accessProviders.values()) {
    if (other.definition.issuer === issuer) throw new QueryError('instance not unique', 'document is not unique.', pos);
  }
  const doc = {
    ref: new Ref(name, NATIVE.access_providers),
    ts: ctx.txnTs,
    definition: { name, issuer, ...pick(p, ['jwks_uri', 'roles', 'data']) },
  };
  db.accessProviders.set(name, doc);
  ctx.undo.push(() => db.accessProviders.delete(name));
  return created(ctx, schemaValue(doc));
}

export const accessProviderForms: Form[] = [
  unary('create_access_provider', (v, _, pos, ctx) => createAccessProvider(ctx, asObject(v, pos), pos.slice(0, -1))),
];
