// Our builders must put on the wire exactly the JSON faunadb's q.* puts there (fauna/faunadb-js src/query.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import faunadb from 'faunadb';
import * as ours from '../../src/fauna/v4/query.js';
import * as queries from '../../src/source/v4/queries.js';
import { parseJson, stringifyJson } from '../../src/fauna/json.js';

const q = faunadb.query;

// The same query built twice: [name, ours, faunadb's].
const T = 1700000000000000;
const cases: [string, ours.Expr, unknown][] = [
  ['ToMicros(Now())', ours.ToMicros(ours.Now()), q.ToMicros(q.Now())],
  ['Time', ours.Time('now'), q.Time('now')],
  ['Collections', ours.Collections(), q.Collections()],
  ['Indexes', ours.Indexes(), q.Indexes()],
  ['Collection with scope', ours.Collection('c', { database: 'child' }), q.Collection('c', q.Database('child'))],
  ['Index with scope', ours.Index('i', { database: 'child' }), q.Index('i', q.Database('child'))],
  ['Ref(collection, id)', ours.Ref(ours.Collection('c'), '123'), q.Ref(q.Collection('c'), '123')],
  ['legacy Ref', ours.Ref('collections/c/123'), q.Ref('collections/c/123')],
  ['Match without terms', ours.Match(ours.Index('i')), q.Match(q.Index('i'))],
  ['Match with one term', ours.Match(ours.Index('i'), 'a'), q.Match(q.Index('i'), 'a')],
  ['Match with two terms', ours.Match(ours.Index('i'), 'a', 'b'), q.Match(q.Index('i'), 'a', 'b')],
  ['Events', ours.Events(ours.Documents(ours.Collection('c'))), q.Events(q.Documents(q.Collection('c')))],
  ['Count', ours.Count(ours.Documents(ours.Collection('c'))), q.Count(q.Documents(q.Collection('c')))],
  ['Exists(Collection)', ours.Exists(ours.Collection('c')), q.Exists(q.Collection('c'))],
  ['Exists with ts', ours.Exists(ours.Index('i'), T), q.Exists(q.Index('i'), T)],
  ['Get(Index)', ours.Get(ours.Index('i')), q.Get(q.Index('i'))],
  ['Get with ts', ours.Get(ours.Index('i'), T), q.Get(q.Index('i'), T)],
  ['Select without default', ours.Select('ref', ours.Var('x')), q.Select('ref', q.Var('x'))],
  [
    'Select with null default',
    ours.Select(['data', 'a'], ours.Var('x'), null),
    q.Select(['data', 'a'], q.Var('x'), null),
  ],
  ['Select with object default', ours.Select('data', ours.Var('d'), ours.Obj({})), q.Select('data', q.Var('d'), {})],
  [
    'If/Abort',
    ours.If(ours.Exists(ours.Index('i')), ours.Get(ours.Index('i')), ours.Abort('no index')),
    q.If(q.Exists(q.Index('i')), q.Get(q.Index('i')), q.Abort('no index')),
  ],
  ['And/Or/Not', ours.And(ours.Or(true, false), ours.Not(false)), q.And(q.Or(true, false), q.Not(false))],
  ['And with one argument', ours.And(true), q.And(true)],
  [
    'Equals',
    ours.Equals(ours.Select(['action'], ours.Var('x')), 'remove'),
    q.Equals(q.Select(['action'], q.Var('x')), 'remove'),
  ],
  ['Obj', ours.Obj({ a: 1, b: ours.Var('x') }), q.Object({ a: 1, b: q.Var('x') })],
  [
    'Paginate(Collections()) after a ref',
    ours.Paginate(ours.Collections(), { size: 100, after: [ours.Collection('c')] }),
    q.Paginate(q.Collections(), { size: 100, after: [q.Collection('c')] }),
  ],
  [
    'Paginate before null',
    ours.Paginate(ours.Match(ours.Index('i')), { before: null }),
    q.Paginate(q.Match(q.Index('i')), { before: null }),
  ],
  [
    'Paginate ts/sources',
    ours.Paginate(ours.Documents(ours.Collection('c')), { ts: T, sources: true }),
    q.Paginate(q.Documents(q.Collection('c')), { ts: T, sources: true }),
  ],
  [
    'Python expand of a document',
    ours.Let(
      { document: ours.Get(ours.Var('x')) },
      ours.Obj({
        ref: ours.Select(['ref', 'id'], ours.Var('document')),
        ts: ours.Select('ts', ours.Var('document')),
        data: ours.Select('data', ours.Var('document'), ours.Obj({})),
        ttl: ours.Select('ttl', ours.Var('document'), null),
      }),
    ),
    q.Let(
      { document: q.Get(q.Var('x')) },
      {
        ref: q.Select(['ref', 'id'], q.Var('document')),
        ts: q.Select('ts', q.Var('document')),
        data: q.Select('data', q.Var('document'), {}),
        ttl: q.Select('ttl', q.Var('document'), null),
      },
    ),
  ],
  [
    'Let with binding list',
    ours.Let([{ a: 1 }, { b: ours.Var('a') }], ours.Var('b')),
    q.Let([{ a: 1 }, { b: q.Var('a') }], q.Var('b')),
  ],
];

// Every query the source sends (src/source/queries.ts), next to faunadb's for the same query.
function faunaFullRefreshStart(collection: string) {
  return q.Object({
    ts: q.ToMicros(q.Now()),
    page: q.Map(q.Paginate(q.Documents(q.Collection(collection)), { size: 64 }), q.Lambda('x', q.Get(q.Var('x')))),
    last: q.Paginate(q.Documents(q.Collection(collection)), { before: null, size: 1 }),
  });
}

// A cursor as a page returns it: a document ref value, re-sent as faunadb re-sends a parsed one.
const after = [new faunadb.values.Ref('101', new faunadb.values.Ref('c', faunadb.values.Native.COLLECTIONS))];
const cursor = ours.wire(parseJson(JSON.stringify(after)));
cases.push(
  ['check: ping', queries.ping(), q.Now()],
  ['check: first collections', queries.firstCollections(), q.Paginate(q.Collections())],
  ['check: first indexes', queries.firstIndexes(), q.Paginate(q.Indexes())],
  [
    'collection names page',
    queries.namesPage(ours.Collections(), 1000, cursor),
    q.Map(q.Paginate(q.Collections(), { size: 1000, after }), q.Lambda('c', q.Select('id', q.Var('c')))),
  ],
  [
    'database names page',
    queries.namesPage(ours.Databases(), 1000),
    q.Map(q.Paginate(q.Databases(), { size: 1000 }), q.Lambda('c', q.Select('id', q.Var('c')))),
  ],
  [
    'child databases page',
    queries.childDatabasesPage(1000, cursor),
    q.Map(
      q.Paginate(q.Databases(), { size: 1000, after }),
      q.Lambda('d', [q.Select('id', q.Var('d')), q.IsEmpty(q.Paginate(q.Databases(q.Var('d')), { size: 1 }))]),
    ),
  ],
  [
    'index definitions page',
    queries.indexDefinitionsPage(500),
    q.Map(q.Paginate(q.Indexes(), { size: 500 }), q.Lambda('i', q.If(q.Exists(q.Var('i')), q.Get(q.Var('i')), null))),
  ],
  ['index definition', queries.indexDefinition('i'), q.If(q.Exists(q.Index('i')), q.Get(q.Index('i')), null)],
  ['first document', queries.firstDocument('c'), q.Paginate(q.Documents(q.Collection('c')), { size: 1 })],
  ['history probe', queries.historyProbe('c', T), q.At(T, q.Paginate(q.Documents(q.Collection('c')), { size: 1 }))],
  ['one document', queries.document('c', '0'), q.Get(q.Ref(q.Collection('c'), '0'))],
  [
    'full refresh starts',
    queries.fullRefreshStarts(['a', 'b'], 64),
    q.Object({
      a: q.If(q.Exists(q.Collection('a')), faunaFullRefreshStart('a'), null),
      b: q.If(q.Exists(q.Collection('b')), faunaFullRefreshStart('b'), null),
    }),
  ],
  ['full refresh start', queries.fullRefreshStart('c', 64), faunaFullRefreshStart('c')],
  [
    'full refresh start at a snapshot',
    queries.fullRefreshStart('c', 64, T),
    q.At(T, {
      page: q.Map(q.Paginate(q.Documents(q.Collection('c')), { size: 64 }), q.Lambda('x', q.Get(q.Var('x')))),
      last: q.Paginate(q.Documents(q.Collection('c')), { before: null, size: 1 }),
    }),
  ],
  [
    'last document at a snapshot',
    queries.lastDocument('c', T),
    q.At(T, q.Paginate(q.Documents(q.Collection('c')), { before: null, size: 1 })),
  ],
  [
    'full refresh range page',
    queries.documentsRangePage('c', T, '101', '9223372036854775807', 64),
    q.At(
      T,
      q.Map(
        q.Paginate(
          q.Range(
            q.Documents(q.Collection('c')),
            q.Ref(q.Collection('c'), '101'),
            q.Ref(q.Collection('c'), '9223372036854775807'),
          ),
          { size: 64 },
        ),
        q.Lambda('x', q.Get(q.Var('x'))),
      ),
    ),
  ],
  [
    'incremental start',
    queries.incrementalStart('c', 'c_by_ts'),
    q.Object({
      ts: q.ToMicros(q.Now()),
      probe: q.Paginate(q.Documents(q.Collection('c')), { size: 1 }),
      last: q.Paginate(q.Match(q.Index('c_by_ts')), { before: null, size: 1 }),
    }),
  ],
  [
    'incremental range page',
    queries.updatesRangePage('c_by_ts', queries.rangeStart('c', T, '101'), T + 5, T + 9, 2),
    q.At(
      T + 9,
      q.Map(
        q.Paginate(q.Range(q.Match(q.Index('c_by_ts')), [T, q.Ref(q.Collection('c'), '101')], [T + 5]), { size: 2 }),
        q.Lambda('x', q.Get(q.Select(1, q.Var('x')))),
      ),
    ),
  ],
  [
    'incremental range page from a ts only',
    queries.updatesRangePage('c_by_ts', queries.rangeStart('c', 0, undefined), T, T, 2),
    q.At(
      T,
      q.Map(
        q.Paginate(q.Range(q.Match(q.Index('c_by_ts')), [0], [T]), { size: 2 }),
        q.Lambda('x', q.Get(q.Select(1, q.Var('x')))),
      ),
    ),
  ],
  [
    'deletions page from an event',
    queries.eventsPage('c', T, 64, queries.eventCursor('c', T, 'remove', '101')),
    q.At(
      T,
      q.Map(
        q.Paginate(q.Documents(q.Collection('c')), {
          events: true,
          size: 64,
          after: { ts: T, action: 'remove', document: q.Ref(q.Collection('c'), '101') },
        }),
        q.Lambda('e', [
          q.Select('ts', q.Var('e')),
          q.Select('action', q.Var('e')),
          q.Select(['document', 'id'], q.Var('e')),
        ]),
      ),
    ),
  ],
);

for (const [name, mine, theirs] of cases) {
  test(`${name}: same wire JSON as faunadb`, () => {
    assert.equal(stringifyJson(mine), JSON.stringify(theirs));
  });
}

test('Paginate leaves out undefined options and keeps the caller order', () => {
  const set = ours.Documents(ours.Collection('c'));
  assert.equal(
    stringifyJson(ours.Paginate(set, { after: 5, size: undefined, events: true })),
    '{"paginate":{"documents":{"collection":"c"}},"after":5,"events":true}',
  );
});

// Cursors as the server renders them (documents, index entries, events), re-sent as `after`.
const DOC = '{"@ref":{"id":"101","collection":{"@ref":{"id":"things","collection":{"@ref":{"id":"collections"}}}}}}';
const cursors: [string, string][] = [
  ['Documents cursor', `[${DOC}]`],
  ['index [ts, ref] cursor', `[1700000000000001,${DOC},${DOC}]`],
  ['set event cursor', `{"ts":1700000000000001,"action":"remove","document":${DOC}}`],
  [
    'event cursor with data',
    `{"ts":1700000000000001,"action":"add","document":${DOC},"data":[1700000000000001,${DOC}]}`,
  ],
  [
    'cursor with a time, a date, bytes and an @obj',
    '[{"@ts":"2023-11-14T22:13:20.000001Z"},{"@date":"2020-01-01"},{"@bytes":"AQID"},{"@obj":{"@x":{"y":1}}}]',
  ],
  [
    'ref in a child database',
    '[{"@ref":{"id":"1","collection":{"@ref":{"id":"c","collection":{"@ref":{"id":"collections"}},"database":{"@ref":{"id":"child","collection":{"@ref":{"id":"databases"}}}}}}}}]',
  ],
];

for (const [name, text] of cursors) {
  test(`wire() re-sends a ${name} as faunadb does after parseJSON`, () => {
    const set = ours.Documents(ours.Collection('things'));
    const mine = ours.Paginate(set, { size: 2, after: ours.wire(parseJson(text)) });
    const theirs = q.Paginate(q.Documents(q.Collection('things')), { size: 2, after: faunadb.parseJSON(text) });
    assert.equal(stringifyJson(mine), JSON.stringify(theirs));
  });
}

test('wire() keeps integers beyond 2^53 exact', () => {
  const cursor = parseJson('[12345678901234567890,' + DOC + ']');
  assert.equal(stringifyJson(ours.wire(cursor)), '[12345678901234567890,' + DOC + ']');
});

test('wire() keeps a field named __proto__', () => {
  assert.equal(stringifyJson(ours.wire(parseJson('{"__proto__":1}'))), '{"object":{"__proto__":1}}');
});
