import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import faunadb from 'faunadb';
import { TRANSPORTS, withEmulator } from '../../helpers/emulator.js';
import { q, rejectsWith } from '../../helpers/driver.js';

const { BadRequest, NotFound, PermissionDenied, Unauthorized } = faunadb.errors;

for (const transport of TRANSPORTS) {
  describe(`Fauna's errors through the driver over ${transport}`, () => {
    const emulator = withEmulator();
    let client: faunadb.Client;
    let doc: faunadb.values.Ref;

    before(async () => {
      client = emulator.client('secret', transport);
      await client.query(q.CreateCollection({ name: 'c' }));
      doc = ((await client.query(q.Create(q.Collection('c'), { data: { a: 1 } }))) as { ref: faunadb.values.Ref }).ref;
    });

    test('invalid expression: unknown forms and unbound variables', async () => {
      await rejectsWith(client.query(new faunadb.Expr({ no_such_function: 1 })), BadRequest, {
        code: 'invalid expression',
        description: /^No form\/function found/,
      });
      await rejectsWith(client.query(q.Var('x')), BadRequest, {
        code: 'invalid expression',
        description: "Variable 'x' is not defined.",
      });
    });

    test('invalid argument: a Set where an array or page is expected, a bad cursor object', async () => {
      await rejectsWith(client.query(q.Map(q.Documents(q.Collection('c')), q.Lambda('x', q.Var('x')))), BadRequest, {
        code: 'invalid argument',
        description: 'Array or Page expected, Set provided.',
      });
      await rejectsWith(
        client.query(q.Paginate(q.Documents(q.Collection('c')), { cursor: { sideways: 1 } })),
        BadRequest,
        {
          code: 'invalid argument',
          description: /^Invalid cursor object/,
        },
      );
    });

    test('invalid ref: a collection or index that does not exist', async () => {
      await rejectsWith(client.query(q.Get(q.Index('missing'))), BadRequest, {
        code: 'invalid ref',
        description: "Ref refers to undefined index 'missing'",
      });
      await rejectsWith(client.query(q.Paginate(q.Documents(q.Collection('nope')))), BadRequest, {
        code: 'invalid ref',
        description: "Ref refers to undefined collection 'nope'",
      });
    });

    test('transaction aborted, and its writes discarded', async () => {
      await rejectsWith(
        client.query(q.Do(q.Create(q.Collection('c'), { data: { aborted: true } }), q.Abort('stop here'))),
        BadRequest,
        {
          code: 'transaction aborted',
          description: 'stop here',
        },
      );
      const page: { data: unknown[] } = await client.query(q.Paginate(q.Documents(q.Collection('c'))));
      assert.equal(page.data.length, 1);
    });

    test('instance already exists', async () => {
      await rejectsWith(client.query(q.CreateCollection({ name: 'c' })), BadRequest, {
        code: 'instance already exists',
        description: 'Collection already exists.',
      });
      await rejectsWith(client.query(q.Create(doc, { data: {} })), BadRequest, {
        code: 'instance already exists',
        description: 'Document already exists.',
      });
    });

    test('writes under At are refused', async () => {
      const now: number = await client.query(q.ToMicros(q.Now()));
      await rejectsWith(client.query(q.At(now, q.Create(q.Collection('c'), { data: {} }))), BadRequest, {
        code: 'invalid write time',
      });
    });

    test('reads older than the retained history are refused', async () => {
      // history_days defaults to 0: only the core's 15 minutes of grace are kept.
      const now: number = await client.query(q.ToMicros(q.Now()));
      await rejectsWith(client.query(q.At(now - 16 * 60e6, q.Paginate(q.Documents(q.Collection('c'))))), BadRequest, {
        code: 'bad request',
        description:
          /^Requested timestamp \d{4}-\d\d-\d\dT\S+Z less than minimum allowed timestamp \d{4}-\d\d-\d\dT\S+Z\.$/,
      });
    });

    test('not found: instance not found and value not found', async () => {
      await rejectsWith(client.query(q.Get(q.Ref(q.Collection('c'), '123'))), NotFound, {
        code: 'instance not found',
        description: 'Document not found.',
      });
      await rejectsWith(client.query(q.Select(['data', 'b'], q.Get(doc))), NotFound, {
        code: 'value not found',
        description: /^Value not found at path \[data,\s?b\]\.$/,
      });
      assert.equal(await client.query(q.Select(['data', 'b'], q.Get(doc), 'fallback')), 'fallback');
    });

    test('permission denied for a server-readonly key writing; unauthorized for no key', async () => {
      const { secret }: { secret: string } = await client.query(q.CreateKey({ role: 'server-readonly' }));
      const readonly = emulator.client(secret, transport);
      const read: { data: { a: number } } = await readonly.query(q.Get(doc));
      assert.equal(read.data.a, 1);
      await rejectsWith(readonly.query(q.Create(q.Collection('c'), { data: {} })), PermissionDenied, {
        code: 'permission denied',
        description: 'Insufficient privileges to perform the action.',
      });
      await rejectsWith(emulator.client('wrong', transport).query(q.Now()), Unauthorized, {
        code: 'unauthorized',
        description: 'Unauthorized',
      });
    });

    test('errors carry the position of the failing expression', async () => {
      const error = await client
        .query(q.Select('a', { a: q.Abort('deep') }))
        .catch((e: faunadb.errors.FaunaHTTPError) => e);
      assert.ok(error instanceof BadRequest);
      assert.deepEqual(error.requestResult.responseContent.errors[0]?.position, ['from', 'object', 'a']);
    });
  });
}
