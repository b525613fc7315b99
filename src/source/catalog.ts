import { isObject, jsonKind as kind } from '../airbyte/json-kind.js';
import { streamKey } from '../airbyte/stream-key.js';
import type { ConfiguredAirbyteCatalog } from '../airbyte/types.js';
import { SetupError } from './errors.js';

const FIX = 'build the configured catalog from the streams that discover returns';

/**
 * The configured catalog of `read`, checked before anything is read: each entry must name a
 * stream once. A sync_mode this source does not know fails its stream only (see read.ts).
 */
export function parseCatalog(input: unknown): ConfiguredAirbyteCatalog {
  if (!isObject(input)) throw invalid(`it is ${kind(input)}, not an object with a "streams" array`);
  const streams = input.streams;
  if (!Array.isArray(streams)) throw invalid('it has no "streams" array');
  const names = new Set<string>();
  streams.forEach((configured: unknown, i) => {
    const stream = isObject(configured) ? configured.stream : undefined;
    if (!isObject(stream)) throw invalid(`streams[${i}] has no "stream" object`);
    const { name, namespace } = stream;
    if (typeof name !== 'string' || name === '') throw invalid(`streams[${i}].stream.name is not a stream name`);
    if (namespace !== undefined && namespace !== null && typeof namespace !== 'string') {
      throw invalid(`streams[${i}].stream.namespace is not a string`);
    }
    const key = streamKey({ name, namespace: namespace as string | null | undefined });
    if (names.has(key)) throw invalid(`stream '${name}' is configured twice`);
    names.add(key);
  });
  return input as unknown as ConfiguredAirbyteCatalog;
}

function invalid(problem: string): SetupError {
  return new SetupError(`Invalid catalog: ${problem}; ${FIX}`);
}
