// Every FQL v10 query the source sends, built in one place. Collection names,
// cursors and sizes are template values, never FQL text.
import { arrayOf, fql, type Template } from '../../fauna/v10/template.js';

/** FQL v10's largest page (pageSize, Set.paginate and feed page_size). */
export const MAX_PAGE = 16_000;

/** The collection definitions (named documents), a page at a time. */
export const collectionsPage = (size: number): Template => fql`Collection.all().pageSize(${size})`;

/** The database's time now: history is kept, and feeds reach back, from it. */
export const timeNow = (): Template => fql`Time.now()`;

/** The names of the child databases, a page at a time. */
export const databaseNamesPage = (size: number): Template => fql`Database.all().map(db => db.name).pageSize(${size})`;

/** The first pages of the child databases' names and of the collection definitions, together. */
export const databasesAndCollections = (size: number): Template =>
  fql`{ databases: ${databaseNamesPage(size)}, collections: ${collectionsPage(size)} }`;

/** The next page of any set, pinned to the snapshot of the query that started it. */
export const nextPage = (after: string, size: number): Template => fql`Set.paginate(${after}, ${size})`;

/**
 * The next page of a snapshot read, its documents as of the snapshot `ts` (µs). Set.paginate keeps
 * the cursor's membership but renders each document as it is now (deleted since: a null document;
 * updated since: its new version); inside `at` the cursor's set is made again there, so it reads
 * and renders at `ts`, which needs `history_read` (`paginateImpl` in runtime/fql2/stdlib/Sets.scala,
 * `checkedGet` in runtime/fql2/ReadBroker.scala of `fauna/faunadb`).
 */
export const nextPageAt = (after: string, size: number, ts: number): Template =>
  fql`at (Time.epoch(${ts}, "microseconds")) { Set.paginate(${after}, ${size}) }`;

/**
 * The id of the collection's first document now and as read inside `at (now)`, where Fauna leaves
 * out what the role may not read as history (src/source/v10/history-read.ts).
 */
export const historyProbe = (collection: string): Template =>
  fql`{ now: Collection(${collection}).all().first()?.id, past: at (Time.now()) { Collection(${collection}).all().first()?.id } }`;

/**
 * A read of the collection at the epoch, which Fauna refuses below its history retention, naming
 * the oldest time it keeps ("Requested timestamp … less than minimum allowed timestamp …").
 */
export const epochRead = (collection: string): Template =>
  fql`at (Time.epoch(0, "microseconds")) { Collection(${collection}).all().first()?.id }`;

/**
 * The start of a read of the whole collection: its first page, and the id of its last document
 * (null when empty), which bounds the id ranges read concurrently when there is more than a page.
 */
export const readStart = (collection: string, size: number): Template =>
  fql`{ page: Collection(${collection}).all().pageSize(${size}), last: Collection(${collection}).all().reverse().first()?.id }`;

/** The ids of the collection's first and last documents (null when empty), which bound discover's sample and a feed's id ranges. */
export const idEnds = (collection: string): Template =>
  fql`{ first: Collection(${collection}).all().first()?.id, last: Collection(${collection}).all().reverse().first()?.id }`;

/**
 * Id ranges (inclusive; a bound left out is open) read together: the first page of each, all at
 * this query's snapshot. A range open at both ends is the whole collection, `all()`: Fauna refuses
 * `all({})` (400 invalid_argument, `collectRange` in `runtime/fql2/stdlib/CollectionIndexMethod.scala`
 * of `fauna/faunadb`).
 */
export const rangePages = (collection: string, ranges: IdBounds[], size: number): Template =>
  arrayOf(ranges.map((range) => rangePage(collection, range, size)));

type IdBounds = { from?: string; to?: string };

const rangePage = (collection: string, range: IdBounds, size: number): Template =>
  range.from === undefined && range.to === undefined
    ? documentsPage(collection, size)
    : fql`Collection(${collection}).all(${range}).pageSize(${size})`;

/**
 * The first page of an id range at the snapshot `ts` (µs) of a read under way: a range cut from
 * one being read starts with it, its set made inside `at` so that its membership is the snapshot's.
 */
export const rangePageAt = (collection: string, range: IdBounds, size: number, ts: number): Template =>
  fql`at (Time.epoch(${ts}, "microseconds")) { ${rangePage(collection, range, size)} }`;

/**
 * The first page of a collection's documents, in id order. Its answer's txn_ts is the snapshot
 * that the pages of its cursor keep reading.
 */
export const documentsPage = (collection: string, size: number): Template =>
  fql`Collection(${collection}).all().pageSize(${size})`;

/**
 * An event source on every change of the collection. Creating it needs read on the collection
 * (400 permission_denied otherwise), where sets hide unreadable documents without a word: it is
 * also the readability probe.
 */
export const eventSource = (collection: string): Template => fql`Collection(${collection}).all().eventSource()`;

/**
 * Event sources on id ranges [from, to) of a collection (a bound left out is open), one per range.
 * Fauna refuses `.eventSource()` on `all({ from, to })` (400 invalid_receiver, "range queries are
 * not supported yet, use `.where()` method instead": `toEventSourceImpl` in
 * `runtime/fql2/ValueSet.scala` of `fauna/faunadb`), so a range is a `where` on the id, which the
 * core compares to a string as a 64-bit integer (`ValueCmp.scala`, same folder).
 */
export const rangeSources = (collection: string, ranges: { from?: string; to?: string }[]): Template =>
  arrayOf(ranges.map((range) => rangeSource(collection, range)));

function rangeSource(collection: string, { from, to }: { from?: string; to?: string }): Template {
  if (from !== undefined && to !== undefined)
    return fql`Collection(${collection}).where(.id >= ${from} && .id < ${to}).eventSource()`;
  if (from !== undefined) return fql`Collection(${collection}).where(.id >= ${from}).eventSource()`;
  if (to !== undefined) return fql`Collection(${collection}).where(.id < ${to}).eventSource()`;
  return eventSource(collection);
}

/** `query`, or null when the database has no collection named `collection`. */
const ifAny = (collection: string, query: Template): Template =>
  fql`if (Collection.byName(${collection}) != null) ${query} else null`;

const eventSourceIfAny = (collection: string): Template => ifAny(collection, eventSource(collection));

/** What the plan's first round trip asks for besides the collections, each a list of collection names. */
export interface PlanAsks {
  /** Event sources on the whole collection. */
  sources: string[];
  /** Starts of a read of the whole collection (`readStart`). */
  starts: string[];
  /** The ids of the first and last documents (`idEnds`), which bound a catch-up's id ranges. */
  ends: string[];
}

/**
 * The plan's first round trip: the first page of collection definitions (`collections` a page),
 * and what `asks` lists (starts of reads in pages of `size`), in their orders, each null for a
 * collection the database lacks: made with it rather than one round trip each.
 */
export const planStart = (collections: number, asks: PlanAsks, size: number): Template =>
  fql`{ collections: ${collectionsPage(collections)}, sources: ${arrayOf(asks.sources.map(eventSourceIfAny))}, starts: ${arrayOf(
    asks.starts.map((collection) => ifAny(collection, readStart(collection, size))),
  )}, ends: ${arrayOf(asks.ends.map((collection) => ifAny(collection, idEnds(collection))))} }`;
