// `discover` of a database tree. Union layout: one stream per collection name of the kept
// databases, its data typed by the samples of up to 16 databases together (the sample size
// shared out among them), incremental when it is in every database that has it, and keyed by
// `database` (the path) and `ref`. Namespaces layout: each database's streams as discover of
// that database alone gives them, with the path as their namespace.
import type { AirbyteStream } from '../../airbyte/types.js';
import type { MessageWriter } from '../../airbyte/writer.js';
import { logMessage } from '../../airbyte/messages.js';
import type { SourceConfig } from '../config.js';
import { isUnauthorized } from '../errors.js';
import { catalogStream, type FoundStream } from '../schema.js';
import type { TreeApi } from './api.js';
import { NO_STREAM_HOOKS } from './databases.js';
import { listTree } from './list.js';
import { keepPaths, pathName, scopedSecret } from './paths.js';

export async function discoverTree<Client, Plan, State extends object>(
  config: SourceConfig,
  out: MessageWriter,
  api: TreeApi<Client, Plan, State>,
): Promise<number> {
  const secret = config.connection.secret;
  const client = await api.reader.connect(NO_STREAM_HOOKS);
  try {
    const schemas = new Map<string, unknown>();
    const paths = keepPaths(await listTree(api, client, secret, out, schemas), config.tree!);
    const union = config.tree!.layout === 'union';
    // The union's sample keeps the budget of one collection: spread over at most SAMPLED
    // databases, evenly through the tree, so that discover costs no sample queries in the others
    // (a sampled database costs two round trips per collection, however small its share).
    const sampled = union ? sampledPaths(paths) : new Set(paths);
    const share = { ...config, sampleSize: union ? Math.ceil(config.sampleSize / sampled.size) : config.sampleSize };
    const unsampled = { ...config, sampleSize: 0 };
    const found = await Promise.all(
      paths.map((path) =>
        api
          .discoverStreams(
            api.withSecret(client, scopedSecret(secret, path, 'server-readonly')),
            sampled.has(path) ? share : unsampled,
            schemas.get(path),
          )
          .catch(async (error: unknown) => {
            if (!isUnauthorized(error)) throw error;
            await out.emit(logMessage('WARN', `${pathName(path)} was deleted during discover: it is skipped`));
            return [];
          }),
      ),
    );
    const streams = union
      ? [...merge(found.flat()).values()].map((stream) => unionStream(catalogStream(stream, config.settings)))
      : paths.flatMap((path, i) =>
          found[i]!.map((stream) => ({
            ...catalogStream(stream, config.settings),
            ...(path !== '' && { namespace: path }),
          })),
        );
    await out.emit({ type: 'CATALOG', catalog: { streams } });
    return 0;
  } finally {
    await api.reader.close(client);
  }
}

const SAMPLED = 16;

function sampledPaths(paths: string[]): Set<string> {
  if (paths.length <= SAMPLED) return new Set(paths);
  return new Set(Array.from({ length: SAMPLED }, (_, i) => paths[Math.floor((i * paths.length) / SAMPLED)]!));
}

function merge(found: FoundStream[]): Map<string, FoundStream> {
  const streams = new Map<string, FoundStream>();
  for (const stream of found) {
    const seen = streams.get(stream.name);
    if (seen === undefined) streams.set(stream.name, { ...stream });
    else {
      seen.incremental &&= stream.incremental;
      if (stream.shape !== undefined) {
        if (seen.shape === undefined) seen.shape = stream.shape;
        else seen.shape.merge(stream.shape);
      }
    }
  }
  return streams;
}

/** The `database` column first, and in the primary key: a ref is unique in its database only. */
function unionStream(stream: AirbyteStream): AirbyteStream {
  const schema = stream.json_schema;
  return {
    ...stream,
    json_schema: { ...schema, properties: { database: { type: 'string' }, ...(schema.properties as object) } },
    source_defined_primary_key: [['database'], ['ref']],
  };
}
