// `check` in FQL v10 mode: the secret, the listing of collections, and read permission on each
// collection to sync, probed with an event source (a set would hide unreadable documents
// silently), then its history (src/source/v10/history-read.ts); a collection whose history lasts
// 15 minutes (history_days 0) is warned about.
import { logMessage } from '../../airbyte/messages.js';
import type { MessageWriter } from '../../airbyte/writer.js';
import type { FaunaClient } from '../../fauna/v10/client.js';
import type { SourceConfig } from '../config.js';
import { describeFailure, isUnauthorized, SetupError } from '../errors.js';
import type { CollectionInfo } from './collections.js';
import { connect, planCollections } from './connect.js';
import { hidesHistory, historyHidden } from './history-read.js';
import { eventSource } from './queries.js';
import { raiseHistory, readProblem } from './stream.js';

/** The problem to report as a FAILED status, or undefined when the connection works. */
export async function check(config: SourceConfig, out: MessageWriter): Promise<string | undefined> {
  return withCollections(config, out, async (client, collections) => {
    const unreadable = await unreadableCollections(client, collections);
    if (unreadable !== undefined) return unreadable;
    const hidden = await Promise.all(collections.map(({ name }) => hidesHistory(client, name)));
    const noHistory = collections.filter((_, i) => hidden[i]).map(({ name }) => historyHidden(name));
    if (noHistory.length > 0) return noHistory.join('; ');
    for (const { name, historyDays } of collections) {
      if (historyDays !== 0) continue;
      await out.emit(
        logMessage(
          'WARN',
          `Collection '${name}' keeps 15 minutes of history (history_days 0): an incremental ` +
            'sync more than 15 minutes after the previous one cannot read its event feed, and a read of the whole collection ' +
            `moves to a newer snapshot every 7 minutes. Raise it, e.g. ${raiseHistory(name, 7)}`,
        ),
      );
    }
    return undefined;
  });
}

/**
 * Connects with the config's secret and lists the collections to sync, then runs `body`; a
 * problem of the connection, the secret or the listing is returned as the FAILED message.
 */
export async function withCollections(
  config: SourceConfig,
  out: MessageWriter,
  body: (client: FaunaClient, collections: CollectionInfo[]) => Promise<string | undefined>,
): Promise<string | undefined> {
  let client: FaunaClient;
  try {
    client = await connect(config.connection, out);
  } catch (error) {
    // The SSH tunnel could not be opened: its message names the hop that failed.
    return `Failed to connect to database: ${(error as Error).message}`;
  }
  try {
    let collections: CollectionInfo[];
    try {
      collections = await planCollections(client, config);
    } catch (error) {
      if (isUnauthorized(error)) return 'Failed to connect to database: Unauthorized';
      if (error instanceof SetupError) return error.message;
      const failure = describeFailure(error);
      if (failure.failureType !== 'config_error') throw error;
      return `Failed to connect to database: ${failure.message}`;
    }
    return await body(client, collections);
  } finally {
    await client.close();
  }
}

/** What the key may not read of `collections`, probed with an event source on each; undefined: all. */
export async function unreadableCollections(
  client: FaunaClient,
  collections: CollectionInfo[],
): Promise<string | undefined> {
  const problems = await Promise.all(
    collections.map(async (collection) => {
      try {
        await client.query(eventSource(collection.name));
        return undefined;
      } catch (error) {
        const problem = readProblem(error, collection.name);
        if (problem === undefined) throw error;
        return problem.message;
      }
    }),
  );
  const unreadable = problems.filter((problem) => problem !== undefined);
  return unreadable.length > 0 ? unreadable.join('; ') : undefined;
}
