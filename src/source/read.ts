import type { MessageWriter } from '../airbyte/writer.js';
import { parseConfig } from './config.js';
import { readStreams } from './core/sync.js';
import { withTreeApi } from './tree/api.js';

/** `read`: the configured streams, by the reader of the export archive or of the config's fql_version (v4/ or v10/). */
export async function read(
  configInput: unknown,
  catalogInput: unknown,
  stateInput: unknown,
  out: MessageWriter,
): Promise<number> {
  const config = parseConfig(configInput);
  if (config.tree !== undefined) {
    const { tree } = config;
    const { unionReader } = await import('./tree/union.js');
    const { namespacesReader } = await import('./tree/namespaces.js');
    return withTreeApi(config, out, (api) =>
      tree.layout === 'namespaces'
        ? readStreams(config, catalogInput, stateInput, out, namespacesReader(config, out, api))
        : readStreams(config, catalogInput, stateInput, out, unionReader(config, out, api)),
    );
  }
  if (config.archive !== undefined) {
    const { reader } = await import('./archive/read.js');
    return readStreams(config, catalogInput, stateInput, out, reader(config.archive, out));
  }
  if (config.fqlVersion === '10')
    return readStreams(config, catalogInput, stateInput, out, (await import('./v10/read.js')).reader(config, out));
  return readStreams(config, catalogInput, stateInput, out, (await import('./v4/read.js')).reader(config, out));
}
