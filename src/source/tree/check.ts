// `check` of a database tree: after the wing's check of the key's own database, that the key may
// list child databases and scope its secret to them, and how many databases the patterns keep.
import { logMessage } from '../../airbyte/messages.js';
import type { MessageWriter } from '../../airbyte/writer.js';
import type { SourceConfig } from '../config.js';
import { SetupError } from '../errors.js';
import type { TreeApi } from './api.js';
import { NO_STREAM_HOOKS } from './databases.js';
import { listTree } from './list.js';
import { keepPaths } from './paths.js';

/** The problem to report as a FAILED status, or undefined when the tree can be read. */
export async function checkTree<Client, Plan, State extends object>(
  config: SourceConfig,
  out: MessageWriter,
  api: TreeApi<Client, Plan, State>,
): Promise<string | undefined> {
  const client = await api.reader.connect(NO_STREAM_HOOKS);
  try {
    const paths = await listTree(api, client, config.connection.secret, out);
    const kept = keepPaths(paths, config.tree!);
    await out.emit(
      logMessage(
        'INFO',
        `Database tree: the key is admin (it lists child databases; each database is read with a scoped ` +
          `server-readonly secret); the tree has ${paths.length} databases, the patterns keep ${kept.length}`,
      ),
    );
    return undefined;
  } catch (error) {
    if (error instanceof SetupError) return error.message;
    throw error;
  } finally {
    await api.reader.close(client);
  }
}
