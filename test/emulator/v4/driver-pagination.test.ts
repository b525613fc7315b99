import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import faunadb from 'faunadb';
import { TRANSPORTS, withEmulator } from '../../helpers/emulator.js';
import { q, rejectsWith, sameRef } from '../../helpers/driver.js';

type Ref = faunadb.values.Ref;
interface Page<T> {
  data: T[];
  after?: unknown[];
  before?: unknown[];
}
interface Doc {
  ref: Ref;
  ts: number;
  data: { i: number };
}
interface Event {
  ts: number;
  action: string;
  document: Ref;
  data?: unknown;
}

const COUNT = 25;
const byId = (a: Ref, b: Ref) => (BigInt(a.id) < BigInt(b.id) ? -1 : BigInt(a.id) > BigInt(b.id) ? 1 : 0);

for (const transport of TRANSPORTS) {
  describe(`pagination, ordering, Range, events and At over ${transport}`, () => {
    const emulator = withEmulator();
    let client: faunadb.Client;
    let docs: Doc[];
    let midway: number;
    const things = q.Documents(q.Collection('things'));
    const byI = q.Match(q.Index('things_by_i'));

    before(async () => {
      client = emulator.client('secret', transport);
      await client.query(q.CreateCollection({ name: 'things', history_days: 30 }));
      await client.query(
        q.CreateIndex({
          name: 'things_by_i',
          source: q.Collection('things'),
          values: [{ field: ['data', 'i'] }, { field: 'ref' }],
        }),
      );
      docs = [];
      // Created with i descending so that neither order of the sets is creation order by accident.
      for (let i = COUNT - 1; i >= 0; i--) {
        docs.push(await client.query(q.Create(q.Collection('things'), { data: { i } })));
        if (i === 15) midway = await client.query(q.ToMicros(q.Now()));
      }
    });

    test('Documents() pages forward with after cursors, in ascending numeric id order', async () => {
      const seen: Ref[] = [];
      const pages: Array<Page<Ref>> = [];
      let page: Page<Ref> = await client.query(q.Paginate(things, { size: 10 }));
      for (;;) {
        pages.push(page);
        seen.push(...page.data);
        if (page.after === undefined) break;
        page = await client.query(q.Paginate(things, { size: 10, after: page.after }));
      }
      assert.deepEqual(
        pages.map((p) => p.data.length),
        [10, 10, 5],
      );
      assert.equal(pages[0]!.before, undefined);
      assert.equal(pages[0]!.after!.length, 1, 'a Documents cursor is [ref]');
      assert.ok(sameRef(pages[0]!.after![0] as Ref, pages[1]!.data[0]!), 'after is the first item of the next page');
      assert.deepEqual(pages[1]!.before, pages[0]!.after, 'the cursor given comes back as before');
      assert.deepEqual(
        seen.map((r) => r.id),
        docs
          .map((d) => d.ref)
          .sort(byId)
          .map((r) => r.id),
      );
    });

    test('pages backward from before: null with before cursors, each page ascending', async () => {
      const seen: Ref[][] = [];
      let page: Page<Ref> = await client.query(q.Paginate(things, { size: 10, before: null }));
      for (;;) {
        seen.push(page.data);
        if (page.before === undefined) break;
        page = await client.query(q.Paginate(things, { size: 10, before: page.before }));
      }
      assert.deepEqual(
        seen.map((p) => p.length),
        [10, 10, 5],
      );
      const all = seen.reverse().flat();
      assert.deepEqual(
        all.map((r) => r.id),
        docs
          .map((d) => d.ref)
          .sort(byId)
          .map((r) => r.id),
      );
    });

    test('an index with values orders by value then ref, with [value, ref, ref] cursors', async () => {
      const first: Page<[number, Ref]> = await client.query(q.Paginate(byI, { size: 10 }));
      assert.deepEqual(
        first.data.map(([i]) => i),
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
      );
      const [value, valueRef, docRef] = first.after as [number, Ref, Ref];
      assert.equal(value, 10);
      assert.ok(sameRef(valueRef, docRef));
      const second: Page<[number, Ref]> = await client.query(q.Paginate(byI, { size: 10, after: first.after }));
      assert.deepEqual(
        second.data.map(([i]) => i),
        [10, 11, 12, 13, 14, 15, 16, 17, 18, 19],
      );
    });

    test('after is inclusive and before exclusive, also as value prefixes', async () => {
      const after: Page<[number, Ref]> = await client.query(q.Paginate(byI, { size: 3, after: [5] }));
      assert.deepEqual(
        after.data.map(([i]) => i),
        [5, 6, 7],
      );
      const beforePage: Page<[number, Ref]> = await client.query(q.Paginate(byI, { size: 3, before: [5] }));
      assert.deepEqual(
        beforePage.data.map(([i]) => i),
        [2, 3, 4],
      );
      assert.deepEqual(beforePage.after, [5]);
    });

    test('Range bounds are inclusive; an empty bound is open', async () => {
      const closed: Page<[number, Ref]> = await client.query(q.Paginate(q.Range(byI, [3], [7])));
      assert.deepEqual(
        closed.data.map(([i]) => i),
        [3, 4, 5, 6, 7],
      );
      const open: Page<[number, Ref]> = await client.query(q.Paginate(q.Range(byI, [20], [])));
      assert.deepEqual(
        open.data.map(([i]) => i),
        [20, 21, 22, 23, 24],
      );
      await rejectsWith(client.query(q.Paginate(q.Range(byI, [3], [7]), { events: true })), faunadb.errors.BadRequest, {
        code: 'invalid argument',
        description: 'Set does not support events history.',
      });
    });

    test('At and ts read earlier snapshots of sets and documents', async () => {
      const then: Page<Ref> = await client.query(q.At(midway, q.Paginate(things, { size: 100 })));
      assert.equal(then.data.length, COUNT - 15);
      const viaTs: Page<Ref> = await client.query(q.Paginate(things, { size: 100, ts: midway }));
      assert.equal(viaTs.data.length, COUNT - 15);
      const target = docs[0]!;
      await client.query(q.Update(target.ref, { data: { i: 100 } }));
      const old: Doc = await client.query(q.At(target.ts, q.Get(target.ref)));
      assert.equal(old.data.i, COUNT - 1);
      const oldByTs: Doc = await client.query(q.Get(target.ref, target.ts));
      assert.equal(oldByTs.data.i, COUNT - 1);
      await client.query(q.Update(target.ref, { data: { i: COUNT - 1 } }));
    });

    test('set events add and remove; document events create, update and delete', async () => {
      const since: number = await client.query(q.ToMicros(q.Now()));
      const doc: Doc = await client.query(q.Create(q.Collection('things'), { data: { i: 1000 } }));
      await client.query(q.Update(doc.ref, { data: { extra: true } }));
      await client.query(q.Delete(doc.ref));

      const setEvents: Page<Event> = await client.query(q.Paginate(things, { events: true, after: since, size: 100 }));
      const mine = setEvents.data.filter((e) => sameRef(e.document, doc.ref));
      assert.deepEqual(
        mine.map((e) => e.action),
        ['add', 'remove'],
        'updates do not change Documents()',
      );
      assert.ok(
        mine.every((e) => !('data' in e)),
        'Documents() events carry no data',
      );

      const docEvents: Page<Event> = await client.query(q.Paginate(doc.ref, { events: true }));
      assert.deepEqual(
        docEvents.data.map((e) => e.action),
        ['create', 'update', 'delete'],
      );
      assert.deepEqual(docEvents.data[1]!.data, { extra: true }, 'an update event holds the changed fields');
      assert.equal(docEvents.data[2]!.data, null);

      const indexEvents: Page<Event> = await client.query(q.Paginate(q.Events(byI), { after: since, size: 100 }));
      const added = indexEvents.data.find((e) => e.action === 'add' && sameRef(e.document, doc.ref));
      assert.equal((added?.data as [number, Ref])[0], 1000, 'index events carry the index values');
    });
  });
}
