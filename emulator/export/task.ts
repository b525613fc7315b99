// One export task: the documents of its collections at the snapshot, written as one part (the
// core's index-scan path, fauna/faunadb `ext/model/src/main/scala/tasks/ExportDataTask.scala`):
// each collection in ascending id order, the latest version at or before `snapshot_ts`, neither
// deleted nor past its ttl; then `metadata_00.json`, last.
import { mkdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setImmediate as yieldTurn } from 'node:timers/promises';
import type { Collection } from '../store/collection.js';
import type { Credential, Database } from '../store/database.js';
import { compareIds } from '../store/ids.js';
import { Datafiles } from './datafiles.js';
import { credentialLine, documentLine, nestedNames } from './document.js';
import { metadataText, type PartMetadata } from './metadata.js';
import { CREDENTIAL, type ExportSettings } from './request.js';

export interface TaskPlan {
  exportPath: string | undefined;
  softLimitBytes: number;
  db: Database;
  settings: ExportSettings;
  snapshotTs: number;
  /** The collections as the PUT found them, in task order; Credential has none (its documents are `credentials`). */
  collections: [string, Collection | undefined][];
  /** The credentials as the PUT found them, when Credential is exported. */
  credentials: Credential[];
  /** The metadata file's fields, but the file counts. */
  metadata: Omit<PartMetadata, 'files_count' | 'files_bytes'>;
  /** Asked between documents: a cancelled task stops and keeps nothing it wrote. */
  cancelled(): boolean;
}

/** The task's error text when it fails, as GET reports it. */
export type TaskError = 'collection deleted' | 'internal error';

// Documents written between two turns of the event loop, so queries keep being served.
const DOCUMENTS_PER_TURN = 500;

class Cancelled extends Error {}

export async function runTask(plan: TaskPlan): Promise<TaskError | undefined> {
  if (plan.exportPath === undefined) return 'internal error';
  for (const [name, c] of plan.collections) if (c && plan.db.collections.get(name) !== c) return 'collection deleted';
  const { metadata } = plan;
  const taskPath = [metadata.account_id, `export_${metadata.export_id}`, metadata.task_id];
  const tmpRoot = join(plan.exportPath, 'core_tmp');
  const tmpDir = join(tmpRoot, ...taskPath);
  const outDir = join(plan.exportPath, 'core_out', ...taskPath);
  try {
    await mkdir(tmpDir, { recursive: true });
    const files = new Datafiles({
      tmpDir,
      format: plan.settings.datafileFormat,
      compression: plan.settings.compression,
      ext: metadata.datafile_ext,
      part: metadata.part,
      softLimitBytes: plan.softLimitBytes,
    });
    let sizes: number[] = [];
    try {
      await writeDocuments(plan, files);
      sizes = await files.moveTo(outDir);
    } catch (error) {
      // A task cancelled while it ran still finishes its part, with the files it kept: none.
      if (!(error instanceof Cancelled)) throw error;
    }
    const meta: PartMetadata = {
      ...metadata,
      files_count: sizes.length,
      files_bytes: sizes.reduce((a, b) => a + b, 0),
    };
    const metaName = `metadata_${String(metadata.part).padStart(2, '0')}.json`;
    await writeFile(join(tmpDir, metaName), metadataText(meta));
    await mkdir(outDir, { recursive: true });
    await rename(join(tmpDir, metaName), join(outDir, metaName));
    return undefined;
  } catch (error) {
    process.stderr.write(`fauna-emulator: export ${metadata.export_id} failed: ${(error as Error).message}\n`);
    return 'internal error';
  } finally {
    await removeWorkingFiles(tmpRoot, taskPath);
  }
}

async function writeDocuments(plan: TaskPlan, files: Datafiles): Promise<void> {
  let sinceTurn = 0;
  for (const [name, c] of plan.collections) {
    if (!c && name !== CREDENTIAL) continue;
    await files.startCollection(name);
    for (const line of c ? documentLines(plan, c) : credentialLines(plan)) {
      await files.add(line);
      if (++sinceTurn === DOCUMENTS_PER_TURN) {
        sinceTurn = 0;
        await yieldTurn();
        if (plan.cancelled()) throw new Cancelled();
      }
    }
  }
  if (plan.cancelled()) throw new Cancelled();
}

/** A collection's documents at the snapshot, in id order: the latest version of each, neither deleted nor past its ttl. */
function* documentLines(plan: TaskPlan, c: Collection): Generator<string> {
  const nested = nestedNames(c);
  for (const id of [...c.docs.keys()].sort(compareIds)) {
    const v = c.versionAt(c.docs.get(id), plan.snapshotTs);
    if (!v || v.action === 'delete' || (v.ttl && v.ttl.micros <= plan.snapshotTs)) continue;
    yield documentLine(c, id, v, nested, plan.settings.docFormat);
  }
}

function* credentialLines(plan: TaskPlan): Generator<string> {
  const sorted = [...plan.credentials].sort((a, b) => compareIds(a.ref.id, b.ref.id));
  for (const credential of sorted) yield credentialLine(credential, plan.settings.docFormat);
}

// The core leaves `core_tmp` itself behind, empty; the directories of a task go with it.
async function removeWorkingFiles(tmpRoot: string, taskPath: string[]): Promise<void> {
  await rm(join(tmpRoot, ...taskPath), { recursive: true, force: true });
  for (let depth = taskPath.length - 1; depth >= 1; depth--) {
    // Another export of the same account may still be writing there.
    await rmdir(join(tmpRoot, ...taskPath.slice(0, depth))).catch(() => undefined);
  }
}
