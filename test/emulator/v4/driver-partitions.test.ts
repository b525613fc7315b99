// The query shapes of partitioned reads, through the official driver, with Fauna's semantics (the
// core's `PaginateFunction.scala`): Range over Documents(C) with refs as inclusive bounds (refs to
// ids that do not exist included), the last ref from before: null, ts ranges of a [ts, ref] index,
// all under At(T) and through Map(Lambda(x, Get(x))), and pages of up to 100,000 items.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import faunadb from 'faunadb';
import { TRANSPORTS, withEmulator } from '../../helpers/emulator.js';
import { q } from '../../helpers/driver.js';
import { bearer, rawRequest } from '../../helpers/raw-http.js';

type Ref = faunadb.values.Ref;
interface Page<T> {
  data: T[];
  after?: unknown[];
  before?: unknown[];
}
interface Doc {
  ref: Ref;
  ts: number;
  data: { v: string };
}

// Skewed custom ids, created in this order, one transaction each.
const IDS = ['52', '3', '7', '10', '11', '12', '50', '51', '99', '100', '1000', '123456789012345678'];
const ids = (refs: Ref[]) => refs.map((ref) => ref.id);

for (const transport of TRANSPORTS) {
  describe(`partitioned-read query shapes over ${transport}`, () => {
    const emulator = withEmulator();
    let client: faunadb.Client;
    /** The snapshot: every id of IDS as created; after it 8 and 55 are created, 51 deleted, 10 updated. */
    let snapshot: number;
    const created = new Map<string, Doc>();
    const C = q.Collection('parts');
    const ref = (id: string) => q.Ref(C, id);
    const docs = q.Documents(C);
    const byTs = q.Match(q.Index('parts_by_ts'));

    before(async () => {
      client = emulator.client('secret', transport);
      await client.query(q.CreateCollection({ name: 'parts' }));
      await client.query(
        q.CreateIndex({ name: 'parts_by_ts', source: C, values: [{ field: 'ts' }, { field: 'ref' }] }),
      );
      for (const id of IDS) created.set(id, await client.query(q.Create(ref(id), { data: { v: `first ${id}` } })));
      snapshot = await client.query(q.ToMicros(q.Now()));
      for (const id of ['8', '55']) await client.query(q.Create(ref(id), { data: { v: `later ${id}` } }));
      await client.query(q.Delete(ref('51')));
      await client.query(q.Update(ref('10'), { data: { v: 'updated 10' } }));
    });

    test('Range(Documents(C), Ref lo, Ref hi): both bounds inclusive, absent ids as bounds, numeric id order', async () => {
      const now: Page<Ref> = await client.query(q.Paginate(q.Range(docs, ref('8'), ref('52'))));
      assert.deepEqual(ids(now.data), ['8', '10', '11', '12', '50', '52']);
      const between: Page<Ref> = await client.query(q.Paginate(q.Range(docs, [ref('9')], [ref('53')])));
      assert.deepEqual(
        ids(between.data),
        ['10', '11', '12', '50', '52'],
        'a one-ref array is the same bound as the bare ref',
      );
      const top: Page<Ref> = await client.query(q.Paginate(q.Range(docs, [ref('101')], [])));
      assert.deepEqual(ids(top.data), ['1000', '123456789012345678'], 'an empty bound is open');
      const empty: Page<Ref> = await client.query(q.Paginate(q.Range(docs, ref('13'), ref('49'))));
      assert.deepEqual(empty.data, []);
    });

    test('a Range pages with its own after cursors, without repeats or gaps, and ends without after', async () => {
      const seen: string[] = [];
      const sizes: number[] = [];
      let page: Page<Ref> = await client.query(
        q.At(snapshot, q.Paginate(q.Range(docs, ref('4'), ref('100')), { size: 2 })),
      );
      for (;;) {
        seen.push(...ids(page.data));
        sizes.push(page.data.length);
        if (page.after === undefined) break;
        page = await client.query(
          q.At(snapshot, q.Paginate(q.Range(docs, ref('4'), ref('100')), { size: 2, after: page.after })),
        );
      }
      assert.deepEqual(seen, ['7', '10', '11', '12', '50', '51', '52', '99', '100']);
      assert.deepEqual(sizes, [2, 2, 2, 2, 1]);
    });

    test('under At(T), a Range sees the collection as of T: later documents absent, later deletions present', async () => {
      const then: Page<Ref> = await client.query(q.At(snapshot, q.Paginate(q.Range(docs, ref('8'), ref('55')))));
      assert.deepEqual(ids(then.data), ['10', '11', '12', '50', '51', '52']);
    });

    test('Paginate(Documents(C), {before: null, size: 1}) gives the last ref, now and as of T', async () => {
      const last: Page<Ref> = await client.query(q.Paginate(docs, { before: null, size: 1 }));
      assert.deepEqual(ids(last.data), ['123456789012345678']);
      assert.ok(last.before !== undefined, 'more refs lie below');
      const first: Page<Ref> = await client.query(q.Paginate(docs, { size: 1 }));
      assert.deepEqual(ids(first.data), ['3']);
      await client.query(q.Create(ref('-5'), { data: { v: 'negative' } }));
      const withNegative: Page<Ref> = await client.query(q.Paginate(docs, { size: 1 }));
      assert.deepEqual(ids(withNegative.data), ['-5'], 'ids order as signed numbers');
      await client.query(q.Delete(ref('-5')));
      const lastThen: Page<Ref> = await client.query(
        q.At(snapshot, q.Paginate(q.Range(docs, [], ref('999')), { before: null, size: 1 })),
      );
      assert.deepEqual(ids(lastThen.data), ['100'], 'the last ref of a Range');
    });

    test('Map(Lambda(x, Get(x))) over a Range under At(T) gives the documents as they were at T', async () => {
      const page: Page<Doc> = await client.query(
        q.At(
          snapshot,
          q.Map(q.Paginate(q.Range(docs, ref('10'), ref('51')), { size: 3 }), q.Lambda('x', q.Get(q.Var('x')))),
        ),
      );
      assert.deepEqual(
        page.data.map((d) => [d.ref.id, d.data.v, d.ts]),
        ['10', '11', '12'].map((id) => [id, `first ${id}`, created.get(id)!.ts]),
      );
      const rest: Page<Doc> = await client.query(
        q.At(
          snapshot,
          q.Map(
            q.Paginate(q.Range(docs, ref('10'), ref('51')), { size: 3, after: page.after! }),
            q.Lambda('x', q.Get(q.Var('x'))),
          ),
        ),
      );
      assert.deepEqual(
        rest.data.map((d) => d.data.v),
        ['first 50', 'first 51'],
        'the deleted document is read as of T',
      );
      assert.equal(rest.after, undefined);
    });

    test('Range(Match(index on [ts, ref]), [ts1], [ts2]): the entries with ts1 <= ts <= ts2, as of T and now', async () => {
      const order = [...created.values()];
      const lo = order[2]!.ts;
      const hi = order[6]!.ts;
      const expected = order.slice(2, 7).map((d) => d.ref.id);
      assert.ok(expected.includes('10'), 'the range holds the document updated after T');
      const getAll = q.Lambda(['ts', 'ref'], q.Get(q.Var('ref')));
      const then: Page<Doc> = await client.query(q.At(snapshot, q.Map(q.Paginate(q.Range(byTs, [lo], [hi])), getAll)));
      assert.deepEqual(
        then.data.map((d) => d.ref.id),
        expected,
      );
      assert.deepEqual(
        then.data.map((d) => d.ts),
        order.slice(2, 7).map((d) => d.ts),
      );

      const pairs: Page<[number, Ref]> = await client.query(
        q.At(snapshot, q.Paginate(q.Range(byTs, [lo], [hi]), { size: 2 })),
      );
      assert.deepEqual(
        pairs.data.map(([ts, r]) => [ts, r.id]),
        order.slice(2, 4).map((d) => [d.ts, d.ref.id]),
      );
      assert.equal(pairs.after!.length, 3, 'a [ts, ref] cursor is [ts, ref, ref]');
      const next: Page<[number, Ref]> = await client.query(
        q.At(snapshot, q.Paginate(q.Range(byTs, [lo], [hi]), { size: 10, after: pairs.after! })),
      );
      assert.deepEqual(
        next.data.map(([, r]) => r.id),
        expected.slice(2),
      );

      const now: Page<[number, Ref]> = await client.query(q.Paginate(q.Range(byTs, [lo], [hi])));
      assert.deepEqual(
        now.data.map(([, r]) => r.id),
        expected.filter((id) => id !== '10'),
        'updated since: now at a later ts',
      );
      const later: Page<[number, Ref]> = await client.query(q.Paginate(q.Range(byTs, [snapshot + 1], [])));
      assert.deepEqual(
        later.data.map(([, r]) => r.id),
        ['8', '55', '10'],
      );
    });
  });
}

describe('pages of up to 100,000 items', () => {
  const emulator = withEmulator();
  const TOTAL = 100_003;

  test('a size above 100,000 is clamped silently; a Range page of 100,000 documents comes back whole (raw HTTP/1.1)', async () => {
    const { engine } = emulator.emulator();
    const run = (expr: unknown) => {
      const answer = engine.query({ secret: 'secret', body: JSON.stringify(expr) });
      assert.ok(answer.status < 300, answer.body.slice(0, 300));
      return answer;
    };
    run(q.CreateCollection({ name: 'big' }));
    for (let start = 0; start < TOTAL; start += 10_000) {
      const ids = Array.from({ length: Math.min(10_000, TOTAL - start) }, (_, k) => String(start + k + 1));
      run(q.Foreach(ids, q.Lambda('id', q.Create(q.Ref(q.Collection('big'), q.Var('id'))))));
    }
    // Raw HTTP and JSON.parse: the driver's reviver takes seconds over 100,000 documents.
    const query = async (expr: faunadb.Expr) => {
      const answer = await rawRequest(emulator.url(), 'http1', {
        headers: bearer('secret'),
        body: JSON.stringify(expr),
      });
      assert.equal(answer.status, 200, answer.text.slice(0, 300));
      return JSON.parse(answer.text).resource as Page<any>;
    };
    const big = q.Documents(q.Collection('big'));
    const clamped = await query(q.Paginate(big, { size: 500_000 }));
    assert.equal(clamped.data.length, 100_000);
    assert.equal((clamped.after![0] as { '@ref': { id: string } })['@ref'].id, '100001');
    const full = await query(
      q.Map(
        q.Paginate(q.Range(big, q.Ref(q.Collection('big'), '2'), []), { size: 100_000 }),
        q.Lambda('x', q.Get(q.Var('x'))),
      ),
    );
    assert.equal(full.data.length, 100_000);
    assert.equal(full.data[0].ref['@ref'].id, '2');
    assert.equal(full.data.at(-1).ref['@ref'].id, '100001');
  });
});
