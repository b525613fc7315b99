// The names of an export's files, as the core writes them (fauna/faunadb,
// ext/model/src/main/scala/tasks/export/FilesManager.scala): `metadata_<PP>.json` in the task's
// folder, its part's data files in `data/collections/<Coll>/<Coll>_<PP>_<OOOOOO>.<ext>` below it.
// Whatever lies above the task's folder (core_out/<account>/export_<id>/, a bucket's prefix) is
// not assumed.
const METADATA = /^(?:(.*)\/)?metadata_(\d+)\.json$/;
const DATA = /^(?:(.*)\/)?data\/collections\/([^/]+)\/\2_(\d+)_(\d+)\.(jsonl?(?:\.gz)?)$/;
// The core's working files of an export still running (or cancelled): never final.
const WORKING = /(?:^|\/)core_tmp\//;

export type FileName =
  | { kind: 'metadata'; task: string; part: number }
  | { kind: 'data'; task: string; collection: string; part: number; ordinal: number; ext: string }
  | { kind: 'working' }
  | { kind: 'other' };

export function nameOf(name: string): FileName {
  if (WORKING.test(name)) return { kind: 'working' };
  const metadata = METADATA.exec(name);
  if (metadata !== null) return { kind: 'metadata', task: metadata[1] ?? '', part: Number(metadata[2]) };
  const data = DATA.exec(name);
  if (data !== null) {
    return {
      kind: 'data',
      task: data[1] ?? '',
      collection: data[2]!,
      part: Number(data[3]),
      ordinal: Number(data[4]),
      ext: data[5]!,
    };
  }
  return { kind: 'other' };
}
