// The state of a stream read from an export archive: which export (its task id and snapshot),
// and, while a read is under way, the data file it is in and how many documents of that file
// were emitted, so that a killed sync resumes in the middle of the file. Files are read in name
// order (part, then ordinal), so the files before it are done.
import { isObject } from '../../airbyte/json-kind.js';
import { StateError } from '../core/checkpoints.js';

export interface ArchiveState {
  export?: { task_id: string; snapshot_ts: string };
  file?: string;
  position?: number;
}

export const emptyState = (): ArchiveState => ({});

export function stateOf(name: string, value: unknown): ArchiveState {
  if (value === undefined || value === null) return emptyState();
  const fail = (what: string): never => {
    throw new StateError(
      `The saved state of stream '${name}' cannot be resumed: ${what}. Reset the stream (clear its state) to sync it again from the beginning`,
    );
  };
  if (!isObject(value)) return fail('it is not an object');
  if (value.export === undefined) {
    return fail(
      'it was written by a read of the live database, not of an export archive (export_archive was set since)',
    );
  }
  const exported = value.export;
  if (!isObject(exported) || typeof exported.task_id !== 'string' || typeof exported.snapshot_ts !== 'string') {
    return fail(`export should be {"task_id", "snapshot_ts"}, but it is ${JSON.stringify(exported)}`);
  }
  const state: ArchiveState = { export: { task_id: exported.task_id, snapshot_ts: exported.snapshot_ts } };
  if (value.file !== undefined) {
    const { file, position } = value;
    if (typeof file !== 'string' || typeof position !== 'number' || !Number.isSafeInteger(position) || position < 0) {
      return fail(
        `file and position should be a data file's name and a count, but they are ${JSON.stringify({ file, position })}`,
      );
    }
    state.file = file;
    state.position = position;
  }
  return state;
}
