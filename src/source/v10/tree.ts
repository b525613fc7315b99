// What the database tree wing (src/source/tree/) needs of FQL v10.
import type { MessageWriter } from '../../airbyte/writer.js';
import type { FaunaClient } from '../../fauna/v10/client.js';
import type { SourceConfig } from '../config.js';
import type { TreeApi } from '../tree/api.js';
import { listDatabases } from './collections.js';
import { discoverStreams } from './discover.js';
import { reader } from './read.js';

export function treeApi(config: SourceConfig, out: MessageWriter) {
  return {
    reader: reader(config, out, { tree: true }),
    // FQL v10 lists the databases of the query's own database only: every child is listed in turn,
    // and its listing brings the first page of its collection definitions for discover.
    children: async (client, schema) => {
      const { names, collections } = await listDatabases(client, schema === true);
      return { children: names.map((name) => ({ name, leaf: false })), schema: collections };
    },
    withSecret: (client, secret) => client.withSecret(secret),
    discoverStreams,
  } satisfies TreeApi<FaunaClient, unknown, object>;
}
