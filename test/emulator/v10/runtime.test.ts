// The v10 runtime end to end below the wire: parse, run as one transaction, materialize.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { V10Error } from '../../../emulator/v10/fql/errors.js';
import { openEventSource } from '../../../emulator/v10/fql/feeds.js';
import { parseQuery } from '../../../emulator/v10/fql/parser.js';
import { run } from '../../../emulator/v10/fql/run.js';
import {
  Dbl,
  DocView,
  EventSource,
  NamedDoc,
  NamedDocView,
  NullDoc,
  Page,
  Time,
  type Obj,
  type Value,
} from '../../../emulator/v10/fql/values.js';
import { Ref, NATIVE } from '../../../emulator/core/values.js';
import { Runtime } from './runtime-harness.js';

function fails(r: Runtime, text: string, code: string, opts: Parameters<Runtime['q']>[1] = {}): V10Error {
  try {
    r.q(text, opts);
  } catch (err) {
    assert.ok(err instanceof V10Error, String(err));
    assert.equal(err.code, code, err.message);
    return err;
  }
  assert.fail(`${text} did not fail`);
}

function fields(v: Value): Obj {
  assert.ok(v instanceof DocView || v instanceof NamedDocView, `a document, not ${String(v)}`);
  return v.fields;
}

function pageOf(v: Value): Page {
  assert.ok(v instanceof Page, 'a page');
  return v;
}

describe('v10 language', () => {
  it('parses precedence, blocks, lambdas, short lambdas and interpolation', () => {
    const r = new Runtime();
    assert.equal(r.q('1 + 2 * 3 - 4 / 2'), 5);
    assert.equal(r.q('let x = 2\nlet y = { x * 10 }\ny + 1'), 21);
    assert.deepEqual(r.q('[1, 2, 3].map(x => x * 2).where(x => x > 2)'), [4, 6]);
    assert.equal(r.q('((a, b) => a - b)(5, 3)'), 2);
    assert.deepEqual(r.q('[{ a: 1 }, { a: 5 }].where(.a > 2).map(.a)'), [5]);
    assert.equal(r.q('let name = "Alice"\n"Hello, #{name}!"'), 'Hello, Alice!');
    assert.equal(r.q('"#{\0 + 1} and #{ "in#{\0}ner" }" + \0', { values: [1, 'x', '!'] }), '2 and inxner!');
    assert.deepEqual(fails(r, '"a #{ 1 + } b"', 'invalid_query').span, { start: 10, end: 10 });
    assert.equal(r.q("'it\\'s' + \"\\u0041\""), "it's" + 'A');
    assert.equal(r.q('null ?? 3'), 3);
    assert.equal(r.q('{ a: null }.a?.b'), null);
    assert.equal(r.q('if (1 > 2) "a" else if (2 > 1) "b" else "c"'), 'b');
    assert.deepEqual(r.q('{ "x": 1_000, y: 1.5 }'), { x: 1000, y: 1.5 });
    assert.ok(r.q('1.0') instanceof Dbl);
  });

  it('binds template values and arguments, and keeps 64-bit integers exact', () => {
    const r = new Runtime();
    const big = 2n ** 60n;
    assert.equal(r.q('\0 + \0', { values: [big, big] }), big + big);
    assert.equal(r.q('\0.length == n', { values: ['foo'], args: { n: 3 } }), true);
    assert.equal(r.q('9223372036854775807 + 1'), -(2n ** 63n));
  });

  it('reports check errors with the span of the offending text', () => {
    const r = new Runtime();
    const e = fails(r, 'happy little fox', 'invalid_query');
    assert.deepEqual(e.span, { start: 6, end: 12 });
    assert.deepEqual(fails(r, 'let a = 1\nb + a', 'invalid_query').span, { start: 10, end: 11 });
    fails(r, '"open', 'invalid_query');
    assert.throws(() => parseQuery('{ a: 1, a: 2 }'), /Duplicate object key/);
  });

  it('raises runtime errors by code, and abort carries its value', () => {
    const r = new Runtime();
    fails(r, '2 + "2"', 'invalid_argument', { typecheck: false });
    fails(r, '2 + "2"', 'invalid_query');
    fails(r, 'null!', 'null_value');
    const e = fails(r, 'abort({ why: "oops" })', 'abort');
    assert.deepEqual(e.abort, { why: 'oops' });
    assert.equal(e.status, 400);
    r.q('Function.create({ name: "double", body: "x => x * 2" })');
    assert.equal(r.q('double(21)'), 42);
    fails(r, 'double(1, 2)', 'invalid_function_invocation');
  });
});

describe('v10 documents over the v4 storage', () => {
  it('stores top-level fields under data and keeps special names nested both ways', () => {
    const r = new Runtime();
    r.q('Collection.create({ name: "Orders" })');
    // Only an untypechecked query can write `data`: typechecked, the core refuses it (typer tests).
    const doc = r.q('Orders.create({ total: 5, data: { ts: "mine" }, customer: null })', { typecheck: false });
    const f = fields(doc);
    assert.deepEqual(Object.keys(f), ['id', 'coll', 'ts', 'total', 'data']);
    assert.deepEqual(f.data, { ts: 'mine' });
    const coll = r.state.root.collections.get('Orders')!;
    const stored = coll.docs.get(f.id as string)!.versions[0]!;
    assert.deepEqual(stored.data, { total: 5, ts: 'mine' });
    // A document written the v4 way, with a ref to another document, reads as v10.
    const undo: (() => void)[] = [];
    coll.write(
      new Ref('7', coll.spec.ref),
      r.state.clock.next(),
      'create',
      { n: 1, id: 'x', other: new Ref(f.id as string, coll.spec.ref) },
      undo,
    );
    const v4 = fields(r.q('Orders.byId("7")'));
    assert.equal(v4.n, 1);
    assert.deepEqual(v4.data, { id: 'x' });
    assert.equal((v4.other as { id: string }).id, f.id);
    assert.deepEqual(r.q('Orders.byId("7")!.data'), { n: 1, id: 'x', other: r.q('Orders.byId("7")!.other') });
  });

  it('updates deep-merge, null removes, replace replaces, delete leaves a null document', () => {
    const r = new Runtime();
    r.q('Collection.create({ name: "C" })');
    const id = fields(r.q('C.create({ id: "12", a: { b: 1, c: 2 }, d: 1 })')).id;
    assert.equal(id, '12');
    const updated = fields(r.q('C.byId("12")!.update({ a: { c: null, e: 3 }, d: null })'));
    assert.deepEqual(updated.a, { b: 1, e: 3 });
    assert.equal('d' in updated, false);
    assert.deepEqual(fields(r.q('C.byId("12")!.replace({ z: 1 })')).z, 1);
    fails(r, 'C.byId("12")!.update({ ts: 1 })', 'constraint_failure');
    const gone = r.q('C.byId("12")!.delete()');
    assert.ok(gone instanceof NullDoc && gone.cause === 'deleted');
    assert.equal(r.q('C.byId("12").exists()'), false);
    assert.equal(r.q('C.byId("12")?.a'), null);
    assert.equal(r.q('C.byId("12")?.update({ a: 1 })'), null);
    assert.equal(
      fails(r, 'C.byId("12")!', 'document_not_found').message,
      'Collection `C` does not contain document with id 12.',
    );
  });

  it('lets the caller end a long scan, undoing what the query wrote', () => {
    const r = new Runtime();
    r.q('Collection.create({ name: "C" })');
    let calls = 0;
    assert.throws(
      () =>
        run({
          state: r.state,
          auth: r.admin,
          txnTs: r.state.clock.next(),
          query: parseQuery('C.create({})\nSet.sequence(0, 1000000).count()'),
          checkpoint: () => {
            if (++calls === 3) throw new V10Error('time_out', 'deadline', undefined, 440);
          },
        }),
      (e: unknown) => e instanceof V10Error && e.code === 'time_out',
    );
    assert.equal(calls, 3);
    assert.equal(r.q('C.all().count()'), 0);
  });

  it('undoes every write of a failed query', () => {
    const r = new Runtime();
    r.q('Collection.create({ name: "C" })');
    fails(r, 'C.create({ a: 1 })\nabort("no")', 'abort');
    assert.equal(r.q('C.all().count()'), 0);
    fails(r, 'Collection.create({ name: "D" })\nCollection.create({ name: "D" })', 'constraint_failure');
    assert.equal(r.q('Collection.byName("D") == null'), true);
  });

  it('lists collections and indexes for v10 only, and reads through an index', () => {
    const r = new Runtime();
    r.q(
      'Collection.create({ name: "P", history_days: 3, indexes: { byKind: { terms: [{ field: ".kind" }], values: [{ field: ".n", order: "desc" }] } } })',
    );
    r.q('[1, 2, 3, 4].forEach(n => P.create({ kind: if (n > 2) "big" else "small", n: n }))');
    assert.deepEqual(r.q('P.byKind("big").map(.n).toArray()'), [4, 3]);
    const def = fields(r.q('P.definition'));
    assert.equal(def.history_days, 3);
    assert.deepEqual(Object.keys(def.indexes as Obj), ['byKind']);
    assert.equal(r.state.root.indexes.size, 0, 'v4 Indexes() does not list collection indexes');
    fails(
      r,
      'Collection.create({ name: "Q", indexes: { byTs: { terms: [{ field: ".ts" }] } } })',
      'constraint_failure',
    );
    const { txnTs } = r.query('P.create({ kind: "late", n: 9 })');
    r.q('P.create({ kind: "later", n: 10 })');
    r.q('P.definition.update({ indexes: { byTs: { values: [{ field: ".ts" }] } } })');
    assert.deepEqual(r.q('P.byTs({ from: t }).map(.n).toArray()', { args: { t: new Time(txnTs) } }), [9, 10]);
    assert.deepEqual(r.q('P.byKind("big").map(.n).toArray()'), [4, 3], 'update merges indexes');
    r.q('P.definition.update({ indexes: { byKind: null } })');
    assert.deepEqual(Object.keys(fields(r.q('P.definition')).indexes as Obj), ['byTs']);
    const names = pageOf(r.q('Collection.all()')).data.map((d) => fields(d).name);
    assert.deepEqual(names, ['P']);
  });
});

describe('v10 collection definitions', () => {
  it('renders declared fields, then computed ones, then the rest; v4 sees only the stored data', () => {
    const r = new Runtime();
    r.q(
      'Collection.create({ name: "S", fields: { n: { signature: "Int" } }, computed_fields: { double: { body: "doc => doc.n * 2" } } })',
    );
    const doc = fields(r.q('S.create({ z: 1, n: 21 })'));
    assert.deepEqual(Object.keys(doc), ['id', 'coll', 'ts', 'n', 'double', 'z']);
    assert.equal(doc.double, 42);
    assert.deepEqual(r.state.root.collections.get('S')!.docs.get(doc.id as string)!.versions[0]!.data, { z: 1, n: 21 });
    assert.deepEqual(Object.keys(fields(r.q('S.definition')).computed_fields as Obj), ['double']);
  });

  it('deletes a collection with its indexes, and leaves v4 indexes of the same name alone', () => {
    const r = new Runtime();
    r.q('Collection.create({ name: "A", indexes: { byX: { terms: [{ field: ".x" }] } } })');
    r.q('Collection.create({ name: "B" })');
    const b = r.state.root.collections.get('B')!;
    r.state.root.indexes.set('byX', b.documents);
    const gone = r.q('Collection.byName("A")!.delete()');
    assert.ok(gone instanceof NullDoc);
    assert.equal(r.q('Collection.byName("A").exists()'), false);
    assert.equal(r.state.root.indexes.get('byX'), b.documents);
  });
});

describe('v10 keys, roles and databases', () => {
  it('stores them as v4 does, and shows them the v10 way', () => {
    const r = new Runtime();
    r.q('Database.create({ name: "child" })');
    r.q(
      'Collection.create({ name: "Orders" })\nRole.create({ name: "reader", privileges: [{ resource: "Orders", actions: { read: true } }, { resource: "Collection", actions: { read: true } }] })',
    );
    const key = fields(r.q('Key.create({ role: "admin", database: "child" })'));
    assert.match(key.secret as string, /^fn/);
    const stored = r.state.root.keys.get(key.id as string)!;
    assert.ok(stored.definition.database instanceof Ref && stored.definition.database.id === 'child');
    assert.equal(stored.target, r.state.root.databases.get('child'));
    assert.equal(r.state.keysBySecret.get(key.secret as string), stored);
    assert.deepEqual(r.q('Key.where(.database == "child").map(.role).toArray()'), ['admin']);
    assert.equal('hashed_secret' in fields(r.q('Key.byId(id)', { args: { id: key.id! } })), false);
    const role = fields(r.q('Role.byName("reader")'));
    assert.deepEqual(role.privileges, [
      { resource: 'Orders', actions: { read: true } },
      { resource: 'Collection', actions: { read: true } },
    ]);
    const privilege = r.state.root.roles.get('reader')!.privileges[0]!;
    assert.ok(privilege.resource instanceof Ref && privilege.resource.collection === NATIVE.collections);
    r.q('Key.where(.database == "child").forEach(.delete())\nDatabase.byName("child")!.delete()');
    assert.equal(r.state.keysBySecret.has(key.secret as string), false);
    assert.equal(r.q('Database.byName("child").exists()'), false);
  });
});

describe('v10 sets and cursors', () => {
  function seeded(n: number, clock?: () => number): Runtime {
    const r = new Runtime(clock);
    r.q('Collection.create({ name: "Items" })');
    r.q('Set.sequence(0, n).forEach(i => Items.create({ value: i }))', { args: { n } });
    return r;
  }

  it('materializes the first page, and Set.paginate follows the cursor at its snapshot', () => {
    const r = seeded(20);
    const first = pageOf(r.q('Items.all()'));
    assert.equal(first.data.length, 16);
    assert.ok(first.after);
    assert.match(first.after, /^[A-Za-z0-9+/]+=*$/);
    r.q('Items.create({ value: 99 })');
    const second = r.q('Set.paginate(c)', { args: { c: first.after } }) as Obj;
    assert.equal((second.data as Value[]).length, 4, 'a write after the first page is not seen');
    assert.equal('after' in second, false);
    const values = [...first.data, ...(second.data as Value[])].map((d) => fields(d).value);
    assert.deepEqual(
      values,
      Array.from({ length: 20 }, (_, i) => i),
    );
  });

  it('carries the page size, filters and maps through cursors', () => {
    const r = seeded(10);
    const p = pageOf(r.q('Items.all().where(.value % 2 == 0).map(.value).pageSize(2)'));
    assert.deepEqual(p.data, [0, 2]);
    const next = r.q('Set.paginate(c)', { args: { c: p.after! } }) as Obj;
    assert.deepEqual(next.data, [4, 6]);
    const last = r.q('Set.paginate(c, 5)', { args: { c: next.after! } }) as Obj;
    assert.deepEqual(last.data, [8]);
    assert.deepEqual(pageOf(r.q('Items.all().map(.value).take(3).pageSize(2)')).data, [0, 1]);
    fails(r, 'Items.all().pageSize(0)', 'invalid_bounds');
  });

  it('carries what lambdas closed over (numbers, documents, objects) inside cursors', () => {
    const r = seeded(6);
    const first = fields(r.q('Items.all().first()'));
    const p = pageOf(
      r.q(
        'let min = { at: 2 }\nlet skip = Items.byId(id)\nItems.all().where(d => d.value >= min.at && d != skip).map(d => [d.value, "#{d.value}"]).pageSize(1)',
        {
          args: { id: first.id! },
        },
      ),
    );
    assert.deepEqual(p.data, [[2, '2']]);
    const rest = r.q('Set.paginate(c, 10)', { args: { c: p.after! } }) as Obj;
    assert.deepEqual(rest.data, [
      [3, '3'],
      [4, '4'],
      [5, '5'],
    ]);
    assert.deepEqual(r.q('{ "__proto__": 1 }'), JSON.parse('{ "__proto__": 1 }'));
  });

  it('answers invalid_cursor for garbage and invalid_request below retention', () => {
    let now = 1_700_000_000_000_000;
    const r = seeded(3, () => now);
    fails(r, 'Set.paginate("bm90IGEgY3Vyc29y")', 'invalid_cursor');
    const p = pageOf(r.q('Items.all().pageSize(1)'));
    now += 16 * 60 * 1_000_000;
    const e = fails(r, 'Set.paginate(c)', 'invalid_request', { args: { c: p.after! } });
    assert.match(e.message, /^Requested timestamp .* less than minimum allowed timestamp .*\.$/);
  });

  it('reads ranges by id and in reverse', () => {
    const r = seeded(5);
    const ids = pageOf(r.q('Items.all()')).data.map((d) => fields(d).id as string);
    const range = pageOf(r.q('Items.all({ from: a, to: b })', { args: { a: ids[1]!, b: ids[3]! } }));
    assert.deepEqual(
      range.data.map((d) => fields(d).id),
      ids.slice(1, 4),
    );
    assert.equal(fields(r.q('Items.all().reverse().first()')).id, ids[4]);
    const rev = pageOf(r.q('Items.all().reverse().pageSize(3)'));
    const rest = r.q('Set.paginate(c)', { args: { c: rev.after! } }) as Obj;
    assert.deepEqual(
      [...rev.data, ...(rest.data as Value[])].map((d) => fields(d).id),
      [...ids].reverse(),
    );
  });
});

describe('v10 at()', () => {
  it('reads past versions, refuses the future, and needs history_read', () => {
    const r = new Runtime();
    r.q('Collection.create({ name: "H", history_days: 1 })');
    const { value: doc, txnTs: t0 } = r.query('H.create({ n: 1 })');
    const id = fields(doc).id as string;
    r.q('H.byId(id)!.update({ n: 2 })', { args: { id } });
    const t0Time = new Time(t0);
    assert.equal(r.q('at (t) { H.byId(id)!.n }', { args: { id, t: t0Time } }), 1);
    assert.equal(r.q('H.byId(id)!.n', { args: { id } }), 2);
    assert.deepEqual(pageOf(r.q('at (t) H.all().map(.n)', { args: { t: t0Time } })).data, [1]);
    fails(r, 'at (Time.now().add(1, "day")) 1', 'invalid_argument');
    r.q('Role.create({ name: "reader", privileges: [{ resource: "H", actions: { read: true } }] })');
    const auth = { db: r.state.root, role: [r.state.root.roles.get('reader')!] };
    assert.equal(pageOf(r.q('H.all()', { auth })).data.length, 1);
    assert.deepEqual(
      pageOf(r.q('at (t) H.all()', { auth, args: { t: t0Time } })).data,
      [],
      'filtered silently without history_read',
    );
    fails(r, 'at (t) H.all().eventSource()', 'invalid_receiver', { args: { t: t0Time } });
  });

  it("makes a cursor's set again inside at: read and rendered at t, history_read needed", () => {
    const r = new Runtime();
    r.q('Collection.create({ name: "C", history_days: 1 })');
    const ids = [1, 2, 3].map((n) => fields(r.q('C.create({ n: n })', { args: { n } })).id as string);
    const first = pageOf(r.q('C.all().pageSize(1)'));
    const { txnTs: t } = r.query('0');
    r.q('C.byId(id)!.update({ n: 20 })', { args: { id: ids[1]! } });
    r.q('C.byId(id)!.delete()', { args: { id: ids[2]! } });
    const at = 'at (t) { Set.paginate(c, 10) }';
    const page = (opts: Parameters<Runtime['q']>[1] = {}) =>
      ((r.q(at, { ...opts, args: { c: first.after!, t: new Time(t) } }) as Obj).data as Value[]).map(
        (d) => fields(d).n,
      );
    assert.deepEqual(page(), [2, 3], 'the members at t, as of t');
    r.q('Role.create({ name: "plain", privileges: [{ resource: "C", actions: { read: true } }] })');
    r.q(
      'Role.create({ name: "history", privileges: [{ resource: "C", actions: { read: true, history_read: true } }] })',
    );
    const as = (role: string) => ({ auth: { db: r.state.root, role: [r.state.root.roles.get(role)!] } });
    assert.deepEqual(page(as('history')), [2, 3]);
    assert.deepEqual(page(as('plain')), [], 'left out without history_read');
  });
});

describe('v10 event sources', () => {
  it('gives add, update and remove per version through where, map and read permission', () => {
    const r = new Runtime();
    r.q('Collection.create({ name: "F" })');
    const { value: token, txnTs: start } = r.query('F.all().where(.n > 1).map(.n).eventSource()');
    assert.ok(token instanceof EventSource);
    const source = openEventSource(r.state)(r.admin, token.token, r.state.clock.next())!;
    assert.equal(source.coll, 'F');
    assert.equal(source.startTs, start);
    const id = fields(r.q('F.create({ n: 5 })')).id as string;
    r.q('F.byId(id)!.update({ n: 6 })', { args: { id } });
    r.q('F.byId(id)!.update({ n: 0 })', { args: { id } });
    r.q('F.byId(id)!.update({ n: 7 })', { args: { id } });
    r.q('F.byId(id)!.delete()', { args: { id } });
    const versions = r.state.root.collections.get('F')!.docs.get(id)!.versions;
    const events = versions.map((v, i) => source.eventFor(id, v, versions[i - 1]));
    assert.deepEqual(events, [
      { type: 'add', data: 5 },
      { type: 'update', data: 6 },
      { type: 'remove', data: 6 },
      { type: 'add', data: 7 },
      { type: 'remove', data: 7 },
    ]);
    assert.equal(openEventSource(r.state)(r.admin, 'garbage', r.state.clock.next()), undefined);
  });

  it('follows an index source: a document whose terms change leaves it as a remove', () => {
    const r = new Runtime();
    r.q('Collection.create({ name: "T", indexes: { byColor: { terms: [{ field: ".color" }] } } })');
    const { value: token } = r.query('T.byColor("red").eventSource()');
    const source = openEventSource(r.state)(r.admin, (token as EventSource).token, r.state.clock.next())!;
    const red = fields(r.q('T.create({ color: "red" })')).id as string;
    const blue = fields(r.q('T.create({ color: "blue" })')).id as string;
    r.q('T.byId(id)!.update({ color: "green" })', { args: { id: red } });
    const events = (id: string) => {
      const vs = r.state.root.collections.get('T')!.docs.get(id)!.versions;
      return vs.map((v, i) => source.eventFor(id, v, vs[i - 1])?.type);
    };
    assert.deepEqual(events(red), ['add', 'remove']);
    assert.deepEqual(events(blue), [undefined]);
    const removed = source.eventFor(
      red,
      r.state.root.collections.get('T')!.docs.get(red)!.versions[1]!,
      r.state.root.collections.get('T')!.docs.get(red)!.versions[0],
    );
    assert.equal(fields(removed!.data).color, 'red', 'a remove carries the previous version');
  });

  it('keeps only the updates that change a watched field with eventsOn', () => {
    const r = new Runtime();
    r.q('Collection.create({ name: "E" })');
    const token = r.q('E.all().eventsOn(.price)') as EventSource;
    const source = openEventSource(r.state)(r.admin, token.token, r.state.clock.next())!;
    const id = fields(r.q('E.create({ price: 1, name: "a" })')).id as string;
    r.q('E.byId(id)!.update({ name: "b" })', { args: { id } });
    r.q('E.byId(id)!.update({ price: 2 })', { args: { id } });
    const vs = r.state.root.collections.get('E')!.docs.get(id)!.versions;
    assert.deepEqual(
      vs.map((v, i) => source.eventFor(id, v, vs[i - 1])?.type),
      ['add', undefined, 'update'],
    );
  });

  it('follows one document with Set.single', () => {
    const r = new Runtime();
    r.q('Collection.create({ name: "One" })');
    const id = fields(r.q('One.create({ n: 1 })')).id as string;
    const other = fields(r.q('One.create({ n: 2 })')).id as string;
    const token = r.q('Set.single(One.byId(id)!).eventSource()', { args: { id } }) as EventSource;
    const source = openEventSource(r.state)(r.admin, token.token, r.state.clock.next())!;
    assert.equal(source.coll, 'One');
    r.q('One.byId(id)!.update({ n: 3 })', { args: { id } });
    const vs = r.state.root.collections.get('One')!.docs.get(id)!.versions;
    assert.equal(source.eventFor(id, vs[1]!, vs[0])?.type, 'update');
    assert.equal(
      source.eventFor(other, r.state.root.collections.get('One')!.docs.get(other)!.versions[0]!, undefined),
      undefined,
    );
  });

  it('refuses writes in a source lambda and reports its abort', () => {
    const r = new Runtime();
    r.q('Collection.create({ name: "W" })');
    const write = r.q('W.all().map(d => W.create({})).eventSource()') as EventSource;
    const abort = r.q('W.all().map(_ => abort("oops")).eventSource()') as EventSource;
    const id = fields(r.q('W.create({})')).id as string;
    const v = r.state.root.collections.get('W')!.docs.get(id)!.versions[0]!;
    const open = openEventSource(r.state);
    assert.throws(
      () => open(r.admin, write.token, r.state.clock.next())!.eventFor(id, v, undefined),
      (e: unknown) => e instanceof V10Error && e.code === 'invalid_effect',
    );
    assert.throws(
      () => open(r.admin, abort.token, r.state.clock.next())!.eventFor(id, v, undefined),
      (e: unknown) => e instanceof V10Error && e.code === 'abort' && e.abort === 'oops',
    );
    assert.equal(r.q('W.all().count()'), 1);
  });

  it('refuses sources it cannot follow, and needs read on the collection', () => {
    const r = new Runtime();
    r.q('Collection.create({ name: "F" })\nCollection.create({ name: "G" })');
    fails(r, 'Collection.all().eventSource()', 'invalid_receiver');
    fails(r, 'F.all({ from: 1 }).eventSource()', 'invalid_receiver');
    r.q('Role.create({ name: "onlyG", privileges: [{ resource: "G", actions: { read: true } }] })');
    const auth = { db: r.state.root, role: [r.state.root.roles.get('onlyG')!] };
    assert.ok(r.q('G.all().eventSource()', { auth }) instanceof EventSource);
    fails(r, 'F.all().eventSource()', 'permission_denied', { auth });
  });

  it('stores a collection definition as a v4 collection ref and reads it back as a named ref', () => {
    const r = new Runtime();
    r.q('Collection.create({ name: "F" })');
    const doc = fields(r.q('F.create({ def: F.definition })'));
    assert.ok(doc.def instanceof NamedDoc && doc.def.expand === false && doc.def.name === 'F');
    const stored = r.state.root.collections.get('F')!.docs.get(doc.id as string)!.versions[0]!.data!;
    assert.ok(stored.def instanceof Ref && stored.def.collection === NATIVE.collections && stored.def.id === 'F');
    // As the core refuses what has no stored form (`Value.toIR`), naming the path and the type.
    const module = fails(r, 'F.create({ m: F })', 'invalid_type');
    assert.equal(module.message, 'Value at `m` has type FCollection, which cannot be persisted.');
    const set = fails(r, 'F.create({ a: { b: [1, F.all()] } })', 'invalid_type');
    assert.equal(set.message, 'Value at `a.b[1]` has type Set<Any>, which cannot be persisted.');
    const fn = fails(r, 'F.create({ f: x => x })', 'invalid_type');
    assert.equal(fn.message, 'Anonymous functions cannot be stored. Use a string of FQL instead.');
    assert.equal(r.state.root.collections.get('F')!.docs.size, 1);
  });
});
