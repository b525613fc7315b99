// Typechecking through the official v10 driver, as the core answers: `static_type` on typechecked
// queries (the database's `typechecked` setting, true by default, or the driver's `typecheck`
// option), `data` refused on collections whose documents have no such field, and values with no
// stored form refused as `invalid_type`.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { QueryCheckError, QueryRuntimeError, fql, type Client, type Query } from 'fauna';
import { withEmulator } from '../../helpers/emulator.js';
import { v10Clients } from './driver.js';

describe('v10 typechecking through the fauna driver', () => {
  const server = withEmulator();
  let clients: ReturnType<typeof v10Clients>;
  let client: Client;

  before(async () => {
    clients = v10Clients(server, 'http2');
    client = clients.client();
    await client.query(fql`Collection.create({ name: "Orders" })`);
    await client.query(fql`Orders.create({ id: "1", total: 5 })`);
    await client.query(fql`Database.create({ name: "loose", typechecked: false })`);
    await client.query(fql`Database.create({ name: "inner" })`, { typecheck: false });
  });
  after(() => clients.close());

  const staticType = async (q: Query) => (await client.query(q)).static_type;

  test('the static type of the result, as the core prints it', async () => {
    assert.equal(await staticType(fql`"foo".concat("bar")`), 'String');
    assert.equal(await staticType(fql`"abc"`), '"abc"');
    assert.equal(await staticType(fql`[1 + 1, 2 + 1, 3 + 1]`), '[Number, Number, Number]');
    assert.equal(await staticType(fql`2 < 3`), 'Boolean');
    assert.equal(await staticType(fql`({ foo: 1, bar: 2 }) { foo }`), '{ foo: 1 }');
    assert.equal(await staticType(fql`let a = { a: "foo" }; a`), '{ a: "foo" }');
    assert.equal(await staticType(fql`Orders`), 'OrdersCollection');
    assert.equal(await staticType(fql`Orders.all()`), 'Set<Orders>');
    assert.equal(await staticType(fql`Orders.all() { id }`), 'Set<{ id: ID }>');
    assert.equal(await staticType(fql`Orders.all().first()`), 'Orders | Null');
    assert.equal(await staticType(fql`Orders.all().first()?.id`), 'ID | Null');
    assert.equal(await staticType(fql`Orders.byId("1")`), 'Ref<Orders>');
    assert.equal(await staticType(fql`Orders.byId("1")!.total`), 'Any');
    assert.equal(await staticType(fql`[1, 2, 3].map(x => x + 1)`), 'Array<Number>');
    assert.equal(await staticType(fql`Time.now()`), 'Time');
    assert.equal(await staticType(fql`Orders.all().paginate(1)`), '{ data: Array<Orders>, after: String | Null }');
    // Values sent with the query: numbers and strings as singletons, booleans as Boolean.
    assert.equal(await staticType(fql`[${7}, ${'x'}, ${true}]`), '[7, "x", Boolean]');
  });

  test('typecheck: false sends no static_type', async () => {
    const res = await client.query(fql`"foo".concat("bar")`, { typecheck: false });
    assert.equal(res.data, 'foobar');
    assert.equal(res.static_type, undefined);
  });

  test('data on a collection without it is "not a subtype of Null", and nothing is written', async () => {
    const refused = async (q: Query, summary: string) => {
      const err = await client.query(q).then(
        () => assert.fail('typechecked'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof QueryCheckError, String(err));
      assert.equal(err.code, 'invalid_query');
      assert.equal(err.message, 'The query failed 1 validation check');
      assert.equal(err.queryInfo?.summary, summary);
    };
    await refused(
      fql`Orders.create({ data: { a: 0, b: 1 } })`,
      [
        'error: Type `{ a: 0, b: 1 }` is not a subtype of `Null`',
        'at *query*:1:23',
        '  |',
        '1 | Orders.create({ data: { a: 0, b: 1 } })',
        '  |                       ^^^^^^^^^^^^^^',
        '  |',
      ].join('\n'),
    );
    await refused(
      fql`Orders.byId("1")!.update({ data: { a: 0 } })`,
      [
        'error: Type `{ a: 0 }` is not a subtype of `Null`',
        'at *query*:1:34',
        '  |',
        '1 | Orders.byId("1")!.update({ data: { a: 0 } })',
        '  |                                  ^^^^^^^^',
        '  |',
      ].join('\n'),
    );
    await refused(
      fql`let d = ["x"]; Orders.byId("1")!.replace({ data: d })`,
      [
        'error: Type `["x"]` is not a subtype of `Null`',
        'at *query*:1:50',
        '  |',
        '1 | let d = ["x"]; Orders.byId("1")!.replace({ data: d })',
        '  |                                                  ^',
        '  |',
      ].join('\n'),
    );
    await refused(
      fql`2 + "a"`,
      [
        'error: Type `String` is not a subtype of `Number`',
        'at *query*:1:5',
        '  |',
        '1 | 2 + "a"',
        '  |     ^^^',
        '  |',
      ].join('\n'),
    );
    assert.equal((await client.query(fql`Orders.all().count()`)).data, 1);
    // `data: null` is a Null, and an untypechecked query writes data's fields.
    await client.query(fql`Orders.create({ id: "2", data: null })`);
    const loose = await client.query(fql`Orders.create({ id: "3", data: { a: 0 } }).a`, { typecheck: false });
    assert.equal(loose.data, 0);
  });

  test("a database's typechecked setting decides for it and its children; the driver's option wins", async () => {
    const loose = clients.client('secret:loose:admin');
    await loose.query(fql`Collection.create({ name: "Things" })`);
    const res = await loose.query(fql`Things.create({ data: { a: 1 } }).a`);
    assert.equal(res.data, 1);
    assert.equal(res.static_type, undefined);
    await loose.query(fql`Database.create({ name: "child" })`);
    const child = clients.client('secret:loose/child:admin');
    assert.equal((await child.query(fql`1 + 1`)).static_type, undefined);
    assert.equal((await child.query(fql`1 + 1`, { typecheck: true })).static_type, 'Number');
    // Unset, as the database made with typecheck: false: typechecked.
    const inner = clients.client('secret:inner:admin');
    assert.equal((await inner.query(fql`1 + 1`)).static_type, 'Number');
    const settings = await client.query(fql`Database.byName("loose")!.typechecked`);
    assert.equal(settings.data, false);
  });

  test('a Set, a collection or a function cannot be persisted: invalid_type with the path', async () => {
    const cases: [Query, string][] = [
      [fql`Orders.create({ s: Orders.all() })`, 'Value at `s` has type Set<Any>, which cannot be persisted.'],
      [
        fql`Orders.create({ a: [1, { c: Orders }] })`,
        'Value at `a[1].c` has type OrdersCollection, which cannot be persisted.',
      ],
      [fql`Orders.create({ f: x => x })`, 'Anonymous functions cannot be stored. Use a string of FQL instead.'],
    ];
    for (const [q, message] of cases) {
      const err = await client.query(q).then(
        () => assert.fail('persisted'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof QueryRuntimeError, String(err));
      assert.equal(err.code, 'invalid_type');
      assert.equal(err.message, message);
    }
  });
});
