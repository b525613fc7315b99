// Incremental sync needs an index over the collection whose values begin with ts and ref: a
// Range over it yields every document changed since a cursor, in (ts, ref) order.
import type { FaunaClient } from '../../fauna/v4/client.js';
import { FaunaError } from '../../fauna/errors.js';
import * as q from '../../fauna/v4/query.js';
import { selectPath, type WireObject, type WireValue } from '../../fauna/wire.js';
import { isPermissionDenied, SetupError } from '../errors.js';
import { allPages } from './pages.js';
import { firstDocument, indexDefinition, indexDefinitionsPage } from './queries.js';
import { pythonRepr } from '../repr.js';
import { isObject } from '../../airbyte/json-kind.js';

// Index definitions are listed this many per query: discover costs one round trip per 500
// indexes, not one per index as in the Python connector.
const INDEX_PAGE_SIZE = 500;

const EXPECTED_VALUES = "[{'field': 'ts'}, {'field': 'ref'}]";

/** The collection name when `source` is the ref of one user collection. */
function sourceCollection(source: WireValue | undefined): string | undefined {
  if (source === undefined || selectPath(source, ['collection', 'id']) !== 'collections') return undefined;
  if (selectPath(source, ['collection', 'collection']) !== undefined) return undefined;
  const id = selectPath(source, ['id']);
  return typeof id === 'string' ? id : undefined;
}

/** True when an index term or value is `{field: name}` (a string or a one-element path), ascending. */
function isField(entry: WireValue | undefined, name: string): boolean {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return false;
  if (entry.reverse === true) return false;
  const field = entry.field;
  return field === name || (Array.isArray(field) && field.length === 1 && field[0] === name);
}

function listOf(value: WireValue | undefined): WireValue[] {
  return Array.isArray(value) ? value : [];
}

/** Why `index` cannot drive incremental syncs of `collection`, in the Python connector's words; undefined if it can. */
export function incrementalIndexProblem(indexName: string, index: WireObject, collection: string): string | undefined {
  const source = sourceCollection(index.source);
  if (source !== collection) {
    const actual = source ?? pythonRepr(index.source ?? null);
    return `Index '${indexName}' should have source '${collection}', but it has source '${actual}'`;
  }
  const terms = listOf(index.terms);
  if (terms.length > 0) return `Index '${indexName}' should have no terms, but it has terms ${pythonRepr(terms)}`;
  const values = listOf(index.values);
  if (!isField(values[0], 'ts') || !isField(values[1], 'ref')) {
    return `Index should have values ${EXPECTED_VALUES}, but it has values ${pythonRepr(values)}`;
  }
  return undefined;
}

/**
 * Single-collection mode: the collection must exist and the configured index (if any) must suit
 * it. Throws a SetupError with the Python connector's message otherwise.
 */
export async function validateCollection(client: FaunaClient, collection: string, indexName: string): Promise<void> {
  try {
    await client.query(firstDocument(collection));
  } catch (error) {
    if (error instanceof FaunaError && error.status === 400)
      throw new SetupError(`Collection '${collection}' does not exist`);
    throw error;
  }
  if (indexName === '') return;
  let index: WireValue;
  try {
    index = await client.query(indexDefinition(indexName));
  } catch (error) {
    if (isPermissionDenied(error)) {
      throw new SetupError(
        `Cannot read the definition of index '${indexName}': the key's role needs read on Indexes()`,
      );
    }
    throw error;
  }
  if (index === null || typeof index !== 'object' || Array.isArray(index))
    throw new SetupError(`Index '${indexName}' does not exist`);
  const problem = incrementalIndexProblem(indexName, index, collection);
  if (problem !== undefined) throw new SetupError(problem);
}

/**
 * All-collections mode: the index of each collection that suits incremental syncs, from the first
 * page of definitions (`first`, when the caller asked for it already) on. Index
 * definitions the key may not read are skipped. When several suit, the choice does not depend on
 * the order Fauna lists them in (docs/configuration.md): one whose values are exactly [ts, ref]
 * (one entry per document) before one with more values, then the first name in code-unit order.
 */
export async function findIncrementalIndexes(client: FaunaClient, first?: WireValue): Promise<Map<string, string>> {
  // Fauna's Exists is false for an index the role may not read (it ANDs the permission check),
  // so a forbidden definition comes back null instead of failing the whole page with a 403.
  const definitions = await allPages(
    client,
    (after) => indexDefinitionsPage(INDEX_PAGE_SIZE, after),
    (value) => (isObject(value) ? value : undefined),
    first,
  );
  const found = new Map<string, { name: string; values: number }>();
  for (const index of definitions) {
    const name = selectPath(index, ['ref', 'id']);
    const collection = sourceCollection(index.source);
    if (typeof name !== 'string' || collection === undefined) continue;
    if (incrementalIndexProblem(name, index, collection) !== undefined) continue;
    const candidate = { name, values: listOf(index.values).length };
    const chosen = found.get(collection);
    if (chosen === undefined || preferred(candidate, chosen)) found.set(collection, candidate);
  }
  return new Map([...found].map(([collection, { name }]) => [collection, name]));
}

function preferred(a: { name: string; values: number }, b: { name: string; values: number }): boolean {
  return a.values !== b.values ? a.values < b.values : a.name < b.name;
}

/** The query of the first page of index definitions, for a caller that sends it along with others. */
export const firstIndexPage = (): q.Expr => indexDefinitionsPage(INDEX_PAGE_SIZE);
