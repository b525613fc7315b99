// What the database tree wing (src/source/tree/) needs of FQL v4.
import type { MessageWriter } from '../../airbyte/writer.js';
import type { FaunaClient } from '../../fauna/v4/client.js';
import type { SourceConfig } from '../config.js';
import type { TreeApi } from '../tree/api.js';
import { discoverStreams } from './discover.js';
import { listChildren } from './plan.js';
import { reader } from './read.js';

export function treeApi(config: SourceConfig, out: MessageWriter) {
  return {
    reader: reader(config, out),
    children: async (client) => ({ children: await listChildren(client) }),
    withSecret: (client, secret) => client.withSecret(secret),
    discoverStreams,
  } satisfies TreeApi<FaunaClient, unknown, object>;
}
