import { SetupError } from '../errors.js';

/** The catalog leaves sync_mode to each stream: a mode this source does not know fails that stream only. */
export function unknownSyncMode(stream: string, syncMode: unknown): SetupError {
  return new SetupError(
    `Stream '${stream}' has an unknown sync_mode ${JSON.stringify(syncMode)}; ` +
      'use "full_refresh" or "incremental" in the configured catalog',
  );
}
