// The database tree below the key's database, listed with few round trips: each database lists
// its children (all pages) as soon as its own path is known, so every level is listed at once;
// a child its parent's listing already knows to have no children of its own is not listed.
import type { MessageWriter } from '../../airbyte/writer.js';
import { logMessage } from '../../airbyte/messages.js';
import { isUnauthorized, SetupError } from '../errors.js';
import type { TreeApi } from './api.js';
import { childPath, scopedSecret } from './paths.js';

const NOT_ADMIN =
  'databases.scope is "tree", and the key cannot list child databases: a scoped secret of it is refused. ' +
  'Use the secret of an admin key of the top database of the tree (see docs/database-trees.md)';

/**
 * Every database path of the tree, the key's own ("") first. Given `schemas`, the listings also
 * bring what discover needs of each database where the API's wing can (by path, into `schemas`).
 */
export async function listTree<Client>(
  api: TreeApi<Client, unknown, object>,
  client: Client,
  secret: string,
  out: MessageWriter,
  schemas?: Map<string, unknown>,
): Promise<string[]> {
  // A key that is not admin lists no child databases, without an error: that a scoped secret of
  // it works is what tells an admin key apart (Fauna refuses scoped secrets of other keys).
  await api.children(api.withSecret(client, scopedSecret(secret, '', 'server-readonly'))).catch((error: unknown) => {
    throw isUnauthorized(error) ? new SetupError(NOT_ADMIN) : error;
  });
  const walk = async (path: string, leaf: boolean): Promise<string[]> => {
    if (leaf) return [path];
    let children: { name: string; leaf: boolean }[];
    try {
      const listing = await api.children(
        path === '' ? client : api.withSecret(client, scopedSecret(secret, path, 'admin')),
        schemas !== undefined,
      );
      children = listing.children;
      if (listing.schema !== undefined) schemas?.set(path, listing.schema);
    } catch (error) {
      if (!isUnauthorized(error)) throw error;
      await out.emit(logMessage('WARN', `Database '${path}' was deleted while the tree was listed: it is skipped`));
      return [];
    }
    const below = await Promise.all(children.map((child) => walk(childPath(path, child.name), child.leaf)));
    return [path, ...below.flat()];
  };
  return walk('', false);
}
