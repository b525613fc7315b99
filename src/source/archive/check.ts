// `check` of an export archive: the archive opened and checked (every part's metadata present,
// its files_count and files_bytes those of the files there, one format throughout), then what was
// found, logged. With the live database named beside it (live.ts), that database too: the secret,
// and the event feed of every exported collection that carries on from it, which the key must read.
import { logMessage } from '../../airbyte/messages.js';
import type { MessageWriter } from '../../airbyte/writer.js';
import type { SourceConfig } from '../config.js';
import { timeToMicros } from '../../fauna/v10/tagged.js';
import { timeNow } from '../v10/queries.js';
import { raiseHistory } from '../v10/stream.js';
import type { Archive } from './archive.js';
import { hasFeed, hasLiveDatabase, noFeed } from './live.js';
import { open, summary } from './open.js';
import { ArchiveError } from './store.js';

export async function check(config: SourceConfig, out: MessageWriter): Promise<string | undefined> {
  let archive: Archive;
  try {
    archive = await open(config.archive!, out);
    archive.store.close();
    await out.emit(logMessage('INFO', summary(archive)));
  } catch (error) {
    if (error instanceof ArchiveError) return error.message;
    throw error;
  }
  if (!hasLiveDatabase(config)) return undefined;
  const problem = await checkLive(config, archive, out);
  return problem === undefined
    ? undefined
    : `The export is readable, but the live database named beside it is not: ${problem}`;
}

/**
 * The live database: its secret works, its key reads the feeds of the exported collections (those
 * it has), and their history still reaches back to the export's snapshot.
 */
async function checkLive(config: SourceConfig, archive: Archive, out: MessageWriter): Promise<string | undefined> {
  const { withCollections, unreadableCollections } = await import('../v10/check.js');
  const collections = archive.collections.filter(hasFeed);
  return withCollections(config, out, async (client, listed) => {
    const live = listed.filter((info) => collections.includes(info.name));
    // A collection the live database no longer has can still be read from the export, in full refresh.
    for (const name of collections.filter((name) => !live.some((info) => info.name === name)))
      await out.emit(logMessage('WARN', noFeed(name)));
    const unreadable = await unreadableCollections(client, live);
    if (unreadable !== undefined) return unreadable;
    const { data } = await client.query(timeNow());
    const age = timeToMicros((data as { '@time': string })['@time']) - timeToMicros(archive.snapshotTs);
    for (const { name, historyDays } of live) {
      if (historyDays === null || age <= historyMicros(historyDays)) continue;
      await out.emit(logMessage('WARN', historyTooShort(name, historyDays, archive.snapshotTs)));
    }
    await out.emit(
      logMessage(
        'INFO',
        live.length === 0
          ? 'The live database answers, and has none of the exported collections: no stream carries on from it'
          : `The live database answers, and its key reads the event feeds of ${live.map((info) => info.name).join(', ')}: ` +
              "their incremental syncs carry on from the export's snapshot",
      ),
    );
    return undefined;
  });
}

// A collection with history_days 0 keeps 15 minutes of history (docs/from-export.md).
const historyMicros = (days: number): number => (days === 0 ? 15 * 60 : days * 86_400) * 1e6;

const historyTooShort = (name: string, days: number, snapshotTs: string): string =>
  `Collection '${name}' keeps ${days === 0 ? '15 minutes' : `${days} day(s)`} of history, and the export's snapshot ` +
  `${snapshotTs} is older: its event feed cannot start there, so the sync after the archive's follows ` +
  'collection.deletions.invalid_cursor_behavior (fail: the stream stops; continue: the live collection is read again in ' +
  `full). To carry on without either, raise its history (e.g. ${raiseHistory(name, 7)}) and export again`;
