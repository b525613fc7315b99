import type { MessageWriter } from '../airbyte/writer.js';
import { parseConfig } from './config.js';
import { withTreeApi } from './tree/api.js';

/** `discover`: one CATALOG message; any failure is thrown and becomes an ERROR trace. */
export async function discover(input: unknown, out: MessageWriter): Promise<number> {
  const config = parseConfig(input);
  if (config.tree !== undefined) {
    const { discoverTree } = await import('./tree/discover.js');
    return withTreeApi(config, out, (api) => discoverTree(config, out, api));
  }
  if (config.archive !== undefined) return (await import('./archive/discover.js')).discover(config, out);
  if (config.fqlVersion === '10') return (await import('./v10/discover.js')).discover(config, out);
  return (await import('./v4/discover.js')).discover(config, out);
}
