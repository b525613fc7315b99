// The demo data set, shared by `npm start` (demo/) and `fauna-emulator --demo`: a small database
// whose documents hold every kind of value of docs/export-format.md's table, set up the way
// docs/setup-fauna.md (after Airbyte's Fauna source guide) tells a Fauna user to set up a source
// (an incremental sync index, a read-only role, a key with that role). Queries are FQL v4 wire
// JSON, written by hand so the server does not depend on the faunadb driver (a dev dependency).
import { stringify } from 'lossless-json';
import type { Engine } from './engine.js';

export const USERS = 'users';
export const PRODUCTS = 'products';
export const USERS_INDEX = 'users-ts';
export const READONLY = 'airbyte-readonly';
export const ANALYTICS_DB = 'analytics';
export const PRODUCT_COUNT = 3000;

/** Fixed ids (18 digits, like Fauna's generated ones) so the demo's changes can name documents. */
export const userIds = {
  ada: '362102839203840001',
  charles: '362102839203840002',
  grace: '362102839203840003',
  alan: '362102839203840004',
  katherine: '362102839203840005',
  edsger: '362102839203840006',
  barbara: '362102839203840007',
} as const;

export function productId(n: number): string {
  return String(362102839203850000n + BigInt(n));
}

/** A wire expression, sent as is (a call such as `{"collection": "users"}`, or an `@` escape). */
class Expr {
  constructor(readonly wire: unknown) {}
}
type Value = Expr | string | number | bigint | boolean | null | Value[] | { [key: string]: Value };

/** Turns a JS value into the wire expression that evaluates to it: objects are wrapped in `object`. */
function lit(value: Value): unknown {
  if (value instanceof Expr) return value.wire;
  if (Array.isArray(value)) return value.map(lit);
  if (value !== null && typeof value === 'object') {
    return { object: Object.fromEntries(Object.entries(value).map(([k, v]) => [k, lit(v)])) };
  }
  return value;
}

const call = (wire: unknown) => new Expr(wire);
export const ref = (collection: string, id: string) => call({ ref: { collection }, id });
const ts = (iso: string) => call({ '@ts': iso });
const date = (iso: string) => call({ '@date': iso });
const bytes = (standardBase64: string) => call({ '@bytes': standardBase64 });

export const create = (collection: string, id: string, params: { [key: string]: Value }) =>
  call({ create: lit(ref(collection, id)), params: lit(params) });
export const update = (collection: string, id: string, data: { [key: string]: Value }) =>
  call({ update: lit(ref(collection, id)), params: lit({ data }) });
export const remove = (collection: string, id: string) => call({ delete: lit(ref(collection, id)) });

/** Runs one query as `secret`; any error status aborts the load with Fauna's answer. */
export function run(engine: Pick<Engine, 'query'>, secret: string, expr: Expr): Record<string, unknown> {
  const response = engine.query({ secret, body: stringify(lit(expr)) ?? 'null' });
  const body = JSON.parse(response.body) as { resource?: Record<string, unknown>; errors?: unknown };
  if (response.status >= 300 || !body.resource) {
    throw new Error(`demo data: query failed with ${response.status}: ${JSON.stringify(body.errors ?? body)}`);
  }
  return body.resource;
}

const user = (name: string, email: string, extra: { [key: string]: Value } = {}) => ({ name, email, ...extra });

function product(n: number) {
  const sku = `SKU-${String(n).padStart(5, '0')}`;
  return create(PRODUCTS, productId(n), {
    data: {
      sku,
      name: `Widget ${n}`,
      price: Math.round((4.5 + (n % 97) * 1.25) * 100 + 1) / 100,
      stock: (n * 37) % 500,
      tags: n % 3 === 0 ? ['sale', 'widget'] : ['widget'],
      added: date(`2023-${String((n % 12) + 1).padStart(2, '0')}-${String((n % 28) + 1).padStart(2, '0')}`),
    },
  });
}

/** Ada's document holds one value of every kind of docs/export-format.md's table. */
function everyType(readonlyKey: Expr) {
  return user('Ada Lovelace', 'ada@example.com', {
    active: true,
    score: 97.5,
    visits: 1843,
    big_counter: 9007199254740993n, // 2^53 + 1: not representable as a double
    max_long: 9223372036854775807n,
    nothing: null,
    born: date('1815-12-10'),
    last_login: ts('2024-03-01T12:30:00.123456Z'),
    avatar: bytes('+/+/AAEC'), // standard base64 with + and /, exported URL-safe
    manager: ref(USERS, userIds.charles),
    favorite_product: ref(PRODUCTS, productId(1)),
    home_collection: call({ collection: USERS }),
    sync_index: call({ index: USERS_INDEX }),
    reader_role: call({ role: READONLY }),
    reader_key: readonlyKey,
    analytics_db: call({ database: ANALYTICS_DB }),
    all_collections: call({ collections: null }),
    greeting: call({
      '@query': { lambda: 'name', expr: { format: 'Hello %s', values: { var: 'name' } }, api_version: '4' },
    }),
    recent_users: call({ match: { index: USERS_INDEX }, terms: [] }),
    address: { street: '12 St James Square', city: 'London', geo: { lat: 51.5074, lng: -0.1345 } },
    tags: ['mathematics', 'poetry'],
    notes: [{ on: date('1843-07-10'), about: ref(PRODUCTS, productId(2)) }, [1, [2, 3]]],
    '@context': 'https://schema.org', // a key starting with @ travels as @obj
  });
}

export interface DemoDatabase {
  /** Secret of the read-only key, created as docs/setup-fauna.md says, that the connector uses. */
  secret: string;
  /** Documents per collection. */
  documents: { [collection: string]: number };
}

/** Fills an empty server with the demo database. */
export function loadDemoData(engine: Pick<Engine, 'query'>, rootSecret: string): DemoDatabase {
  const root = (expr: Expr) => run(engine, rootSecret, expr);
  root(call({ create_database: lit({ name: ANALYTICS_DB }) }));
  // Deletions are read from history: keep 30 days of it (the self-hosted core keeps 0 by default).
  for (const name of [USERS, PRODUCTS]) root(call({ create_collection: lit({ name, history_days: 30 }) }));
  root(
    call({
      create_index: lit({
        name: USERS_INDEX,
        source: call({ collection: USERS }),
        terms: [],
        values: [{ field: 'ts' }, { field: 'ref' }],
      }),
    }),
  );
  const read = { read: true };
  root(
    call({
      create_role: lit({
        name: READONLY,
        privileges: [
          { resource: call({ collections: null }), actions: read },
          { resource: call({ indexes: null }), actions: read },
          { resource: call({ collection: USERS }), actions: read },
          { resource: call({ index: USERS_INDEX }), actions: read },
          { resource: call({ collection: PRODUCTS }), actions: read },
        ],
      }),
    }),
  );
  const key = root(call({ create_key: lit({ name: READONLY, role: call({ role: READONLY }) }) }));

  for (let first = 1; first <= PRODUCT_COUNT; first += 500) {
    const batch = Array.from({ length: Math.min(500, PRODUCT_COUNT - first + 1) }, (_, i) => product(first + i));
    root(call({ do: batch.map(lit) }));
  }
  const users = [
    create(USERS, userIds.charles, { data: user('Charles Babbage', 'charles@example.com', { tags: ['engines'] }) }),
    create(USERS, userIds.ada, { data: everyType(call(key.ref)) }),
    // A document with a ttl (far in the future, so it stays readable).
    create(USERS, userIds.grace, { data: user('Grace Hopper', 'grace@example.com'), ttl: ts('2100-01-01T00:00:00Z') }),
    create(USERS, userIds.alan, {
      data: user('Alan Turing', 'alan@example.com', { manager: ref(USERS, userIds.charles) }),
    }),
    create(USERS, userIds.katherine, { data: user('Katherine Johnson', 'katherine@example.com') }),
    create(USERS, userIds.edsger, { data: user('Edsger Dijkstra', 'edsger@example.com') }),
  ];
  users.forEach(root);
  return { secret: String(key.secret), documents: { [USERS]: users.length, [PRODUCTS]: PRODUCT_COUNT } };
}
