// `read` of an export archive: the wing over core/sync.ts. Streams are the exported collections;
// each reads its data files in order, one page of documents at a time, checkpointing the file and
// the documents of it emitted, so a killed sync resumes in the middle of a file.
import { logMessage } from '../../airbyte/messages.js';
import type { MessageWriter } from '../../airbyte/writer.js';
import type { ArchiveConfig } from '../config.js';
import { unknownSyncMode } from '../core/mode.js';
import { PageSizer, pageByteBudget } from '../core/paging.js';
import { emitDocuments, log, type StreamFrame } from '../core/stream.js';
import type { Reader } from '../core/sync.js';
import { SetupError } from '../errors.js';
import type { Archive, DataFile } from './archive.js';
import { converter } from './convert.js';
import { entries, type Entry } from './documents.js';
import { open, summary } from './open.js';
import { emptyState, stateOf, type ArchiveState } from './state.js';

// Documents per page at most, as the v10 wing's largest page.
const MAX_PAGE = 16_000;

export function reader(config: ArchiveConfig, out: MessageWriter): Reader<Archive, DataFile[], ArchiveState> {
  return {
    connect: async () => {
      const archive = await open(config, out);
      await out.emit(logMessage('INFO', summary(archive)));
      return archive;
    },
    close: async (archive) => archive.store.close(),
    plan: async (archive) => archive.files,
    initial: emptyState,
    load: stateOf,
    read: async (frame, archive, files, configured, running) => {
      if (configured.sync_mode === 'incremental') {
        throw new SetupError(
          `Stream '${frame.name}' is read from an export archive, which syncs in full refresh only: set its sync_mode to "full_refresh"`,
        );
      }
      if (configured.sync_mode !== 'full_refresh') throw unknownSyncMode(frame.name, configured.sync_mode);
      await running();
      await readFiles(frame, archive, files, config.includeHashedPassword);
    },
  };
}

async function readFiles(
  frame: StreamFrame<ArchiveState>,
  archive: Archive,
  files: DataFile[],
  includeHashedPassword: boolean,
): Promise<void> {
  const exported = { task_id: archive.taskId, snapshot_ts: archive.snapshotTs };
  const saved = frame.checkpoints.state;
  let first = 0;
  let skip = 0;
  if (saved.file !== undefined) {
    const at = files.findIndex((file) => file.name === saved.file);
    if (saved.export?.task_id !== archive.taskId || at < 0) {
      await log(
        frame,
        'WARN',
        `the saved position (${saved.file}) is in another export than ${archive.taskId}: reading this one from its start`,
      );
    } else {
      first = at;
      skip = saved.position ?? 0;
      await log(frame, 'INFO', `resuming in ${saved.file} after its first ${skip} document(s)`);
    }
  }
  frame.checkpoints.state = { export: exported };
  const sizer = new PageSizer(frame.settings, pageByteBudget(frame.concurrency), MAX_PAGE);
  for (const file of files.slice(first)) {
    const convert = converter(archive, file, includeHashedPassword);
    let page: Entry[] = [];
    const emit = async () => {
      const { bytes } = await emitDocuments(frame, page, convert);
      sizer.observe(page.length, bytes);
      frame.checkpoints.state = { export: exported, file: file.name, position: page.at(-1)!.position };
      await frame.checkpoints.checkpoint();
      page = [];
    };
    for await (const entry of entries(archive, file)) {
      if (entry.position <= skip) continue;
      page.push(entry);
      if (page.length >= sizer.size) await emit();
    }
    if (page.length > 0) await emit();
    skip = 0;
  }
  frame.checkpoints.state = { export: exported };
}
