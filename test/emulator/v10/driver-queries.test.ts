// `POST /query/1` through the official v10 driver over both transports: results and their
// metadata, arguments, and every error class the driver maps from the server's answers.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AbortError,
  AuthenticationError,
  ConstraintFailureError,
  DateStub,
  Document,
  DocumentReference,
  Module,
  NullDocument,
  QueryCheckError,
  QueryRuntimeError,
  QueryTimeoutError,
  TimeStub,
  fql,
  type Client,
} from 'fauna';
import { TRANSPORTS, withEmulator } from '../../helpers/emulator.js';
import { v10Clients } from './driver.js';

for (const transport of TRANSPORTS) {
  describe(`v10 queries through the fauna driver over ${transport}`, () => {
    const server = withEmulator();
    let clients: ReturnType<typeof v10Clients>;
    let client: Client;

    before(async () => {
      clients = v10Clients(server, transport);
      client = clients.client();
      await client.query(fql`Collection.create({ name: "Orders" })`);
    });
    after(() => clients.close());

    test('a result comes with its transaction time, stats and an empty summary', async () => {
      const first = await client.query<number>(fql`"taco".length`);
      assert.equal(first.data, 4);
      assert.equal(first.summary, '');
      assert.equal(first.stats?.compute_ops, 1);
      assert.deepEqual(first.stats?.rate_limits_hit, []);
      const second = await client.query(fql`Orders.create({ total: 5 })`);
      assert.ok(second.txn_ts! > first.txn_ts!, 'each query is a later transaction');
      const tagged = await client.query<string>(fql`"x"`, { query_tags: { team: 'data', job: 'sync_1' } });
      assert.deepEqual(tagged.query_tags, { team: 'data', job: 'sync_1' });
    });

    test('interpolated values and `arguments` arrive with their types', async () => {
      const long = 2n ** 60n;
      const values = {
        int: 7,
        long,
        double: 2.5,
        text: 'é"\\',
        nothing: null,
        yes: true,
        list: [1, 'a'],
        '@odd': { nested: 1 },
        time: TimeStub.from('2024-10-01T12:00:00.123456Z'),
        date: DateStub.from('2024-01-31'),
        bytes: new Uint8Array([0, 1, 254, 255]),
      };
      const echoed = await client.query<typeof values>(fql`${values}`, { long_type: 'bigint' });
      // An @int is always a number; only @long follows long_type.
      assert.deepEqual(echoed.data, values);
      const sum = await client.query<bigint>(fql`${long} + ${long}`, { long_type: 'bigint' });
      assert.equal(sum.data, long * 2n);
      const args = await client.query<number>(fql`x.length + y`, { arguments: { x: 'four', y: 10 } });
      assert.equal(args.data, 14);
      const types = await client.query<{ m: Module; d: Document; missing: NullDocument }>(
        fql`{ m: Orders, d: Orders.create({ n: 1 }), missing: Orders.byId("1") }`,
      );
      assert.ok(types.data.m instanceof Module && types.data.m.name === 'Orders');
      assert.ok(types.data.d instanceof Document && (types.data.d as Document & { n: number }).n === 1);
      assert.ok(types.data.missing instanceof NullDocument && types.data.missing.cause === 'not found');
    });

    test('a query that does not parse is a QueryCheckError whose summary points at the text', async () => {
      const error = await client.query(fql`Orders.all(`).then(
        () => assert.fail('parsed'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof QueryCheckError, String(error));
      assert.equal(error.httpStatus, 400);
      assert.equal(error.code, 'invalid_query');
      assert.match(error.queryInfo?.summary ?? '', /^error: .+\nat \*query\*:1:\d+\n/);
    });

    test('runtime failures: QueryRuntimeError, AbortError with its value, ConstraintFailureError', async () => {
      // Untypechecked, as fauna-js's own test sends it: typechecked, the core refuses it before it runs.
      const runtime = await client.query(fql`2 + "2"`, { typecheck: false }).then(
        () => assert.fail('added'),
        (e: unknown) => e,
      );
      assert.ok(runtime instanceof QueryRuntimeError, String(runtime));
      assert.equal(runtime.code, 'invalid_argument');
      assert.match(runtime.queryInfo?.summary ?? '', /\n1 \| 2 \+ "2"\n  \| \^+/);
      const aborted = await client.query(fql`abort({ reason: "stop", at: 3 })`).then(
        () => assert.fail('ran'),
        (e: unknown) => e,
      );
      assert.ok(aborted instanceof AbortError, String(aborted));
      assert.deepEqual(aborted.abort, { reason: 'stop', at: 3 });
      const duplicate = await client.query(fql`Collection.create({ name: "Orders" })`).then(
        () => assert.fail('created'),
        (e: unknown) => e,
      );
      assert.ok(duplicate instanceof ConstraintFailureError, String(duplicate));
      assert.equal(duplicate.code, 'constraint_failure');
      assert.ok((duplicate.constraint_failures?.length ?? 0) > 0);
    });

    test('a range without `from` or `to` is refused as the core refuses it', async () => {
      const message =
        'invalid argument `range`: should be an object contining `{ from }`, `{ to }`, or `{ from, to }` fields';
      for (const query of [fql`Orders.all({})`, fql`Orders.all(5)`, fql`Collection("Orders").all({ after: 1 })`]) {
        const refused = await client.query(query).then(
          () => assert.fail('answered'),
          (e: unknown) => e,
        );
        assert.ok(refused instanceof QueryRuntimeError, String(refused));
        assert.equal(refused.httpStatus, 400);
        assert.equal(refused.code, 'invalid_argument');
        assert.equal(refused.message, message);
      }
      const some = await client.query<number>(fql`Orders.all({ from: Orders.all().first() }).count()`);
      assert.ok(some.data > 0);
    });

    test('a deleted document read later is a null document "not found", a bare ref inside another; `.delete()` says "deleted"', async () => {
      const { data: ids } = await client.query<{ gone: string; keeper: string }>(fql`
        let gone = Orders.create({ n: 1 })
        { gone: gone.id, keeper: Orders.create({ other: gone }).id }`);
      const deleted = await client.query<NullDocument>(fql`Orders.byId(${ids.gone})!.delete()`);
      assert.ok(deleted.data instanceof NullDocument && deleted.data.cause === 'deleted');
      const later = await client.query<{ gone: NullDocument; keeper: Document & { other: DocumentReference } }>(
        fql`{ gone: Orders.byId(${ids.gone}), keeper: Orders.byId(${ids.keeper}) }`,
      );
      assert.ok(later.data.gone instanceof NullDocument && later.data.gone.cause === 'not found');
      // Inside a document the core does not look the ref up, as the core answers: no null document.
      const other = later.data.keeper.other;
      assert.ok(other instanceof DocumentReference && !(other instanceof Document), String(other));
      assert.equal(other.id, ids.gone);
    });

    test('a failed query writes nothing', async () => {
      const before = await client.query<number>(fql`Orders.all().count()`);
      await client.query(fql`Orders.create({ doomed: true }); abort("no")`).catch(() => undefined);
      const after = await client.query<number>(fql`Orders.all().count()`);
      assert.equal(after.data, before.data);
    });

    test('an unknown secret is an AuthenticationError (401)', async () => {
      const error = await clients
        .client('nope')
        .query(fql`1`)
        .then(
          () => assert.fail('answered'),
          (e: unknown) => e,
        );
      assert.ok(error instanceof AuthenticationError, String(error));
      assert.equal(error.httpStatus, 401);
      assert.equal(error.code, 'unauthorized');
    });

    test('a query over its time budget is a QueryTimeoutError (440), and its writes are undone', async () => {
      const hurried = clients.client('secret', { query_timeout_ms: 1 });
      const error = await hurried.query(fql`Orders.create({ late: true })`).then(
        () => assert.fail('answered'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof QueryTimeoutError, String(error));
      assert.equal(error.httpStatus, 440);
      assert.equal(error.code, 'time_out');
      const late = await client.query<number>(fql`Orders.where(.late == true).count()`);
      assert.equal(late.data, 0);
      // A runaway scan ends at its deadline too, and the server serves the next query.
      const runaway = await clients
        .client('secret', { query_timeout_ms: 300 })
        .query(fql`Set.sequence(0, 1000000000).count()`)
        .then(
          () => assert.fail('counted'),
          (e: unknown) => e,
        );
      assert.ok(runaway instanceof QueryTimeoutError, String(runaway));
      assert.equal((await client.query<number>(fql`1 + 1`)).data, 2);
    });
  });
}
