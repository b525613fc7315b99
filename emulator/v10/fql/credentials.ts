// The native `Credential` collection in FQL v10 (fauna/faunadb,
// ext/model/src/main/scala/runtime/fql2/stdlib/Credential.scala and schema/NativeCollection.scala):
// `Credential.create({ document, password })`, `Credential.byDocument(doc)`, `Credential.byId(id)`,
// and a credential's `verify(secret)` and `login(secret[, ttl])`. A credential reads as
// `{id, coll, ts, document}`: its `hashed_password` is internal, shown by an export alone
// (emulator/export/document.ts). Passwords and tokens are those v4's `credentials` and Login keep
// (v4/fql/identity.ts), so both APIs see the same credentials.
import { can } from '../../core/access.js';
import { NATIVE, Ref } from '../../core/values.js';
import type { Credential } from '../../store/database.js';
import { issueToken, passwordMatches, storeCredential } from '../../v4/fql/identity.js';
import type { Span } from './ast.js';
import { demandWritable, docRef, engineCtx, fromStored, objectArg, readVersion } from './documents.js';
import { V10Error, invalidArgument, permissionDenied } from './errors.js';
import type { Rt } from './eval.js';
import { Doc, DocView, Module, NullDoc, Time, type Obj, type Value } from './values.js';

export const CREDENTIAL = 'Credential';

/** Whether the query's key may `action` credentials; `arg` is what a role's predicate gets. */
const may = (rt: Rt, action: 'create' | 'read', arg: Ref | null): boolean =>
  can(engineCtx(rt), rt.db, { kind: 'schema', native: 'credentials' }, action, arg);

/** The `Credential` module's functions; undefined for a name it lacks. */
export function credentialMethod(rt: Rt, name: string, args: Value[], at: Span): Value | undefined {
  switch (name) {
    case 'create':
      return createCredential(rt, objectArg(args, at), at);
    case 'byDocument': {
      const document = args[0] ?? null;
      if (!(document instanceof Doc)) throw invalidArgument('expected `document` to be a document.', at);
      const found = rt.db.credentials.of(docRef(document.coll, document.id));
      // The core answers a reference to credential -1 when the document has none: it reads as null.
      const ref = new Doc(CREDENTIAL, found?.ref.id ?? '-1');
      return found ? ref : new NullDoc(ref, 'not found');
    }
  }
  return undefined;
}

function createCredential(rt: Rt, params: Obj, at: Span): DocView {
  if (!may(rt, 'create', null)) throw permissionDenied('Insufficient privileges to create Credential documents.');
  demandWritable(rt);
  const { document, password } = params;
  if (!(document instanceof Doc) || readVersion(rt, document) instanceof NullDoc)
    throw invalidArgument('`document` must be an existing document of a user collection.', at);
  if (typeof password !== 'string') throw invalidArgument('`password` must be a string.', at);
  const credential = storeCredential(rt, rt.db, docRef(document.coll, document.id), password);
  return new DocView(CREDENTIAL, credential.ref.id, shown(credential));
}

/** What a read of credential `id` shows; undefined when there is none or the key may not read it. */
export function credentialFields(rt: Rt, id: string): Obj | undefined {
  const credential = rt.db.credentials.withId(id);
  if (!credential || !may(rt, 'read', credential.ref)) return undefined;
  return shown(credential);
}

function shown(credential: Credential): Obj {
  return {
    id: credential.ref.id,
    coll: new Module(CREDENTIAL),
    ts: new Time(credential.ts),
    document: fromStored(credential.definition.instance!),
  };
}

/** A credential's methods: `verify(secret)` and `login(secret[, ttl])`; undefined for others. */
export function credentialDocMethod(rt: Rt, doc: Doc, name: string, args: Value[], at: Span): Value | undefined {
  if (name !== 'verify' && name !== 'login') return undefined;
  const credential = rt.db.credentials.withId(doc.id);
  if (!credential)
    throw new V10Error(
      'document_not_found',
      `Collection \`${CREDENTIAL}\` does not contain document with id ${doc.id}.`,
      at,
    );
  const secret = args[0];
  if (typeof secret !== 'string') throw invalidArgument('expected `secret` to be a string.', at);
  const document = credential.definition.instance as Ref;
  const matches = passwordMatches(rt.db, document, secret);
  if (name === 'verify') return matches;
  if (!matches) throw new V10Error('invalid_secret', 'Provided secret did not match.', at);
  const ttl = args[1];
  if (ttl !== undefined && !(ttl instanceof Time)) throw invalidArgument('expected `ttl` to be a Time.', at);
  const token = issueToken(rt, rt.db, document, ttl ? { ttl } : {});
  return new DocView('Token', token.id, {
    id: token.id,
    coll: new Module('Token'),
    ts: new Time(token.ts),
    document: fromStored(document),
    ...(ttl ? { ttl } : {}),
    secret: token.secret,
  });
}

/** The stored reference of credential `id`. */
export const credentialRef = (id: string): Ref => new Ref(id, NATIVE.credentials);
