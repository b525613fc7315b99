import type { FaunaClient } from '../../fauna/v4/client.js';
import { FaunaError } from '../../fauna/errors.js';
import { isPermissionDenied, SetupError } from '../errors.js';
import { document, firstDocument } from './queries.js';

// Any id will do: the probe only needs Fauna's answer for a document of the collection.
const PROBE_ID = '0';

/**
 * Fails unless the key's role may read the documents of `collection`. Fauna filters
 * Paginate(Documents(C)) and index entries by that privilege without an error, so a sync without
 * it would silently emit nothing. A document on the first page settles it; on an empty page a Get
 * tells the two apart: a document the role may read answers 200 or 404, one it may not 403 (Fauna
 * ranks permission above not-found). The page (`firstPage` when the caller read it already) comes first because a role's read predicate may
 * refuse a document that does not exist while granting real ones.
 */
export async function assertReadable(
  client: FaunaClient,
  collection: string,
  firstPage?: { data: unknown[] },
): Promise<void> {
  const page = firstPage ?? ((await client.query(firstDocument(collection))) as { data: unknown[] });
  if (page.data.length > 0) return;
  try {
    await client.query(document(collection, PROBE_ID));
  } catch (error) {
    if (isPermissionDenied(error)) {
      throw new SetupError(
        `The key's role may not read the documents of collection '${collection}': ` +
          `grant it read on Collection("${collection}"), as the user guide's role does`,
      );
    }
    if (!(error instanceof FaunaError && error.status === 404)) throw error;
  }
}
