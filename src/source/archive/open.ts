import { logMessage } from '../../airbyte/messages.js';
import type { MessageWriter } from '../../airbyte/writer.js';
import type { ArchiveConfig } from '../config.js';
import { openArchive, type Archive } from './archive.js';
import { readSchemaFiles } from './schema-files.js';
import { folderStore } from './store.js';

/** The archive of the config, opened and checked; what was left aside is logged. */
export async function open(config: ArchiveConfig, out: MessageWriter): Promise<Archive> {
  const { location } = config;
  // The S3 client is loaded only for an archive in S3: loading it costs every other run a tenth of a second.
  const store = 'folder' in location ? folderStore(location.folder) : (await import('./s3.js')).s3Store(location.s3);
  let archive: Archive;
  try {
    archive = await openArchive(store, config);
    if (config.schemaDirectory !== undefined) {
      if (archive.docFormat === 'simple') archive.schema = await readSchemaFiles(config.schemaDirectory);
      else {
        archive.notes.push(
          `export_archive.schema_directory is not used: export '${archive.exportId}' is in the tagged format, whose values carry their types`,
        );
      }
    }
  } catch (error) {
    // An S3 client left open would keep the process alive after the failure.
    store.close();
    throw error;
  }
  for (const note of archive.notes) await out.emit(logMessage('WARN', note));
  return archive;
}

/** What an archive holds, in one sentence. */
export function summary(archive: Archive): string {
  const files = [...archive.files.values()].flat();
  const bytes = files.reduce((sum, file) => sum + file.size, 0);
  return (
    `Export '${archive.exportId}' (task ${archive.taskId}) at snapshot ${archive.snapshotTs}: ` +
    `${archive.docFormat} ${archive.datafileFormat}${archive.gzip ? ' gzip' : ''}, ${archive.parts} part(s), ` +
    `${files.length} data file(s) of ${bytes} bytes, collections ${archive.collections.join(', ')}` +
    (archive.schema === undefined ? '' : `; FSL types for ${[...archive.schema.keys()].join(', ') || 'no collection'}`)
  );
}
