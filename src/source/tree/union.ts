// `read` of a database tree in the union layout: a wing over core/sync.ts whose streams are the
// collection names of every kept database. A stream reads each of its databases with the API
// wing's own reader, under that database's scoped server-readonly secret, into the database's
// part of the stream state; its records carry the database path in a `database` column.
import type { MessageWriter } from '../../airbyte/writer.js';
import type { SourceConfig } from '../config.js';
import { nestedCheckpoints } from '../core/checkpoints.js';
import { Slots } from '../core/paging.js';
import { unknownStream } from '../core/run.js';
import type { Reader } from '../core/sync.js';
import { isUnauthorized } from '../errors.js';
import { RecordLines } from '../records.js';
import type { TreeApi } from './api.js';
import { keptPaths, keyConnection, planDatabase, warn } from './databases.js';
import { FinishedDatabases } from './finished.js';
import { pathName } from './paths.js';
import { PlanWindow } from './window.js';
import { loadUnion, savedOf, type UnionState } from './state.js';

/** Every stream's: the databases of the tree (each stream takes its plan of one as it reaches it), and every kept path. */
interface UnionPlan<Client, Plan> {
  window: PlanWindow<Client, Plan>;
  kept: Set<string>;
}

export function unionReader<Client, Plan, State extends object>(
  config: SourceConfig,
  out: MessageWriter,
  api: TreeApi<Client, Plan, State>,
): Reader<Client, UnionPlan<Client, Plan>, UnionState<State>> {
  const { reader } = api;
  return {
    ...keyConnection(api),
    plan: async (client, configured, saved) => {
      const paths = await keptPaths(config, out, api, client);
      const inputs = (path: string) => ({
        configured,
        saved: new Map([...saved].flatMap(([name, state]) => savedEntry(name, savedOf(state, path)))),
      });
      const names = [...new Set(configured.map(({ stream }) => stream.name))];
      const window = new PlanWindow<Client, Plan>(paths, names.length, config.connection.maxConcurrency, (path) =>
        planDatabase(config, out, api, client, path, inputs),
      );
      // Which databases hold a stream's collection is known as they are planned: a stream none holds fails at its end.
      const plan = { window, kept: new Set(paths) };
      return new Map(names.map((name) => [name, plan]));
    },
    initial: () => ({ databases: {} }),
    load: (name, saved) => loadUnion(name, saved, (state) => reader.load(name, state)),
    read: async (frame, _client, { window, kept }, configured, running) => {
      const union = frame.checkpoints.state;
      const states = union.databases;
      // Databases an interrupted attempt of this read completed are not read again.
      const finished = new FinishedDatabases(window.paths, union.finished);
      // Runs that no longer hold are not written again: a later attempt would weigh them against another tree.
      if (union.finished !== undefined) union.finished = finished.entries();
      for (const path of Object.keys(states)) {
        if (kept.has(path)) continue;
        delete states[path];
        await warn(
          out,
          `${frame.name}: ${pathName(path)} is no longer in the tree (deleted, or left out by ` +
            `databases.include/exclude); its cursor is dropped`,
        );
      }
      // Kept databases without the collection: their cursors are dropped once the stream is known to exist.
      const lacking: string[] = [];
      let found = finished.any;
      // Databases not read (deleted, or without the collection) count as finished once some database holds
      // it, not before: a resumed read that finds a run in its state knows that the stream exists.
      const unread: number[] = [];
      const skip = (index: number): void => {
        if (found) finished.add(index);
        else unread.push(index);
      };
      let started: Promise<void> | undefined;
      const runningOnce = () => (started ??= running());
      // Databases share the sync's budget: at most `concurrency` of a stream at once, their pages in the sync's slots.
      const slots = new Slots(frame.concurrency);
      const initial = JSON.stringify(reader.initial());
      // Past the databases an earlier attempt finished before any is planned: the window skips them.
      window.paths.forEach((_, index) => finished.has(index) && window.pass(index));
      const outcomes = await Promise.allSettled(
        window.paths.map((path, index) => {
          if (finished.has(index)) return undefined;
          return slots.with(async () => {
            const planned = await window.take(index, frame.name);
            if (planned === 'deleted') {
              delete states[path];
              skip(index);
              return;
            }
            if (planned === undefined) {
              lacking.push(path);
              skip(index);
              return;
            }
            found = true;
            for (const passed of unread.splice(0)) finished.add(passed);
            const { client, plan: inner } = planned;
            states[path] ??= reader.initial();
            const database = {
              ...frame,
              lines: new RecordLines(frame.name, frame.settings, configured.stream.json_schema, {
                fixed: { database: path },
              }),
              checkpoints: nestedCheckpoints(
                frame.checkpoints,
                () => states[path]!,
                (state: State) => (states[path] = state),
              ),
            };
            try {
              await reader.read(database, client, inner, configured, runningOnce);
              // A state back where it started (a full refresh's) needs no entry: `finished` covers it.
              if (JSON.stringify(states[path]) === initial) delete states[path];
              finished.add(index);
              union.finished = finished.entries();
              await frame.checkpoints.checkpoint();
            } catch (error) {
              if (!isUnauthorized(error)) throw error;
              delete states[path];
              finished.add(index);
              await warn(
                out,
                `${frame.name}: ${pathName(path)} was deleted during the sync: its read stopped, its cursor is dropped`,
              );
            }
          });
        }),
      );
      const failed = outcomes.find((outcome) => outcome.status === 'rejected');
      if (failed !== undefined) throw failed.reason;
      if (!found) throw unknownStream(frame.name);
      for (const path of lacking) {
        if (!(path in states)) continue;
        delete states[path];
        await warn(out, `${frame.name}: ${pathName(path)} no longer has this collection; its cursor is dropped`);
      }
      delete union.finished;
    },
  };
}

const savedEntry = (name: string, state: unknown): [string, unknown][] => (state === undefined ? [] : [[name, state]]);
