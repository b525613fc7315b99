import { InputError } from '../airbyte/files.js';
import type { MessageWriter } from '../airbyte/writer.js';
import type { FaunaClient } from '../fauna/client.js';
import type { Expr } from '../fauna/query.js';
import { ConfigError, parseConfig, type SourceConfig } from './config.js';
import { connect } from './connect.js';
import { describeFailure, isUnauthorized, SetupError } from './errors.js';
import { validateCollection } from './v4/indexes.js';
import { firstCollections, firstIndexes, ping } from './v4/queries.js';
import { assertReadable } from './v4/readable.js';

/**
 * `check`: CONNECTION_STATUS FAILED, with the seed's messages, for anything the user must fix
 * (config file, config, secret, permissions, collection, index); other failures (server
 * unreachable after retries, our bugs) are thrown and become an ERROR trace. The config is
 * loaded here so that a config file that cannot be read is a FAILED status too.
 */
export async function check(loadConfig: () => unknown, out: MessageWriter): Promise<number> {
  let problem: string | undefined;
  try {
    problem = await connectionProblem(parseConfig(loadConfig()), out);
  } catch (error) {
    if (!(error instanceof ConfigError || error instanceof InputError)) throw error;
    problem = error.message;
  }
  await out.emit({
    type: 'CONNECTION_STATUS',
    connectionStatus: problem === undefined ? { status: 'SUCCEEDED' } : { status: 'FAILED', message: problem },
  });
  return 0;
}

async function connectionProblem(config: SourceConfig, out: MessageWriter): Promise<string | undefined> {
  if (config.fqlVersion === '10') return (await import('./v10/check.js')).checkV10(config, out);
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
