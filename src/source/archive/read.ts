// `read` of an export archive: the wing over core/sync.ts. Streams are the exported collections;
// each reads its data files in order, one page of documents at a time, checkpointing the file and
// the documents of it emitted, so a killed sync resumes in the middle of a file. With the live
// database named too, incremental syncs carry on from the export's snapshot through the v10
// wing's reader (live.ts).
import { logMessage } from '../../airbyte/messages.js';
import type { MessageWriter } from '../../airbyte/writer.js';
import type { FaunaClient } from '../../fauna/v10/client.js';
import type { SourceConfig } from '../config.js';
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
import type { CollectionInfo } from '../v10/collections.js';
import { reader as liveReader } from '../v10/read.js';
import type { StreamState } from '../v10/state.js';
import { feedFromSnapshot, hasLiveDatabase, incrementalRefused, isFeedState, noFeed } from './live.js';

// Documents per page at most, as the v10 wing's largest page.
const MAX_PAGE = 16_000;

/** The archive, and the live database's v10 client when the config names it. */
export interface ArchiveClient {
  archive: Archive;
  live?: FaunaClient;
}

/** A collection's data files, and its definition in the live database when incremental syncs follow its feed. */
export interface ArchiveStream {
  files: DataFile[];
  collection?: CollectionInfo;
}

type State = ArchiveState | StreamState;

export function reader(config: SourceConfig, out: MessageWriter): Reader<ArchiveClient, ArchiveStream, State> {
  const archiveConfig = config.archive!;
  const live = hasLiveDatabase(config) ? liveReader(config, out) : undefined;
  return {
    connect: async (hooks) => {
      const archive = await open(archiveConfig, out);
      await out.emit(logMessage('INFO', summary(archive)));
      return { archive, ...(live !== undefined && { live: await live.connect(hooks) }) };
    },
    close: async ({ archive, live: client }) => {
      archive.store.close();
      if (client !== undefined) await live!.close(client);
    },
    plan: async ({ archive, live: client }, configured, saved) => {
      const incremental = configured.some((stream) => stream.sync_mode === 'incremental');
      const collections = client !== undefined && incremental ? await live!.plan(client, configured, saved) : new Map();
      return new Map([...archive.files].map(([name, files]) => [name, { files, collection: collections.get(name) }]));
    },
    initial: emptyState,
    load: (name, saved) => (live !== undefined && isFeedState(saved) ? live.load(name, saved) : stateOf(name, saved)),
    read: async (frame, client, stream, configured, running) => {
      const { archive } = client;
      const fromArchive = () =>
        readFiles(frame as StreamFrame<ArchiveState>, archive, stream.files, archiveConfig.includeHashedPassword);
      if (configured.sync_mode === 'full_refresh') {
        if (isFeedState(frame.checkpoints.state)) frame.checkpoints.state = emptyState();
        await running();
        return fromArchive();
      }
      if (configured.sync_mode !== 'incremental') throw unknownSyncMode(frame.name, configured.sync_mode);
      if (live === undefined) throw new SetupError(incrementalRefused(frame.name, config));
      if (stream.collection === undefined) {
        throw new SetupError(noFeed(frame.name));
      }
      if (isFeedState(frame.checkpoints.state)) {
        // The frame's state is the v10 wing's from here on (load gave it).
        return live.read(frame as StreamFrame<StreamState>, client.live!, stream.collection, configured, running);
      }
      await running();
      await fromArchive();
      frame.checkpoints.state = feedFromSnapshot(archive.snapshotTs);
      await log(frame, 'INFO', `the next sync reads the event feed from the export's snapshot ${archive.snapshotTs}`);
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
    const decoded = frame.lines.needsWire ? undefined : { withData: frame.settings.dataColumn };
    const convert = converter(archive, file, includeHashedPassword, decoded);
    let page: Entry[] = [];
    const emit = async () => {
      const { bytes } = await emitDocuments(frame, page, convert);
      sizer.observe(page.length, bytes);
      frame.checkpoints.state = { export: exported, file: file.name, position: page.at(-1)!.position };
      await frame.checkpoints.checkpoint();
      page = [];
    };
    for await (const batch of entries(archive, file)) {
      for (const entry of batch) {
        if (entry.position <= skip) continue;
        page.push(entry);
        if (page.length >= sizer.size) await emit();
      }
    }
    if (page.length > 0) await emit();
    skip = 0;
  }
  frame.checkpoints.state = { export: exported };
}
