import type { ConfiguredAirbyteCatalog, ConfiguredAirbyteStream } from '../airbyte/types.js';
import { SetupError } from './errors.js';

/** The configured catalog of `read`, checked just enough to route its streams. */
export function parseCatalog(input: unknown): ConfiguredAirbyteCatalog {
  const streams = (input as { streams?: unknown } | null)?.streams;
  if (!Array.isArray(streams)) throw new SetupError('Invalid catalog: it has no "streams" array');
  for (const [i, configured] of streams.entries()) {
    const name = (configured as Partial<ConfiguredAirbyteStream> | null)?.stream?.name;
    if (typeof name !== 'string') throw new SetupError(`Invalid catalog: streams[${i}].stream.name is not a string`);
  }
  return input as ConfiguredAirbyteCatalog;
}
