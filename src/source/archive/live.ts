// The live database beside an export archive (docs/from-export.md, "Carrying on from the
// export"): with `domain`/`secret` and fql_version "10" set too, a stream syncs incrementally. Its
// first sync reads the archive and leaves a v10 state whose feed starts at the export's
// snapshot_ts; every later sync is the v10 wing's, reading the collection's event feed from there,
// so a change after the snapshot arrives once and none at or before it again.
import type { SourceConfig } from '../config.js';
import type { StreamState } from '../v10/state.js';
import { isObject } from '../../airbyte/json-kind.js';
import { timeToMicros } from '../../fauna/v10/tagged.js';

/** Whether the config names the live database of the archive: its secret, read with FQL v10. */
export const hasLiveDatabase = (config: SourceConfig): boolean =>
  config.connection.secret !== '' && config.fqlVersion === '10';

// The one system collection an export holds; event sources are made on user collections only
// (Fauna's docs: "Event Feeds and Event Streams", https://docs.fauna.com/fauna/current/learn/cdc/).
const CREDENTIALS = 'Credential';

/** Whether a collection of the archive may carry on from its event feed. */
export const hasFeed = (collection: string): boolean => collection !== CREDENTIALS;

/** Why a collection of the export cannot carry on from the live database, with the way out. */
export const noFeed = (collection: string): string =>
  collection === CREDENTIALS
    ? `Stream '${collection}' holds the export's credentials, which have no event feed: sync it in full_refresh`
    : `Collection '${collection}' of the export is not among the collections the live database's key can list, so ` +
      'its changes since the export cannot be read: check domain and secret, or sync this stream in full_refresh';

/** Whether a saved state is the v10 wing's: the archive was read, the feed follows. */
export const isFeedState = (saved: unknown): boolean => isObject(saved) && saved.fql_version === '10';

/**
 * Why an incremental sync of the live database alone (export_archive taken out of the config)
 * cannot take over `saved`, a state of an archive read that stopped in the middle of its files;
 * undefined for any other state. Once the archive was read whole, the state is a v10 feed
 * position, which the v10 wing carries on from with or without the archive.
 */
export function unfinishedArchive(name: string, saved: unknown): string | undefined {
  if (!isObject(saved) || saved.fql_version !== undefined || !isObject(saved.export) || saved.file === undefined)
    return undefined;
  return (
    `The saved state of stream '${name}' stopped in the middle of export archive ${String(saved.export.task_id)} ` +
    `(in ${String(saved.file)}, after ${String(saved.position)} document(s)), and export_archive is no longer in the ` +
    'config: the live database alone cannot go on from there. Set export_archive back until a sync of the stream ' +
    'completes (the syncs after it read the event feed, with or without it), or reset the stream to read the live ' +
    'collection in full'
  );
}

/** The state after the archive is read: the collection's feed starts at the export's snapshot. */
export const feedFromSnapshot = (snapshotTs: string): StreamState => ({
  fql_version: '10',
  feed: { start_ts: timeToMicros(snapshotTs) },
});

/** Why an incremental sync of an archive without its live database is refused, with the way out. */
export const incrementalRefused = (name: string, config: SourceConfig): string =>
  `Stream '${name}' is read from an export archive, which syncs incrementally only when the config names the ` +
  `live database too (domain, secret and fql_version "10"${config.connection.secret !== '' ? ', and fql_version is "4"' : ''}): ` +
  'set them to carry on from the export with event feeds, or set its sync_mode to "full_refresh"';
