// Where an export archive's files are read from: a folder on this machine, or an S3 prefix (s3.ts). Names are the paths
// below the location, separated by '/', whatever the depth: a hosted Snapshot Export's layout is
// not published, so files are found by listing everything and matching names (names.ts).
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { SetupError } from '../errors.js';

/** An archive that cannot be read as it is: the message says what is wrong and what to do. */
export class ArchiveError extends SetupError {}

export interface StoredFile {
  /** The path below the location, '/'-separated. */
  name: string;
  size: number;
}

export interface ArchiveStore {
  /** The location, for messages. */
  where: string;
  /** Every file below the location. */
  list(): Promise<StoredFile[]>;
  open(name: string): Promise<Readable>;
  text(name: string): Promise<string>;
  close(): void;
}

export function folderStore(folder: string): ArchiveStore {
  return {
    where: folder,
    list: async () => {
      const found = await stat(folder).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') {
          throw new ArchiveError(
            `The export archive's folder '${folder}' does not exist: set export_archive.location to the folder that holds the export`,
          );
        }
        throw error;
      });
      if (!found.isDirectory()) {
        throw new ArchiveError(
          `export_archive.location '${folder}' is a file, not a folder: give the folder that holds the export`,
        );
      }
      const entries = await readdir(folder, { recursive: true, withFileTypes: true });
      const files = entries.filter((entry) => entry.isFile());
      return Promise.all(
        files.map(async (entry) => {
          const path = join(entry.parentPath, entry.name);
          return { name: relative(folder, path).split(sep).join('/'), size: (await stat(path)).size };
        }),
      );
    },
    open: async (name) => createReadStream(join(folder, name)),
    text: (name) => readFile(join(folder, name), 'utf8'),
    close: () => {},
  };
}
