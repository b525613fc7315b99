// An export archive opened: its files listed and grouped by export task, the export to read
// chosen (the one named by export_id, else the newest complete one), and checked before a single
// document is read. What the core guarantees (fauna/faunadb,
// ext/model/src/main/scala/tasks/ExportDataTask.scala): a part's metadata is written after all its
// data files, and counts them (`files_count`) and their bytes on disk (`files_bytes`).
import type { ArchiveConfig } from '../config.js';
import { timeToMicros } from '../../fauna/v10/tagged.js';
import type { FslCollection } from './fsl.js';
import { parseMetadata, type Metadata } from './metadata.js';
import { nameOf } from './names.js';
import { ArchiveError, type ArchiveStore } from './store.js';

export interface DataFile {
  name: string;
  collection: string;
  part: number;
  ordinal: number;
  ext: string;
  size: number;
}

export interface Archive {
  store: ArchiveStore;
  exportId: string;
  taskId: string;
  snapshotTs: string;
  docFormat: 'tagged' | 'simple';
  /** `json`: each file is one array; `jsonl`: one document per line. */
  datafileFormat: 'json' | 'jsonl';
  gzip: boolean;
  /** The exported collections, by name (one without documents has no files). */
  collections: string[];
  /** Each collection's data files, in part then ordinal order. */
  files: Map<string, DataFile[]>;
  parts: number;
  /** What was found and left aside: for the log. */
  notes: string[];
  /** A simple-format export's collections typed by FSL files (export_archive.schema_directory), by name. */
  schema?: Map<string, FslCollection>;
}

interface Task {
  /** Its folder below the location. */
  dir: string;
  metadata: Metadata[];
  data: DataFile[];
}

const part2 = (part: number) => String(part).padStart(2, '0');

export async function openArchive(store: ArchiveStore, config: ArchiveConfig): Promise<Archive> {
  const tasks = new Map<string, Task>();
  const task = (dir: string): Task => {
    let found = tasks.get(dir);
    if (found === undefined) tasks.set(dir, (found = { dir, metadata: [], data: [] }));
    return found;
  };
  let working = 0;
  for (const file of await store.list()) {
    const name = nameOf(file.name);
    if (name.kind === 'working') working++;
    else if (name.kind === 'metadata')
      task(name.task).metadata.push(parseMetadata(file.name, await store.text(file.name)));
    else if (name.kind === 'data') task(name.task).data.push({ ...name, name: file.name, size: file.size });
  }
  const notes: string[] = [];
  if (working > 0) {
    notes.push(
      `${working} working file(s) under core_tmp ignored: Fauna writes them while an export runs and never reads them as part of one`,
    );
  }
  if (tasks.size === 0) {
    throw new ArchiveError(
      `No Fauna export in ${store.where}: no metadata_<PP>.json nor data/collections/<Coll>/<Coll>_<PP>_<OOOOOO>.<ext> ` +
        `file below it${working > 0 ? ', only working files of an export still running or cancelled' : ''}; ` +
        'set export_archive.location to the folder that holds the export',
    );
  }
  const all = [...tasks.values()];
  const candidates = config.exportId === undefined ? all : all.filter((t) => exportIdOf(t) === config.exportId);
  if (candidates.length === 0) {
    const ids = [...new Set(all.map(exportIdOf))].map((id) => `'${id}'`).join(', ');
    throw new ArchiveError(
      `No export '${config.exportId}' in ${store.where}; it holds export ${ids}: set export_archive.export_id to one of them`,
    );
  }
  // Newest first; a task without metadata has no time yet: it is the one still running.
  const newest = (t: Task) => (t.metadata.length === 0 ? Infinity : timeToMicros(t.metadata[0]!.snapshot_ts));
  candidates.sort((a, b) => newest(b) - newest(a));
  for (const candidate of candidates) {
    const problems = problemsOf(candidate);
    if (problems.length > 0) {
      notes.push(`Export '${exportIdOf(candidate)}' in ${where(store, candidate)} skipped: ${problems.join('; ')}`);
      continue;
    }
    if (candidate !== candidates[0]) notes.push(`Reading the newest complete export, in ${where(store, candidate)}`);
    return archiveOf(store, candidate, notes);
  }
  throw new ArchiveError(
    `The export in ${where(store, candidates[0]!)} cannot be read: ${problemsOf(candidates[0]!).join('; ')}`,
  );
}

function where(store: ArchiveStore, task: Task): string {
  return task.dir === '' ? store.where : `${store.where}/${task.dir}`;
}

function exportIdOf(task: Task): string {
  return task.metadata[0]?.export_id ?? /(?:^|\/)export_([^/]+)\/[^/]+$/.exec(task.dir)?.[1] ?? task.dir;
}

/** Why a task's files are not a complete export, one sentence each; none when they are. */
function problemsOf(task: Task): string[] {
  const problems: string[] = [];
  const byPart = new Map(task.metadata.map((m) => [m.part, m]));
  const first = task.metadata[0];
  if (first === undefined) {
    const parts = [...new Set(task.data.map((d) => part2(d.part)))].sort();
    return [
      `it has data files of part ${parts.join(', ')} and no metadata_<PP>.json: the export is still running, or it ` +
        "failed or was cancelled (Fauna writes a part's metadata after its data files); wait for it to complete, or export again",
    ];
  }
  for (const field of [
    'export_id',
    'task_id',
    'snapshot_ts',
    'doc_format',
    'datafile_format',
    'datafile_compression',
    'datafile_ext',
    'total_parts',
  ] as const) {
    for (const other of task.metadata) {
      if (other[field] !== first[field]) {
        problems.push(
          `${first.name} and ${other.name} disagree on ${field} (${JSON.stringify(first[field])} and ` +
            `${JSON.stringify(other[field])}): files of different exports are mixed; keep one export per folder`,
        );
      }
    }
  }
  const expectedExt = `${first.datafile_format}${first.datafile_compression ? '.gz' : ''}`;
  if (first.datafile_ext !== expectedExt) {
    problems.push(
      `${first.name} says datafile_ext ${first.datafile_ext} for ${first.datafile_format} files${first.datafile_compression ? ' compressed' : ''}`,
    );
  }
  for (let part = 0; part < first.total_parts; part++) {
    if (!byPart.has(part)) {
      problems.push(
        `metadata_${part2(part)}.json is missing (the export has ${first.total_parts} parts): part ${part2(part)} is still ` +
          'running, or it failed, or its files were not copied (with a multi-node core, each part is on its own host)',
      );
    }
  }
  const collections = new Set(first.collections);
  for (const file of task.data) {
    if (!byPart.has(file.part)) {
      problems.push(`${file.name} belongs to part ${part2(file.part)}, which has no metadata_${part2(file.part)}.json`);
    } else if (file.ext !== first.datafile_ext) {
      problems.push(
        `${file.name} is a .${file.ext} file and the export's files are .${first.datafile_ext}: files of different exports are mixed`,
      );
    } else if (!collections.has(file.collection)) {
      problems.push(
        `${file.name} is of collection '${file.collection}', which the export does not list: files of different exports are mixed`,
      );
    }
  }
  for (const metadata of task.metadata) {
    const files = task.data.filter((d) => d.part === metadata.part);
    const bytes = files.reduce((sum, d) => sum + d.size, 0);
    if (files.length !== metadata.files_count || bytes !== metadata.files_bytes) {
      problems.push(
        `${metadata.name} lists ${metadata.files_count} data file(s) of ${metadata.files_bytes} bytes for part ` +
          `${part2(metadata.part)}, and ${files.length} of ${bytes} bytes are there: files are missing, extra or changed; ` +
          'copy the export again from where Fauna wrote it',
      );
    }
  }
  return problems;
}

function archiveOf(store: ArchiveStore, task: Task, notes: string[]): Archive {
  const first = task.metadata[0]!;
  const files = new Map<string, DataFile[]>();
  const collections = [...new Set(first.collections)].sort();
  for (const collection of collections) files.set(collection, []);
  for (const file of task.data) files.get(file.collection)!.push(file);
  for (const list of files.values()) list.sort((a, b) => a.part - b.part || a.ordinal - b.ordinal);
  if (task.data.length === 0 && collections.length > 0) {
    notes.push(
      `The export has no data files (files_count 0): its collections held no documents at its snapshot, or it was ` +
        'cancelled as it ended (Fauna then still writes its metadata); if you cancelled it, export again',
    );
  }
  return {
    store,
    exportId: first.export_id,
    taskId: first.task_id,
    snapshotTs: first.snapshot_ts,
    docFormat: first.doc_format,
    datafileFormat: first.datafile_format,
    gzip: first.datafile_compression,
    collections,
    files,
    parts: first.total_parts,
    notes,
  };
}
