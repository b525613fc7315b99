// Every FQL v10 query the source sends (fql-v10.md §3.7), built in one place. Collection names,
// cursors and sizes are template values, never FQL text.
import { fql, type Template } from '../../fauna/v10/template.js';

/** The collection definitions (named documents), a page at a time. */
export const collectionsPage = (size: number): Template => fql`Collection.all().pageSize(${size})`;

/** The next page of any set, pinned to the snapshot of the query that started it. */
export const nextPage = (after: string, size: number): Template => fql`Set.paginate(${after}, ${size})`;

/**
 * The first page of a collection's documents, in id order. Its answer's txn_ts is the snapshot
 * that the pages of its cursor keep reading.
 */
export const documentsPage = (collection: string, size: number): Template => fql`Collection(${collection}).all().pageSize(${size})`;

/**
 * An event source on every change of the collection. Creating it needs read on the collection
 * (400 permission_denied otherwise), where sets hide unreadable documents without a word: it is
 * also the readability probe.
 */
export const eventSource = (collection: string): Template => fql`Collection(${collection}).all().eventSource()`;
