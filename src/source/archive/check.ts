// `check` of an export archive: the archive opened and checked (every part's metadata present,
// its files_count and files_bytes those of the files there, one format throughout), then what was
// found, logged.
import { logMessage } from '../../airbyte/messages.js';
import type { MessageWriter } from '../../airbyte/writer.js';
import type { ArchiveConfig } from '../config.js';
import { open, summary } from './open.js';
import { ArchiveError } from './store.js';

export async function check(config: ArchiveConfig, out: MessageWriter): Promise<string | undefined> {
  try {
    const archive = await open(config, out);
    archive.store.close();
    await out.emit(logMessage('INFO', summary(archive)));
    return undefined;
  } catch (error) {
    if (error instanceof ArchiveError) return error.message;
    throw error;
  }
}
