import { InputError } from '../airbyte/files.js';
import type { MessageWriter } from '../airbyte/writer.js';
import { checkFailure } from './check-failure.js';
import { ConfigError, parseConfig, type SourceConfig } from './config.js';
import { withTreeApi } from './tree/api.js';

/**
 * `check`: exactly one CONNECTION_STATUS, and exit code 0, whatever happens. FAILED with the
 * messages of Airbyte's Python connector 0.1.x for what the user must fix in the config file, the
 * config, the secret, permissions, collection and index; FAILED with what to check for a server
 * that cannot be reached or is not Fauna (check-failure.ts). The config is loaded here so that a
 * config file that cannot be read is a FAILED status too.
 */
export async function check(loadConfig: () => unknown, out: MessageWriter): Promise<number> {
  let problem: string | undefined;
  let config: SourceConfig | undefined;
  try {
    config = parseConfig(loadConfig());
    problem = await connectionProblem(config, out);
  } catch (error) {
    problem =
      error instanceof ConfigError || error instanceof InputError
        ? error.message
        : await checkFailure(error, config, out);
  }
  await out.emit({
    type: 'CONNECTION_STATUS',
    connectionStatus: problem === undefined ? { status: 'SUCCEEDED' } : { status: 'FAILED', message: problem },
  });
  return 0;
}

async function connectionProblem(config: SourceConfig, out: MessageWriter): Promise<string | undefined> {
  if (config.archive !== undefined) return (await import('./archive/check.js')).check(config, out);
  const problem =
    config.fqlVersion === '10'
      ? await (await import('./v10/check.js')).check(config, out)
      : await (await import('./v4/check.js')).check(config, out);
  if (problem !== undefined || config.tree === undefined) return problem;
  const { checkTree } = await import('./tree/check.js');
  return withTreeApi(config, out, (api) => checkTree(config, out, api));
}
