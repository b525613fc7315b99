import { streamKey } from '../../airbyte/stream-key.js';
import type { ConfiguredAirbyteStream } from '../../airbyte/types.js';
import { SetupError } from '../errors.js';

/** The catalog leaves sync_mode to each stream: a mode this source does not know fails that stream only. */
export function unknownSyncMode(stream: string, syncMode: unknown): SetupError {
  return new SetupError(
    `Stream '${stream}' has an unknown sync_mode ${JSON.stringify(syncMode)}; ` +
      'use "full_refresh" or "incremental" in the configured catalog',
  );
}

/**
 * The streams whose first query is sent with the plan's, a round trip sooner: full refreshes
 * without saved state, as many as start at once (`max`, the first in the catalog's order).
 */
export function freshFullRefreshes(
  configured: ConfiguredAirbyteStream[],
  saved: Map<string, unknown>,
  max: number,
): string[] {
  return configured
    .filter((stream) => stream.sync_mode === 'full_refresh' && !saved.has(streamKey(stream.stream)))
    .slice(0, max)
    .map(({ stream }) => stream.name);
}
