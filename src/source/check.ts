import { InputError } from '../airbyte/files.js';
import type { MessageWriter } from '../airbyte/writer.js';
import { ConfigError, parseConfig, type SourceConfig } from './config.js';

/**
 * `check`: CONNECTION_STATUS FAILED, with the Python connector's messages, for anything the user must fix
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
  if (config.fqlVersion === '10') return (await import('./v10/check.js')).check(config, out);
  return (await import('./v4/check.js')).check(config, out);
}
