// The databases behind test/fixtures/core-exports, made on the local server through the official
// drivers as seed-database.mjs and seed-widedb.mjs made them on the core. Where the local server
// lacks the FQL the core was sent, the same values arrive another way: `-9223372036854775808` and
// Bytes(...) as query arguments, NaN and the infinities as divisions. It has no `Credential`
// collection, so the password credential (and its login token) are not made.
import { Client, fql, type QueryValue } from 'fauna';
import faunadb from 'faunadb';

const q = faunadb.query;

export interface ExportDb {
  /** Secrets of keys of the database, by role (`reader` is a user-defined role). */
  keys: Record<'admin' | 'server' | 'server-readonly' | 'client' | 'reader', string>;
}

// The "TTL passed" document lives this long, and is past its ttl before anyone exports.
const TTL_WAIT_S = 1;

const TRICKY = 'héllo "q" \\ / \n\t\b\f\r \u0001 \u001f \u007f \u2028 😀 日本 <>&\'';

function bytes(base64: string): Uint8Array {
  return new Uint8Array(Buffer.from(base64, 'base64'));
}

export async function seedExportDb(url: string, rootSecret: string, name: string): Promise<ExportDb> {
  const endpoint = new URL(url);
  const root = new Client({ endpoint, secret: rootSecret });
  const db = new Client({ endpoint, secret: `${rootSecret}:${name}:admin`, long_type: 'bigint' });
  const v4 = new faunadb.Client({
    secret: `${rootSecret}:${name}:admin`,
    domain: endpoint.hostname,
    port: Number(endpoint.port),
    scheme: 'http',
  });
  const run = async <T = { id: string }>(query: ReturnType<typeof fql>): Promise<T> =>
    (await db.query<QueryValue>(query)).data as T;
  try {
    await root.query(fql`Database.create({ name: ${name} })`);
    await run(fql`Collection.create({ name: "Customer" })`);
    await run(fql`Collection.create({
      name: "Order",
      computed_fields: { total: { body: "(doc) => doc.qty * doc.price" } }
    })`);
    await run(fql`Collection.create({ name: "Empty" })`);
    await v4.query(
      q.CreateIndex({
        name: 'customer_by_name',
        source: q.Collection('Customer'),
        terms: [{ field: ['data', 'name'] }],
      }),
    );
    await run(fql`Role.create({ name: "reader", privileges: [{ resource: "Customer", actions: { read: true } }] })`);
    await run(fql`Database.create({ name: "childdb" })`);
    const child = new Client({ endpoint, secret: `${rootSecret}:${name}/childdb:admin` });
    await child.query(fql`Collection.create({ name: "Customer" })`);
    await child.query(fql`Customer.create({ name: "in child db, not exported" })`);
    child.close();

    const target = (await run(fql`Customer.create({ name: "Ref Target", tier: "silver", visits: 1 })`)).id;
    const deleted = (await run(fql`Customer.create({ name: "Deleted Later" })`)).id;
    await run(fql`Customer.create({
      name: "All Types",
      int: 42,
      int_max: 2147483647,
      int_min: -2147483648,
      long_small: 2147483648,
      long_big: 9007199254740993,
      long_min: ${-9223372036854775808n},
      dbl: 19.99,
      dbl_integral: 3.0,
      dbl_tenth: 0.1,
      dbl_neg: -2.5,
      dbl_1e7: 10000000.0,
      dbl_below_1e7: 9999999.0,
      dbl_1e_3: 0.001,
      dbl_below_1e_3: 0.0009999,
      dbl_1e10: 1e10,
      dbl_1e_5: 1e-5,
      dbl_huge: 1.5e300,
      dbl_nan: 0.0 / 0.0,
      dbl_inf: 1.0 / 0.0,
      dbl_neg_inf: -1.0 / 0.0,
      yes: true,
      no: false,
      nulls_in_array: [1, null, "x"],
      nested_null: { kept: 1, dropped: null },
      str: ${TRICKY},
      str_empty: "",
      time_whole: Time("2025-05-01T10:15:30Z"),
      time_millis: Time("2025-05-01T10:15:30.120Z"),
      time_micros: Time("2025-05-01T10:15:30.123456Z"),
      time_nanos: Time("2025-05-01T10:15:30.123456789Z"),
      time_offset: Time("2025-05-01T12:15:30.5+02:00"),
      time_epoch: Time("1970-01-01T00:00:00Z"),
      date: Date("2025-04-30"),
      date_min: Date("0001-01-01"),
      bytes: ${bytes('AAEC/w==')},
      bytes_text: ${bytes('aGVsbG8gd29ybGQ=')},
      bytes_empty: ${bytes('')},
      friend: Customer.byId(${target}),
      ghost: Customer.byId(${deleted}),
      never_existed: Customer.byId("1"),
      address: { street: "1 Main St", geo: [1.5, -2], tags: ["a", "b"], deeper: { x: { y: { z: 1 } } } },
      matrix: [[1, 2], [3, 4]],
      objs: [{ k: 1 }, { k: 2 }],
      empty_obj: {},
      empty_arr: [],
      meta: { "@tag": "nested at-key", plain: 1 }
    })`);
    await run(fql`Customer.create({ "@weird": "top-level at-key", name: "At Key" })`);
    await run(fql`Customer.create({ name: "TTL future", ttl: Time.now().add(30, "days") })`);
    await run(fql`Customer.create({ name: "TTL passed", ttl: Time.now().add(${TTL_WAIT_S}, "seconds") })`);
    await run(fql`Customer.create({ name: "TTL past at creation", ttl: Time("2020-01-01T00:00:00Z") })`);
    await v4.query(
      q.Create(q.Collection('Customer'), {
        data: {
          name: 'V4 Doc',
          ts: 'user field named ts',
          id: 'user id',
          coll: 'user coll',
          ttl: 'user ttl',
          data: { inner: 1 },
          update: 1,
          replace: 2,
          delete: 3,
          exists: true,
          updateData: 4,
          replaceData: 5,
          coll_ref: q.Collection('Order'),
          db_ref: q.Database('childdb'),
          role_ref: q.Role('reader'),
          index_ref: q.Index('customer_by_name'),
          doc_ref: q.Ref(q.Collection('Customer'), target),
          fn: q.Query(q.Lambda('x', q.Var('x'))),
          when: q.Time('2025-05-01T10:15:30.123Z'),
          day: q.Date('2025-04-30'),
          raw: new faunadb.values.Bytes('AAEC/w=='),
        },
      }),
    );

    const order1 = (
      await run(fql`Order.create({
        customer: Customer.byId(${target}), qty: 3, price: 19.99,
        items: [{ sku: "A-1", n: 1 }, { sku: "B-2", n: 2 }], placed: Time("2025-05-01T10:15:30Z")
      })`)
    ).id;
    await run(fql`Order.create({ customer: Customer.byId(${deleted}), qty: 1, price: 5.0 })`);
    await v4.query(
      q.Create(q.Collection('Order'), {
        data: { qty: 2, price: 1.5, total: 'stored total (same name as computed field)', ts: 'user ts' },
      }),
    );
    const orderDeleted = (await run(fql`Order.create({ qty: 9, price: 9.0, note: "deleted order" })`)).id;

    await run(fql`Customer.byId(${target})!.update({ tier: "gold", visits: 2, last_order: Order.byId(${order1}) })`);
    await run(fql`Customer.byId(${deleted})!.delete()`);
    await run(fql`Order.byId(${orderDeleted})!.delete()`);

    const keys: Record<string, string> = {};
    for (const role of ['admin', 'server', 'server-readonly', 'client', 'reader']) {
      keys[role] = (await run<{ secret: string }>(fql`Key.create({ role: ${role} })`)).secret;
    }
    await new Promise((resolve) => setTimeout(resolve, (TTL_WAIT_S + 0.2) * 1000));
    return { keys: keys as ExportDb['keys'] };
  } finally {
    root.close();
    db.close();
    await v4.close({ force: true });
  }
}

/** The collections whose names put the metadata's `collections` array either side of its one-line limit. */
export const WIDE_NAMES = ['A'.repeat(25), 'B'.repeat(26), 'C'.repeat(27), 'D'.repeat(70)];

export async function seedWideDb(url: string, rootSecret: string, name: string): Promise<void> {
  const endpoint = new URL(url);
  const root = new Client({ endpoint, secret: rootSecret });
  const db = new Client({ endpoint, secret: `${rootSecret}:${name}:admin` });
  try {
    await root.query(fql`Database.create({ name: ${name} })`);
    for (const coll of WIDE_NAMES) await db.query(fql`Collection.create({ name: ${coll} })`);
    await db.query(fql`Collection(${WIDE_NAMES[0]!}).create({ x: 1 })`);
  } finally {
    root.close();
    db.close();
  }
}
