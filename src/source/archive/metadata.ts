// `metadata_<PP>.json`: one per part of an export, written once the part's data files are all in
// place (fauna/faunadb, ext/model/src/main/scala/tasks/export/ExportInfo.scala), so its presence
// marks the part complete.
import { isObject } from '../../airbyte/json-kind.js';
import { ArchiveError } from './store.js';

const STRINGS = ['export_id', 'task_id', 'snapshot_ts', 'datafile_ext'] as const;
const COUNTS = ['part', 'total_parts', 'files_count', 'files_bytes'] as const;

/** A part's metadata, and the file it was read from (`name`). */
export type Metadata = { [K in (typeof STRINGS)[number]]: string } & { [K in (typeof COUNTS)[number]]: number } & {
  name: string;
  collections: string[];
  doc_format: 'tagged' | 'simple';
  datafile_format: 'json' | 'jsonl';
  datafile_compression: boolean;
};

export function parseMetadata(name: string, text: string): Metadata {
  const bad = (what: string): never => {
    throw new ArchiveError(
      `The export's metadata file ${name} ${what}: it is not as Fauna writes it; copy the export again from where Fauna wrote it`,
    );
  };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return bad(`is not JSON (${(error as Error).message})`);
  }
  if (!isObject(value)) return bad('is not a JSON object');
  for (const field of STRINGS) if (typeof value[field] !== 'string') bad(`has no ${field} string`);
  for (const field of COUNTS) {
    const count = value[field];
    if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) bad(`has no ${field} count`);
  }
  const collections = value.collections;
  if (!Array.isArray(collections) || collections.some((c) => typeof c !== 'string')) bad('has no collections list');
  if (value.doc_format !== 'tagged' && value.doc_format !== 'simple')
    bad("has a doc_format other than 'tagged' and 'simple'");
  if (value.datafile_format !== 'json' && value.datafile_format !== 'jsonl') {
    bad("has a datafile_format other than 'json' and 'jsonl'");
  }
  if (typeof value.datafile_compression !== 'boolean') bad('has no datafile_compression boolean');
  return { ...(value as unknown as Omit<Metadata, 'name'>), name };
}
