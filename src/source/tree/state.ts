// The state of a union stream: the state of each database's read, by path, each in the shape of
// its API's wing; a database missing from it has its first sync inside the stream. While a read
// of the stream is in progress, `finished` lists the databases it completed (finished.ts): a full
// refresh ends with the same state it started from, so only this list tells a resumed read which
// databases it must not read again. The stream's last checkpoint, once every database is read, drops it.
import { isObject } from '../../airbyte/json-kind.js';
import { StateError } from '../core/checkpoints.js';
import { loadFinished, type FinishedEntry } from './finished.js';

export interface UnionState<Inner extends object> {
  databases: { [path: string]: Inner };
  finished?: FinishedEntry[];
}

/** The saved state of one database of a union stream's saved state (undefined: none). */
export function savedOf(saved: unknown, path: string): unknown {
  return isObject(saved) && isObject(saved.databases) ? saved.databases[path] : undefined;
}

export function loadUnion<Inner extends object>(
  name: string,
  saved: unknown,
  load: (saved: unknown) => Inner,
): UnionState<Inner> {
  if (saved === undefined) return { databases: {} };
  if (!isObject(saved) || !isObject(saved.databases)) {
    throw new StateError(
      `The saved state of stream '${name}' is not a database tree's ({"databases": {path: state}}): it was saved ` +
        `with databases.scope "this" or by another connector; reset the stream`,
    );
  }
  const databases: { [path: string]: Inner } = {};
  for (const [path, state] of Object.entries(saved.databases)) databases[path] = load(state);
  return { databases, ...(saved.finished !== undefined && { finished: loadFinished(name, saved.finished) }) };
}
