// A database: its schema (collections, indexes, roles, keys, functions, access providers, child
// databases) by name.
import { NATIVE, Ref, type LambdaVal, type Obj } from '../core/values.js';
import type { Collection } from './collection.js';
import { Credentials } from './credentials.js';
import type { Index } from './sorted-index.js';

export interface SchemaDoc {
  ref: Ref;
  ts: number;
  definition: Obj;
}

/** An action is granted, refused, or decided per resource by a predicate lambda. */
export interface Privilege {
  resource: Ref;
  actions: Record<string, boolean | LambdaVal>;
}

export interface Role {
  name: string;
  ref: Ref;
  ts: number;
  privileges: Privilege[];
  definition: Obj;
}

export interface Key {
  id: string;
  ref: Ref;
  ts: number;
  secret: string;
  /** Built-in role name or custom roles (looked up in `target`). */
  role: string | Ref[];
  /** The database the key authenticates into. */
  target: Database;
  definition: Obj;
  /** A token's: the document it was issued to by Login (a token is a key whose roles follow membership). */
  identity?: Ref;
}

/** A document's password, as Create/Update's `credentials` set it: salted, hashed; its `instance` is the document. */
export interface Credential extends SchemaDoc {
  salt: string;
  hash: string;
}

/** A user-defined function: its schema document and its body, compiled when it was created. */
export interface UserFunction extends SchemaDoc {
  lambda: LambdaVal;
}

export class Database {
  readonly collections = new Map<string, Collection>();
  readonly indexes = new Map<string, Index>();
  readonly roles = new Map<string, Role>();
  readonly keys = new Map<string, Key>();
  readonly functions = new Map<string, UserFunction>();
  readonly accessProviders = new Map<string, SchemaDoc>();
  /** Passwords of documents. */
  readonly credentials = new Credentials();
  /** Tokens issued by Login, by id. */
  readonly tokens = new Map<string, Key>();
  readonly databases = new Map<string, Database>();
  readonly ref: Ref;

  constructor(
    readonly name: string,
    // Changed only by MoveDatabase.
    public parent: Database | undefined,
    readonly ts: number,
    readonly definition: Obj,
  ) {
    this.ref = new Ref(name, NATIVE.databases);
  }

  /** Path of database names from the root, used in scoped secrets. */
  path(): string[] {
    return this.parent ? [...this.parent.path(), this.name] : [];
  }

  /** A schema document by native collection and name (keys by id). */
  schemaDoc(native: string, name: string): SchemaDoc | undefined {
    switch (native) {
      case 'collections':
        return this.collections.get(name)?.spec;
      case 'indexes':
        return this.indexes.get(name)?.spec;
      case 'roles':
        return this.roles.get(name);
      case 'keys':
        return this.keys.get(name);
      case 'databases':
        return this.databases.get(name);
      case 'functions':
        return this.functions.get(name);
      case 'access_providers':
        return this.accessProviders.get(name);
      case 'tokens':
        return this.tokens.get(name);
      case 'credentials':
        return this.credentials.withId(name);
    }
    return undefined;
  }

  /** Every schema document of one native collection, in creation order (the core's: its schema ids grow with time). */
  schemaDocs(native: string): SchemaDoc[] {
    const source: Iterable<{ spec: SchemaDoc } | SchemaDoc> | undefined = {
      collections: this.collections.values(),
      indexes: this.indexes.values(),
      roles: this.roles.values(),
      keys: this.keys.values(),
      databases: this.databases.values(),
      functions: this.functions.values(),
      access_providers: this.accessProviders.values(),
    }[native];
    if (!source) return [];
    return [...source].map((d) => ('spec' in d ? d.spec : d));
  }

  isWithin(ancestor: Database): boolean {
    for (let d: Database | undefined = this; d; d = d.parent) if (d === ancestor) return true;
    return false;
  }
}
