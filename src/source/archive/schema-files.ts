// The FSL schema files that type a simple-format export (export_archive.schema_directory): every
// `.fsl` file below the folder, as `fauna schema pull` writes them, read once when the archive is
// opened.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ANY, FslError, parseFsl, type FslCollection } from './fsl.js';
import { ArchiveError } from './store.js';

// `fauna schema pull` writes user collections only; a Credential's `document` is always a reference.
const CREDENTIAL: FslCollection = {
  name: 'Credential',
  type: { kind: 'object', fields: new Map([['document', { kind: 'ref' }]]), wildcard: ANY },
};

/** The collections the `.fsl` files below `folder` define, by name, and Credential. */
export async function readSchemaFiles(folder: string): Promise<Map<string, FslCollection>> {
  let names: string[];
  try {
    names = (await readdir(folder, { recursive: true })).filter((name) => name.endsWith('.fsl')).sort();
  } catch (error) {
    throw new ArchiveError(
      `export_archive.schema_directory '${folder}' cannot be read (${(error as Error).message}): ` +
        'set it to the folder `fauna schema pull` wrote the .fsl files into',
    );
  }
  if (names.length === 0) {
    throw new ArchiveError(
      `export_archive.schema_directory '${folder}' holds no .fsl file: set it to the folder \`fauna schema pull\` wrote them into, or unset it`,
    );
  }
  const collections = new Map<string, FslCollection>();
  for (const name of names) {
    let found: FslCollection[];
    try {
      found = parseFsl(await readFile(join(folder, name), 'utf8'));
    } catch (error) {
      if (!(error instanceof FslError)) throw error;
      throw new ArchiveError(
        `${join(folder, name)}, ${error.message}: it is not FSL as Fauna reads it; fix it, or remove it from export_archive.schema_directory`,
      );
    }
    for (const collection of found) {
      if (collections.has(collection.name)) {
        throw new ArchiveError(
          `Collection ${collection.name} is defined twice in export_archive.schema_directory (again in ${name}): keep one definition`,
        );
      }
      collections.set(collection.name, collection);
    }
  }
  if (!collections.has(CREDENTIAL.name)) collections.set(CREDENTIAL.name, CREDENTIAL);
  return collections;
}
