// Passwords, tokens and identity: the `credentials` of Create/Update, Login, Logout, Identify,
// CurrentIdentity/HasCurrentIdentity (and the older Identity/HasIdentity), CurrentToken and
// HasCurrentToken. The core's `ext/model/src/main/scala/ast/functions/AuthFunctions.scala`
// (`fauna/faunadb`) and its error texts.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { Credential, Database, Key, SchemaDoc } from '../../store/database.js';
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

const missingIdentity = (pos: Path) =>
  new QueryError('missing identity', 'Authentication does not contain an identity', pos);

function hashOf(password: string, salt: string): string {
  return scryptSync(password, salt, 32).toString('base64');
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BCRYPT64 = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * The `hashed_password` a credential shows, in the core's form: BCrypt's `$2a$05$`, 22 characters
 * of salt and 31 of hash in BCrypt's alphabet (fauna/faunadb, ext/model/src/main/scala/doc/Credentials.scala
 * checks passwords with BCrypt). Passwords are checked here against the scrypt hash kept beside it.
 */
function shownHash(salt: string, hash: string): string {
  const bcrypt64 = (base64: string, length: number) =>
    [...base64.slice(0, length)].map((c) => BCRYPT64[BASE64.indexOf(c)]).join('');
  return `$2a$05$${bcrypt64(salt, 22)}${bcrypt64(hash, 31)}`;
}

/** What a write needs of its transaction, in either API (a v4 Ctx, a v10 Rt). */
export type Txn = Pick<Ctx, 'state' | 'txnTs' | 'undo'>;

/** Keeps the password of a `credentials` param (Create and Update of a document); null removes it. */
export function setCredentials(ctx: Ctx, db: Database, ref: Ref, credentials: Value, pos: Path): void {
  if (credentials === null) {
    const before = db.credentials.of(ref);
    db.credentials.delete(ref);
    ctx.undo.push(() => before && db.credentials.set(ref, before));
  } else {
    storeCredential(ctx, db, ref, asString(asObject(credentials, pos).password ?? null, [...pos, 'password']));
  }
}

/** Sets the password of document `ref` (its credential keeps its id when it had one); the credential. */
export function storeCredential(txn: Txn, db: Database, ref: Ref, password: string): Credential {
  const before = db.credentials.of(ref);
  const salt = randomBytes(16).toString('base64');
  const hash = hashOf(password, salt);
  const id = before?.ref.id ?? txn.state.ids.next(txn.txnTs);
  const credential: Credential = {
    ref: new Ref(id, NATIVE.credentials),
    ts: txn.txnTs,
    // Shown as the core shows a credential: its document and a password hash, never the password.
    definition: { instance: ref, hashed_password: shownHash(salt, hash) },
    salt,
    hash,
  };
  db.credentials.set(ref, credential);
  txn.undo.push(() => (before ? db.credentials.set(ref, before) : db.credentials.delete(ref)));
  return credential;
}

export function passwordMatches(db: Database, ref: Ref, password: string): boolean {
  const c = db.credentials.of(ref);
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
  const token = issueToken(ctx, db, ref, isObj(params.data) ? { data: params.data } : {});
  return created(ctx, { ...schemaValue(token), secret: token.secret });
}

/** A token of document `ref` (a login), its definition holding `extra` beside the document. */
export function issueToken(txn: Txn, db: Database, ref: Ref, extra: Obj): Key {
  const id = txn.state.ids.next(txn.txnTs);
  const secret = randomBytes(30).toString('base64url');
  const token: Key = {
    id,
    ref: new Ref(id, NATIVE.tokens),
    ts: txn.txnTs,
    secret,
    role: [],
    target: db,
    definition: { instance: ref, ...extra },
    identity: ref,
  };
  db.tokens.set(id, token);
  txn.state.keysBySecret.set(secret, token);
  txn.undo.push(() => {
    db.tokens.delete(id);
    txn.state.keysBySecret.delete(secret);
  });
  return token;
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
    if (native === 'credentials') return db.credentials.of(ctx.auth.identity);
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
