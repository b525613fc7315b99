// `check` in FQL v4 mode: the secret, then the collection and index of single-collection mode,
// or the permissions to list collections and indexes.
import type { MessageWriter } from '../../airbyte/writer.js';
import type { FaunaClient } from '../../fauna/v4/client.js';
import type { Expr } from '../../fauna/v4/query.js';
import type { SourceConfig } from '../config.js';
import { describeFailure, isUnauthorized, SetupError } from '../errors.js';
import { connect } from './connect.js';
import { validateCollection } from './indexes.js';
import { firstCollections, firstIndexes, ping } from './queries.js';
import { assertReadable } from './readable.js';

/** The problem to report as a FAILED status, or undefined when the connection works. */
export async function check(config: SourceConfig, out: MessageWriter): Promise<string | undefined> {
  let client: FaunaClient;
  try {
    client = await connect(config.connection, out);
  } catch (error) {
    // The SSH tunnel could not be opened: its message names the hop that failed.
    return `Failed to connect to database: ${userProblem(error)}`;
  }
  try {
    try {
      await client.query(ping());
    } catch (error) {
      if (isUnauthorized(error)) return 'Failed to connect to database: Unauthorized';
      return `Failed to connect to database: ${userProblem(error)}`;
    }
    if (config.single) {
      try {
        await validateCollection(client, config.single.collection, config.single.index);
        await assertReadable(client, config.single.collection);
      } catch (error) {
        return userProblem(error);
      }
      return undefined;
    }
    if (!(await allowed(client, firstCollections()))) return 'No permissions to list collections';
    if (!(await allowed(client, firstIndexes()))) return 'No permissions to list indexes';
    return undefined;
  } finally {
    await client.close();
  }
}

/** The message of an error the user must fix; anything else is rethrown. */
function userProblem(error: unknown): string {
  if (error instanceof SetupError) return error.message;
  const failure = describeFailure(error);
  if (failure.failureType !== 'config_error') throw error;
  return failure.message;
}

/** Whether the query runs; a failure that is not the user's to fix is rethrown. */
async function allowed(client: FaunaClient, query: Expr): Promise<boolean> {
  try {
    await client.query(query);
    return true;
  } catch (error) {
    userProblem(error);
    return false;
  }
}
