// `check` of an export archive: the archive opened and checked (every part's metadata present,
// its files_count and files_bytes those of the files there, one format throughout), then what was
// found, logged. With the live database named beside it (live.ts), that database too: the secret,
// and the event feed of every exported collection that carries on from it, which the key must read.
import { logMessage } from '../../airbyte/messages.js';
import type { MessageWriter } from '../../airbyte/writer.js';
import type { SourceConfig } from '../config.js';
import { hasFeed, hasLiveDatabase, noFeed } from './live.js';
import { open, summary } from './open.js';
import { ArchiveError } from './store.js';

export async function check(config: SourceConfig, out: MessageWriter): Promise<string | undefined> {
  let collections: string[];
  try {
    const archive = await open(config.archive!, out);
    archive.store.close();
    await out.emit(logMessage('INFO', summary(archive)));
    collections = archive.collections.filter(hasFeed);
  } catch (error) {
    if (error instanceof ArchiveError) return error.message;
    throw error;
  }
  if (!hasLiveDatabase(config)) return undefined;
  const problem = await checkLive(config, collections, out);
  return problem === undefined
    ? undefined
    : `The export is readable, but the live database named beside it is not: ${problem}`;
}

/** The live database: its secret works, and its key reads the feeds of `collections` (those it has). */
async function checkLive(config: SourceConfig, collections: string[], out: MessageWriter): Promise<string | undefined> {
  const { withCollections, unreadableCollections } = await import('../v10/check.js');
  return withCollections(config, out, async (client, listed) => {
    const live = listed.filter((info) => collections.includes(info.name));
    // A collection the live database no longer has can still be read from the export, in full refresh.
    for (const name of collections.filter((name) => !live.some((info) => info.name === name)))
      await out.emit(logMessage('WARN', noFeed(name)));
    const unreadable = await unreadableCollections(client, live);
    if (unreadable !== undefined) return unreadable;
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
