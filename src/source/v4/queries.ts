// Every FQL query the source sends, built in one place: the query tests compare each with the
// JSON faunadb's q.* puts on the wire for the same query.
import * as q from '../../fauna/v4/query.js';
import type { Expr } from '../../fauna/v4/query.js';

/** The cheapest query: check's probe of the connection and the secret. */
export const ping = (): Expr => q.Now();

/** The time of this query's transaction (µs): a new snapshot. */
export const currentTime = (): Expr => q.ToMicros(q.Now());

/** check's probes of the privileges discover needs in all-collections mode. */
export const firstCollections = (): Expr => q.Paginate(q.Collections());
export const firstIndexes = (): Expr => q.Paginate(q.Indexes());

/** The names of a set of schema refs (q.Collections(), q.Databases()), a page at a time. */
export const namesPage = (set: Expr, size: number, after?: Expr): Expr =>
  q.Map(q.Paginate(set, { size, after }), q.Lambda('c', q.Select('id', q.Var('c'))));

/**
 * The child databases, a page at a time, each as [name, whether it has no child database]: Databases
 * takes a child database as its scope, so a tree's leaves need no listing query of their own.
 */
export const childDatabasesPage = (size: number, after?: Expr): Expr =>
  q.Map(
    q.Paginate(q.Databases(), { size, after }),
    q.Lambda('d', [q.Select('id', q.Var('d')), q.IsEmpty(q.Paginate(q.Databases(q.Var('d')), { size: 1 }))]),
  );

/** Index definitions, a page at a time; null for one the key may not read (Exists is false for it). */
export const indexDefinitionsPage = (size: number, after?: Expr): Expr =>
  q.Map(q.Paginate(q.Indexes(), { size, after }), q.Lambda('i', q.If(q.Exists(q.Var('i')), q.Get(q.Var('i')), null)));

/** The definition of a named index, or null when it does not exist. */
export const indexDefinition = (name: string): Expr => q.If(q.Exists(q.Index(name)), q.Get(q.Index(name)), null);

/** At most one document of the collection: fails with 400 invalid ref when the collection does not exist. */
export const firstDocument = (collection: string): Expr =>
  q.Paginate(q.Documents(q.Collection(collection)), { size: 1 });

/** One document by id. */
export const document = (collection: string, id: string): Expr => q.Get(q.Ref(q.Collection(collection), id));

const documents = (collection: string): Expr => q.Documents(q.Collection(collection));
const getEach = (entry: (x: Expr) => Expr = (x) => x): Expr => q.Lambda('x', q.Get(entry(q.Var('x'))));
/** The last entry of a set, whatever its size: one page backwards from its end. */
const lastEntry = (set: Expr): Expr => q.Paginate(set, { before: null, size: 1 });

/**
 * Full refresh, its first round trip: the first page of documents and the ref of the last one,
 * which bounds the ranges of the rest, at `snapshot`, or at this query's own time, then returned
 * as `ts`, for a new snapshot.
 */
export function fullRefreshStart(collection: string, size: number, snapshot?: number): Expr {
  const start = {
    page: q.Map(q.Paginate(documents(collection), { size }), getEach()),
    last: lastEntry(documents(collection)),
  };
  return snapshot === undefined ? q.Obj({ ts: q.ToMicros(q.Now()), ...start }) : q.At(snapshot, q.Obj(start));
}

/**
 * Full refresh, the first round trips of several collections in one, by name, at this query's
 * time; null for a collection that does not exist (or that the role may not see).
 */
export const fullRefreshStarts = (collections: string[], size: number): Expr =>
  q.Obj(
    Object.fromEntries(
      collections.map((name) => [name, q.If(q.Exists(q.Collection(name)), fullRefreshStart(name, size), null)]),
    ),
  );

/** The ref of the collection's last document at the snapshot. */
export const lastDocument = (collection: string, snapshot: number): Expr =>
  q.At(snapshot, lastEntry(documents(collection)));

/** Full refresh: the documents with ids from `from` to `to` (inclusive) at the snapshot, in id order. */
export const documentsRangePage = (
  collection: string,
  snapshot: number,
  from: string,
  to: string,
  size: number,
): Expr =>
  q.At(
    snapshot,
    q.Map(
      q.Paginate(
        q.Range(documents(collection), q.Ref(q.Collection(collection), from), q.Ref(q.Collection(collection), to)),
        { size },
      ),
      getEach(),
    ),
  );

/**
 * Incremental, its first round trip: the snapshot, a first document (the readability probe), and
 * the last entry of the [ts, ref] index, which bounds the ts ranges of the scan.
 */
export const incrementalStart = (collection: string, index: string): Expr =>
  q.Obj({
    ts: q.ToMicros(q.Now()),
    probe: q.Paginate(documents(collection), { size: 1 }),
    last: lastEntry(q.Match(q.Index(index))),
  });

/** Incremental: the documents of the [ts, ref] index entries from `from` to ts `to` (inclusive), at the snapshot. */
export const updatesRangePage = (index: string, from: Expr[], to: number, snapshot: number, size: number): Expr =>
  q.At(
    snapshot,
    q.Map(
      q.Paginate(q.Range(q.Match(q.Index(index)), from, [to]), { size }),
      getEach((x) => q.Select(1, x)),
    ),
  );

/** The start of an index Range: ts, and the ref of the boundary document when there is one. */
export const rangeStart = (collection: string, ts: number, ref: string | undefined): Expr[] =>
  ref === undefined ? [ts] : [ts, q.Ref(q.Collection(collection), ref)];

/** Deletions: the collection's events from `after` on at the snapshot, each as [ts, action, document id]. */
export const eventsPage = (collection: string, snapshot: number, size: number, after: Expr): Expr =>
  q.At(
    snapshot,
    q.Map(
      q.Paginate(q.Documents(q.Collection(collection)), { events: true, size, after }),
      q.Lambda('e', [
        q.Select('ts', q.Var('e')),
        q.Select('action', q.Var('e')),
        q.Select(['document', 'id'], q.Var('e')),
      ]),
    ),
  );

/** Whether the collection's history still reaches `ts`: below retention Fauna answers 400 "minimum allowed timestamp". */
export const historyProbe = (collection: string, ts: number): Expr => q.At(ts, firstDocument(collection));

/** An events cursor at one event, keyed `document` as the cursors Fauna returns. */
export const eventCursor = (collection: string, ts: number, action: string, ref: string): Expr =>
  q.Obj({ ts, action, document: q.Ref(q.Collection(collection), ref) });

/** Discover's sample, first round trip: the first and the last document (pages of one). */
export const sampleEnds = (collection: string): Expr => [
  q.Map(q.Paginate(documents(collection), { size: 1 }), getEach()),
  q.Map(lastEntry(documents(collection)), getEach()),
];

/** Discover's sample: one page of documents from each id range [from, to], all in one round trip. */
export const sampleSlices = (
  collection: string,
  pages: { from: string; to: string; size: number; after?: Expr }[],
): Expr =>
  pages.map(({ from, to, size, after }) =>
    q.Map(
      q.Paginate(
        q.Range(documents(collection), q.Ref(q.Collection(collection), from), q.Ref(q.Collection(collection), to)),
        { size, after },
      ),
      getEach(),
    ),
  );
