// Every FQL query the source sends, built in one place: the query tests compare each with the
// JSON faunadb's q.* puts on the wire for the same query.
import * as q from '../fauna/query.js';
import type { Expr } from '../fauna/query.js';

/** The cheapest query: check's probe of the connection and the secret. */
export const ping = (): Expr => q.Now();

/** check's probes of the privileges discover needs in all-collections mode. */
export const firstCollections = (): Expr => q.Paginate(q.Collections());
export const firstIndexes = (): Expr => q.Paginate(q.Indexes());

/** The transaction time now, in microseconds: the snapshot a sync reads. */
export const now = (): Expr => q.ToMicros(q.Now());

/** The collection names, a page at a time. */
export const collectionNamesPage = (size: number, after?: Expr): Expr =>
  q.Map(q.Paginate(q.Collections(), { size, after }), q.Lambda('c', q.Select('id', q.Var('c'))));

/** Index definitions, a page at a time; null for one the key may not read (Exists is false for it). */
export const indexDefinitionsPage = (size: number, after?: Expr): Expr =>
  q.Map(q.Paginate(q.Indexes(), { size, after }), q.Lambda('i', q.If(q.Exists(q.Var('i')), q.Get(q.Var('i')), null)));

/** The definition of a named index, or null when it does not exist. */
export const indexDefinition = (name: string): Expr => q.If(q.Exists(q.Index(name)), q.Get(q.Index(name)), null);

/** At most one document of the collection: fails with 400 invalid ref when the collection does not exist. */
export const firstDocument = (collection: string): Expr => q.Paginate(q.Documents(q.Collection(collection)), { size: 1 });

/** One document by id. */
export const document = (collection: string, id: string): Expr => q.Get(q.Ref(q.Collection(collection), id));

/** Full refresh: the documents of the collection at the snapshot, in ref order. */
export const documentsPage = (collection: string, snapshot: number, size: number, after?: Expr): Expr =>
  q.At(snapshot, q.Map(q.Paginate(q.Documents(q.Collection(collection)), { size, after }), q.Lambda('x', q.Get(q.Var('x')))));

/** Incremental: the documents of the [ts, ref] index entries from `from` on, at the snapshot. */
export const updatesPage = (index: string, from: Expr[], snapshot: number, size: number, after?: Expr): Expr =>
  q.At(snapshot, q.Map(
    q.Paginate(q.Range(q.Match(q.Index(index)), from, []), { size, after }),
    q.Lambda('x', q.Get(q.Select(1, q.Var('x')))),
  ));

/** The start of an index Range: ts, and the ref of the boundary document when there is one. */
export const rangeStart = (collection: string, ts: number, ref: string | undefined): Expr[] =>
  ref === undefined ? [ts] : [ts, q.Ref(q.Collection(collection), ref)];

/** Deletions: the collection's events from `after` on at the snapshot, each as [ts, action, document id]. */
export const eventsPage = (collection: string, snapshot: number, size: number, after: Expr): Expr =>
  q.At(snapshot, q.Map(
    q.Paginate(q.Documents(q.Collection(collection)), { events: true, size, after }),
    q.Lambda('e', [q.Select('ts', q.Var('e')), q.Select('action', q.Var('e')), q.Select(['document', 'id'], q.Var('e'))]),
  ));

/** Whether the collection's history still reaches `ts`: below retention Fauna answers 400 "minimum allowed timestamp". */
export const historyProbe = (collection: string, ts: number): Expr =>
  q.At(ts, firstDocument(collection));

/** An events cursor at one event, keyed `document` as the cursors Fauna returns. */
export const eventCursor = (collection: string, ts: number, action: string, ref: string): Expr =>
  q.Obj({ ts, action, document: q.Ref(q.Collection(collection), ref) });
