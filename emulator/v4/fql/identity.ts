// Passwords, tokens and identity: the `credentials` of Create/Update, Login, Logout, Identify,
// CurrentIdentity/HasCurrentIdentity (and the older Identity/HasIdentity), CurrentToken and
// HasCurrentToken. The core's `ext/model/src/main/scala/ast/functions/AuthFunctions.scala`
// (`fauna/faunadb`) and its error texts.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { Database, Key, SchemaDoc } from '../../store/database.js';
import { NATIVE, Ref, isObj, type Obj, type Value } from '../../core/values.js';
import type { Ctx } from '../../core/context.js';
import { asBoolean, asObject, asRef, asString } from './cast.js';
import type { Form } from './compile.js';
import { QueryError, invalidArgument, type Path } from './errors.js';
import { schemaValue } from './read.js';
import { created } from './schema.js';
import { resolve } from './scope.js';
import { named, unary } from './form-kinds.js';
import { checkWriteTime } from './writes.js';

const credentialKey = (ref: Ref) => `${ref.collection?.id}/${ref.id}`;

const missingIdentity = (pos: Path) =>
  new QueryError('missing identity', 'Authentication does not contain an identity', pos);

function hashOf(password: string, salt: string): string {
  return scryptSync(password, salt, 32).toString('base64');
}

/** Keeps the password of a `credentials` param (Create and Update of a document); null removes it. */
export function setCredentials(ctx: Ctx, db: Database, ref: Ref, credentials: Value, pos: Path): void {
  const key = credentialKey(ref);
  const before = db.credentials.get(key);
  if (credentials === null) db.credentials.delete(key);
  else {
    const password = asString(asObject(credentials, pos).password ?? null, [...pos, 'password']);
    const salt = randomBytes(16).toString('base64');
    const hash = hashOf(password, salt);
    const id = before?.ref.id ?? ctx.state.ids.next(ctx.txnTs);
    db.credentials.set(key, {
      ref: new Ref(id, NATIVE.credentials),
      ts: ctx.txnTs,
      // Shown as the core shows a credential: its document and a password hash, never the password.
      definition: { instance: ref, hashed_password: `$scrypt$${salt}$${hash}` },
      salt,
      hash,
    });
  }
  ctx.undo.push(() => (before ? db.credentials.set(key, before) : db.credentials.delete(key)));
}

function passwordMatches(db: Database, ref: Ref, password: string): boolean {
  const c = db.credentials.get(credentialKey(ref));
  return !!c && timingSafeEqual(Buffer.from(c.hash), Buffer.from(hashOf(password, c.salt)));
}

function documentOf(ctx: Ctx, v: Value, pos: Path): { db: Database; ref: Ref } {
  const r = resolve(ctx, asRef(v, pos), pos);
  if (r.kind !== 'document') throw invalidArgument('Document Ref expected.', pos);
  return { db: r.db, ref: new Ref(r.id, r.collection.spec.ref) };
}

function login(ctx: Ctx, target: Value, params: Obj, pos: Path): Value {
  checkWriteTime(ctx, pos);
  const { db, ref } = documentOf(ctx, target, [...pos, 'login']);
  const password = params.password;
  if (typeof password !== 'string' || !passwordMatches(db, ref, password)) {
    throw new QueryError(
      'authentication failed',
      'The document was not found or provided password was incorrect.',
      pos,
    );
  }
  const id = ctx.state.ids.next(ctx.txnTs);
  const secret = randomBytes(30).toString('base64url');
  const token: Key = {
    id,
    ref: new Ref(id, NATIVE.tokens),
    ts: ctx.txnTs,
    secret,
    role: [],
    target: db,
    definition: { instance: ref, ...(isObj(params.data) ? { data: params.data } : {}) },
    identity: ref,
  };
  db.tokens.set(id, token);
  ctx.state.keysBySecret.set(secret, token);
  ctx.undo.push(() => {
    db.tokens.delete(id);
    ctx.state.keysBySecret.delete(secret);
  });
  return created(ctx, { ...schemaValue(token), secret });
}

/** Logout(true) drops every token of the identity, Logout(false) the current one; false without a token. */
function logout(ctx: Ctx, all: boolean, pos: Path): boolean {
  checkWriteTime(ctx, pos);
  const { identity, token, db } = ctx.auth;
  if (!identity || !token) return false;
  for (const t of [...db.tokens.values()]) {
    if (
      all ? t.identity?.id === identity.id && t.identity.collection?.id === identity.collection?.id : t.id === token.id
    ) {
      db.tokens.delete(t.id);
      ctx.state.keysBySecret.delete(t.secret);
      ctx.undo.push(() => {
        db.tokens.set(t.id, t);
        ctx.state.keysBySecret.set(t.secret, t);
      });
    }
  }
  return true;
}

/**
 * The schema document a ref names, `self` being the request's own token or its identity's
 * credential (`Ref(Credentials(), "self")`).
 */
export function schemaDocOf(ctx: Ctx, db: Database, native: string, name: string): SchemaDoc | undefined {
  if (name === 'self' && ctx.auth.identity) {
    if (native === 'tokens') return db.tokens.get(ctx.auth.token!.id);
    if (native === 'credentials') return db.credentials.get(credentialKey(ctx.auth.identity));
  }
  return db.schemaDoc(native, name);
}

/**
 * A token may always read its identity's credential and its own tokens, whatever its roles: the
 * baseline of the core's `InstancePermissions` (`ext/model/src/main/scala/auth/Permissions.scala`).
 */
export function ownedByIdentity(ctx: Ctx, doc: SchemaDoc): boolean {
  const me = ctx.auth.identity;
  const owner = doc.definition.instance;
  return !!me && owner instanceof Ref && owner.id === me.id && owner.collection?.id === me.collection?.id;
}

function currentIdentity(ctx: Ctx, pos: Path): Ref {
  if (!ctx.auth.identity) throw missingIdentity(pos);
  return ctx.auth.identity;
}

function currentToken(ctx: Ctx, pos: Path): Ref {
  if (!ctx.auth.token) throw new QueryError('invalid token', 'Token metadata is not accessible.', pos);
  return ctx.auth.token;
}

/** A function of no argument (`{key: null}`) answering from the request's identity. */
function nullary(key: string, fn: (ctx: Ctx, pos: Path) => Value): Form {
  return { key, compile: (_, __, pos) => (ctx) => fn(ctx, pos) };
}

/** True when `fn` answers, false when it fails. */
const succeeds = (fn: (ctx: Ctx, pos: Path) => Value) => (ctx: Ctx, pos: Path) => {
  try {
    fn(ctx, pos);
    return true;
  } catch (err) {
    if (err instanceof QueryError) return false;
    throw err;
  }
};

export const identityForms: Form[] = [
  named('login', ['params'], [], (args, pos, ctx) =>
    login(ctx, args.login!, asObject(args.params!, [...pos, 'params']), pos),
  ),
  unary('logout', (all, _, pos, ctx) => logout(ctx, asBoolean(all, pos), pos.slice(0, -1))),
  named('identify', ['password'], [], (args, pos, ctx) => {
    const { db, ref } = documentOf(ctx, args.identify!, [...pos, 'identify']);
    return passwordMatches(db, ref, asString(args.password!, [...pos, 'password']));
  }),
  nullary('current_identity', currentIdentity),
  nullary('identity', currentIdentity),
  nullary('has_current_identity', succeeds(currentIdentity)),
  nullary('has_identity', succeeds(currentIdentity)),
  nullary('current_token', currentToken),
  nullary('has_current_token', succeeds(currentToken)),
];
