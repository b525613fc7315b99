import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import faunadb from 'faunadb';
import { TRANSPORTS, withEmulator } from '../../helpers/emulator.js';
import { q, rejectsWith, sameRef } from '../../helpers/driver.js';

type Ref = faunadb.values.Ref;
interface Page<T> {
  data: T[];
  after?: unknown;
  before?: unknown;
}
interface Doc {
  ref: Ref;
  ts: number;
  data: Record<string, unknown>;
}

const DENIED = { code: 'permission denied', description: 'Insufficient privileges to perform the action.' };

// Follows `after` cursors from the first page to the last.
async function everyPage<T>(client: faunadb.Client, page: (after: unknown) => faunadb.Expr): Promise<T[]> {
  const items: T[] = [];
  let after: unknown;
  do {
    const result: Page<T> = await client.query(page(after));
    items.push(...result.data);
    after = result.after;
  } while (after !== undefined);
  return items;
}

for (const transport of TRANSPORTS) {
  describe(`docs/setup-fauna.md's read-only key over ${transport}`, () => {
    const emulator = withEmulator();
    let root: faunadb.Client;
    let key: faunadb.Client;
    let users: Ref[];
    let payrollDoc: Ref;
    let createdAt: number;

    before(async () => {
      root = emulator.client('secret', transport);
      for (const name of ['users', 'products', 'payroll'])
        await root.query(q.CreateCollection({ name, history_days: 30 }));
      // The guide's "Incremental Sync Index", exactly as written.
      for (const [index, collection] of [
        ['users-ts', 'users'],
        ['products-ts', 'products'],
        ['payroll-ts', 'payroll'],
      ]) {
        await root.query(
          q.CreateIndex({
            name: index,
            source: q.Collection(collection!),
            terms: [],
            values: [{ field: 'ts' }, { field: 'ref' }],
          }),
        );
      }
      // The guide's role for users and products with incremental syncs, exactly as written.
      await root.query(
        q.CreateRole({
          name: 'airbyte-readonly',
          privileges: [
            { resource: q.Collections(), actions: { read: true } },
            { resource: q.Indexes(), actions: { read: true } },
            { resource: q.Collection('users'), actions: { read: true } },
            { resource: q.Index('users-ts'), actions: { read: true } },
            { resource: q.Collection('products'), actions: { read: true } },
            { resource: q.Index('products-ts'), actions: { read: true } },
          ],
        }),
      );
      const created: { secret: string } = await root.query(
        q.CreateKey({ name: 'airbyte-readonly', role: q.Role('airbyte-readonly') }),
      );
      assert.match(created.secret, /^fnA/);
      key = emulator.client(created.secret, transport);

      createdAt = await root.query(q.ToMicros(q.Now()));
      users = [];
      for (let i = 0; i < 5; i++)
        users.push(((await root.query(q.Create(q.Collection('users'), { data: { i } }))) as Doc).ref);
      await root.query(q.Create(q.Collection('products'), { data: { sku: 'p1' } }));
      payrollDoc = ((await root.query(q.Create(q.Collection('payroll'), { data: { salary: 1 } }))) as Doc).ref;
    });

    test('reads the schema it needs to check its configuration', async () => {
      assert.equal(await key.query(q.Exists(q.Collection('users'))), true);
      assert.equal(await key.query(q.Exists(q.Collection('nope'))), false);
      assert.equal(await key.query(q.Exists(q.Index('users-ts'))), true);
      const collection: { name: string; ref: Ref } = await key.query(q.Get(q.Collection('users')));
      assert.equal(collection.name, 'users');
      const index: { name: string; source: Ref; values: Array<{ field: string | string[] }> } = await key.query(
        q.Get(q.Index('users-ts')),
      );
      assert.equal(index.name, 'users-ts');
      assert.ok(sameRef(index.source, new faunadb.values.Ref('users', faunadb.values.Native.COLLECTIONS)));
      assert.deepEqual(
        index.values.map((v) => [v.field].flat()),
        [['ts'], ['ref']],
      );
      const collections: Page<Ref> = await key.query(q.Paginate(q.Collections()));
      assert.ok(collections.data.some((ref) => ref.id === 'users'));
      const indexes: Page<Ref> = await key.query(q.Paginate(q.Indexes()));
      assert.ok(indexes.data.some((ref) => ref.id === 'users-ts'));
      const definitions: Page<{ name: string } | null> = await key.query(
        q.Map(q.Paginate(q.Indexes()), q.Lambda('i', q.If(q.Exists(q.Var('i')), q.Get(q.Var('i')), null))),
      );
      assert.deepEqual(definitions.data.map((index) => index?.name).sort(), ['payroll-ts', 'products-ts', 'users-ts']);
    });

    test('runs a full refresh pinned to one snapshot, page by page', async () => {
      const snapshot: number = await key.query(q.ToMicros(q.Now()));
      await root.query(q.Create(q.Collection('users'), { data: { late: true } }));
      const docs = await everyPage<Doc>(key, (after) =>
        q.At(
          snapshot,
          q.Map(
            q.Paginate(q.Documents(q.Collection('users')), after === undefined ? { size: 2 } : { size: 2, after }),
            q.Lambda('x', q.Get(q.Var('x'))),
          ),
        ),
      );
      assert.deepEqual(
        docs.map((doc) => doc.ref.id),
        users.map((ref) => ref.id),
      );
      assert.deepEqual(
        docs.map((doc) => doc.data.i),
        [0, 1, 2, 3, 4],
      );
    });

    test('runs an incremental read over the ts index with a Range', async () => {
      const entries = await everyPage<[number, Ref]>(key, (after) =>
        q.Paginate(
          q.Range(q.Match(q.Index('users-ts')), [createdAt], []),
          after === undefined ? { size: 2 } : { size: 2, after },
        ),
      );
      const ts = entries.map(([t]) => t);
      assert.deepEqual(
        ts,
        [...ts].sort((a, b) => a - b),
      );
      for (const ref of users)
        assert.ok(
          entries.some(([, r]) => sameRef(r, ref)),
          `missing ${ref.id}`,
        );
    });

    test('reads deletions as remove events', async () => {
      const since: number = await key.query(q.ToMicros(q.Now()));
      await root.query(q.Delete(users[4]!));
      const page: Page<{ action: string; document: Ref; ts: number }> = await key.query(
        q.Paginate(q.Documents(q.Collection('users')), { events: true, after: since, size: 100 }),
      );
      const removes = page.data.filter((event) => event.action === 'remove');
      assert.equal(removes.length, 1);
      assert.ok(sameRef(removes[0]!.document, users[4]!));
      assert.ok(removes[0]!.ts > since);
    });

    test('is refused writes and collections outside its role', async () => {
      await rejectsWith(
        key.query(q.Create(q.Collection('users'), { data: {} })),
        faunadb.errors.PermissionDenied,
        DENIED,
      );
      await rejectsWith(key.query(q.Update(users[0]!, { data: { i: 9 } })), faunadb.errors.PermissionDenied, DENIED);
      await rejectsWith(key.query(q.Delete(users[0]!)), faunadb.errors.PermissionDenied, DENIED);
      await rejectsWith(key.query(q.CreateCollection({ name: 'mine' })), faunadb.errors.PermissionDenied, DENIED);
      await rejectsWith(key.query(q.Get(payrollDoc)), faunadb.errors.PermissionDenied, DENIED);
      await rejectsWith(key.query(q.Paginate(q.Match(q.Index('payroll-ts')))), faunadb.errors.PermissionDenied, DENIED);
      // Documents() of an unreadable collection is an empty page, not an error, as on the core.
      assert.deepEqual(await key.query(q.Paginate(q.Documents(q.Collection('payroll')))), { data: [] });
      const unchanged: Doc = await root.query(q.Get(users[0]!));
      assert.equal(unchanged.data.i, 0);
    });

    test('a key whose role cannot read index metadata sees no index and is refused its definition', async () => {
      await root.query(
        q.CreateRole({
          name: 'no-metadata',
          privileges: [{ resource: q.Collection('users'), actions: { read: true } }],
        }),
      );
      const { secret }: { secret: string } = await root.query(q.CreateKey({ role: q.Role('no-metadata') }));
      const narrow = emulator.client(secret, transport);
      assert.equal(await narrow.query(q.Exists(q.Index('users-ts'))), false);
      assert.equal(await narrow.query(q.Exists(q.Collection('users'))), false);
      await rejectsWith(narrow.query(q.Get(q.Index('users-ts'))), faunadb.errors.PermissionDenied, DENIED);
      const doc: Doc = await narrow.query(q.Get(users[0]!));
      assert.equal(doc.data.i, 0);
    });

    test('an unknown secret is unauthorized', async () => {
      const stranger = emulator.client('fnAnotAkey', transport);
      await rejectsWith(stranger.query(q.Now()), faunadb.errors.Unauthorized, {
        code: 'unauthorized',
        description: 'Unauthorized',
      });
    });
  });
}
