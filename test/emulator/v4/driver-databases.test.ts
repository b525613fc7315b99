import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import faunadb from 'faunadb';
import { TRANSPORTS, withEmulator } from '../../helpers/emulator.js';
import { q, rejectsWith } from '../../helpers/driver.js';

type Ref = faunadb.values.Ref;
interface Page<T> {
  data: T[];
}

for (const transport of TRANSPORTS) {
  describe(`child databases and scoped keys over ${transport}`, () => {
    const emulator = withEmulator();
    let root: faunadb.Client;
    let childAdmin: faunadb.Client;

    before(async () => {
      root = emulator.client('secret', transport);
      await root.query(q.CreateDatabase({ name: 'child' }));
      const { secret }: { secret: string } = await root.query(
        q.CreateKey({ database: q.Database('child'), role: 'admin' }),
      );
      childAdmin = emulator.client(secret, transport);
      await childAdmin.query(q.CreateCollection({ name: 'inner' }));
      await childAdmin.query(q.Create(q.Collection('inner'), { data: { where: 'child' } }));
    });

    test('a key made for a child database works inside it only', async () => {
      const inside: Page<Ref> = await childAdmin.query(q.Paginate(q.Collections()));
      assert.deepEqual(
        inside.data.map((ref) => ref.id),
        ['inner'],
      );
      const atRoot: Page<Ref> = await root.query(q.Paginate(q.Collections()));
      assert.ok(!atRoot.data.some((ref) => ref.id === 'inner'));
      assert.equal(await root.query(q.Exists(q.Collection('inner'))), false);
      assert.equal(await root.query(q.Exists(q.Collection('inner', q.Database('child')))), true);
    });

    test('the root secret scoped with :db:role acts inside the child', async () => {
      const scoped = emulator.client('secret:child:admin', transport);
      const docs: Page<{ data: { where: string } }> = await scoped.query(
        q.Map(q.Paginate(q.Documents(q.Collection('inner'))), q.Lambda('x', q.Get(q.Var('x')))),
      );
      assert.deepEqual(
        docs.data.map((doc) => doc.data.where),
        ['child'],
      );
      const readonly = emulator.client('secret:child:server-readonly', transport);
      await rejectsWith(readonly.query(q.CreateCollection({ name: 'more' })), faunadb.errors.PermissionDenied, {
        code: 'permission denied',
      });
    });

    test('a database that already exists, and refs seen from the parent', async () => {
      await rejectsWith(root.query(q.CreateDatabase({ name: 'child' })), faunadb.errors.BadRequest, {
        code: 'instance already exists',
        description: 'Database already exists.',
      });
      const ref: Ref = await root.query(q.Collection('inner', q.Database('child')));
      assert.equal(ref.id, 'inner');
      assert.equal(ref.database?.id, 'child');
    });
  });
}
