// The everyday set and value functions through the official v10 driver, with the answers and
// error texts of the core (`runtime/fql2/` of `fauna/faunadb`): `order`, `distinct`, `concat`,
// `reverse`, projections, `isa`, `**`, the bitwise operators and string matching.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { QueryCheckError, QueryRuntimeError, fql, type Client, type Query, type QueryValue } from 'fauna';
import { withEmulator } from '../../helpers/emulator.js';
import { v10Clients } from './driver.js';

describe('v10 set and value functions through the fauna driver', () => {
  const server = withEmulator();
  let clients: ReturnType<typeof v10Clients>;
  let client: Client;

  const data = async <T extends QueryValue>(q: Query): Promise<T> => (await client.query<T>(q)).data;

  /** The error a query fails with: its code and message. */
  async function failure(q: Query): Promise<{ code: string; message: string }> {
    try {
      await client.query(q);
    } catch (err) {
      assert.ok(err instanceof QueryRuntimeError || err instanceof QueryCheckError, String(err));
      return { code: err.code, message: err.message };
    }
    assert.fail('the query succeeded');
  }

  before(async () => {
    clients = v10Clients(server, 'http1');
    client = clients.client();
    await client.query(fql`Collection.create({ name: "Products" })`);
    await client.query(fql`[["b", 3], ["a", 1], ["b", 1], ["c", 2], ["a", 5]].forEach(x =>
      Products.create({ cat: x[0], price: x[1], name: x[0] + x[1].toString(), tags: { top: x[1] > 2, n: x[1] } }))`);
  });
  after(() => clients.close());

  describe('order', () => {
    test('values of mixed types: numbers, strings, arrays, objects, booleans, null last', async () => {
      assert.deepEqual(await data(fql`[3, "a", null, 1.5, true, [1], { a: 1 }, 2].order()`), [
        1.5,
        2,
        3,
        'a',
        [1],
        { a: 1 },
        true,
        null,
      ]);
    });

    test('several keys, asc and desc, ties in their order; reverse flips every key', async () => {
      const names = fql`Products.all().order(.cat, desc(.price)).map(.name)`;
      assert.deepEqual((await data<{ data: string[] }>(names)).data, ['a5', 'a1', 'b3', 'b1', 'c2']);
      const byPrice = fql`Products.all().order(asc(.price)).map(.name).toArray()`;
      assert.deepEqual(await data(byPrice), ['a1', 'b1', 'c2', 'b3', 'a5']);
      const reversed = fql`Products.all().order(asc(.price)).reverse().map(.name).toArray()`;
      assert.deepEqual(await data(reversed), ['a5', 'b3', 'c2', 'a1', 'b1']);
      assert.deepEqual(await data(fql`[1, 3, 2].order(desc(x => x))`), [3, 2, 1]);
      assert.deepEqual(await failure(fql`Products.all().order(.price).eventSource()`), {
        code: 'invalid_receiver',
        message: "can't call `eventSource` because streaming is not supported on sets returned from `.order()`.",
      });
    });

    test('an ordered set pages with cursors', async () => {
      const pages: string[][] = [];
      for await (const page of client.paginate<string>(fql`Products.all().order(desc(.name)).pageSize(2).map(.name)`))
        pages.push(page);
      assert.deepEqual(pages, [['c2', 'b3'], ['b1', 'a5'], ['a1']]);
    });

    test("an ordering that is not a one-parameter function fails with the core's text", async () => {
      assert.deepEqual(await failure(fql`[1].order(5)`), {
        code: 'invalid_argument',
        message: 'expected value for `ordering0` of type Function, received Int',
      });
      assert.deepEqual(await failure(fql`[1].order(.a, (a, b) => a)`), {
        code: 'invalid_argument',
        message: '`ordering1` should accept 1 parameter, provided function requires exactly 2 parameters.',
      });
    });
  });

  describe('distinct, concat and reverse', () => {
    test('a distinct set is sorted; a distinct array keeps its first occurrences in order', async () => {
      assert.deepEqual(await data(fql`Products.all().map(.cat).distinct().toArray()`), ['a', 'b', 'c']);
      assert.deepEqual(await data(fql`[3, 1, 3, 2, 1].distinct()`), [3, 1, 2]);
    });

    test('concat pages through the first set, then the other; reverse swaps and reverses both', async () => {
      const both = fql`Products.where(.price > 2).concat(Products.where(.price < 2)).map(.name)`;
      assert.deepEqual((await data<{ data: string[] }>(both)).data, ['b3', 'a5', 'a1', 'b1']);
      const pages: number[][] = [];
      for await (const page of client.paginate<number>(
        fql`Set.sequence(0, 3).concat([7, 8].toSet()).reverse().pageSize(2)`,
      ))
        pages.push(page);
      assert.deepEqual(pages, [[8, 7], [2, 1], [0]]);
      assert.deepEqual(await failure(fql`Products.all().distinct().eventSource()`), {
        code: 'invalid_receiver',
        message: "can't call `eventSource` because streaming is not supported on distinct sets.",
      });
      assert.deepEqual(await failure(fql`Set.sequence(0, 1).concat([1])`), {
        code: 'invalid_argument',
        message: 'expected value for `other` of type Set<Any>, received Array<Any>',
      });
    });
  });

  describe('projections', () => {
    test('a document, an object, an array and a set project their named fields, nested too', async () => {
      const doc = fql`Products.all().order(.name).first() { name, tags { n }, double: .price * 2 }`;
      assert.deepEqual(await data(doc), { name: 'a1', tags: { n: 1 }, double: 2 });
      assert.deepEqual(await data(fql`[{ a: 1, b: 2 }, { a: 3, b: 4 }] { a, s: .a + .b }`), [
        { a: 1, s: 3 },
        { a: 3, s: 7 },
      ]);
      const set = fql`Products.where(.cat == "c") { name, cat }`;
      assert.deepEqual((await data<{ data: QueryValue[] }>(set)).data, [{ name: 'c2', cat: 'c' }]);
    });

    test('a null document and null project to null', async () => {
      assert.equal(await data(fql`Products.byId("1") { name }`), null);
      assert.equal(await data(fql`null { name }`), null);
    });
  });

  describe('isa', () => {
    test('type modules hold their values, a collection its documents', async () => {
      const checks = fql`[
        "x" isa String, 5 isa Int, 5 isa Number, 5.5 isa Double, 5 isa Double, [] isa Array,
        {} isa Object, null isa Null, Products.all() isa Set, Products.all().first() isa Products,
        "x" isa Products
      ]`;
      assert.deepEqual(await data(checks), [true, true, true, true, false, true, true, true, true, true, false]);
    });

    test("a right side that is not a module fails with the core's text", async () => {
      assert.deepEqual(await failure(fql`5 isa 3`), {
        code: 'invalid_argument',
        message: 'invalid argument `type_object`: expected a module object',
      });
    });
  });

  describe('** and the bitwise operators', () => {
    test('** groups to the right, stays exact while it fits a Long and is a Double past it', async () => {
      assert.deepEqual(
        await data(fql`[2 ** 10, 2 ** 3 ** 2, 1 + 2 * 3 ** 2, 2 ** -1, (-1) ** 3, 2.5 ** 2]`),
        [1024, 512, 19, 0.5, -1, 6.25],
      );
      assert.equal(await data(fql`(2 ** 62).toString()`), String(2n ** 62n));
      assert.equal(await data(fql`2 ** 64`), 2 ** 64);
    });

    test('& | ^ ~ work on 64-bit integers, a Double truncated', async () => {
      assert.deepEqual(await data(fql`[6 & 3, 6 | 3, 6 ^ 3, ~5, ~2.7, 1 | 2 ^ 3 & 4]`), [2, 7, 5, -6, -3, 3]);
    });

    test("operands that are not numbers fail with the core's texts", async () => {
      assert.deepEqual(await failure(fql`"a" ** 2`), {
        code: 'invalid_function_invocation',
        message: 'The function `**` does not exist on `String`',
      });
      assert.deepEqual(await failure(fql`2 & "x"`), {
        code: 'invalid_argument',
        message: 'expected value for `other` of type Number, received String',
      });
    });
  });

  describe('matching strings', () => {
    test('matches and matchIndexes find every match, indexes in code points', async () => {
      assert.deepEqual(await data(fql`"a1b22".matches("[0-9]+")`), ['1', '22']);
      assert.deepEqual(await data(fql`"éa1b22".matchIndexes("[0-9]+")`), [
        [2, '1'],
        [4, '22'],
      ]);
      const bad = await failure(fql`"x".matches("(")`);
      assert.equal(bad.code, 'invalid_regex');
    });

    test('a match expression is refused as the core refuses it', async () => {
      assert.deepEqual(await failure(fql`match "a" { case "a" => 1 }`), {
        code: 'invalid_query',
        message: 'match expr not supported',
      });
    });
  });
});
