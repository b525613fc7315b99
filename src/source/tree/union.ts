// `read` of a database tree in the union layout: a wing over core/sync.ts whose streams are the
// collection names of every kept database. A stream reads each of its databases with the API
// wing's own reader, under that database's scoped server-readonly secret, into the database's
// part of the stream state; its records carry the database path in a `database` column.
import type { MessageWriter } from '../../airbyte/writer.js';
import type { SourceConfig } from '../config.js';
import { nestedCheckpoints } from '../core/checkpoints.js';
import { Slots } from '../core/paging.js';
import type { Reader } from '../core/sync.js';
import { isUnauthorized } from '../errors.js';
import { RecordLines } from '../records.js';
import type { TreeApi } from './api.js';
import { keyConnection, planDatabases, warn } from './databases.js';
import { pathName } from './paths.js';
import { loadUnion, savedOf, type UnionState } from './state.js';

interface Database<Client, Plan> {
  path: string;
  client: Client;
  plan: Plan;
}

/** The databases that hold a stream's collection, and every kept path (to tell a deleted database from one without it). */
interface UnionPlan<Client, Plan> {
  databases: Database<Client, Plan>[];
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
      const { kept, databases } = await planDatabases(config, out, api, client, (path) => ({
        configured,
        saved: new Map([...saved].flatMap(([name, state]) => savedEntry(name, savedOf(state, path)))),
      }));
      const streams = new Map<string, UnionPlan<Client, Plan>>();
      for (const database of databases) {
        for (const [name, plan] of database.plans) {
          let stream = streams.get(name);
          if (stream === undefined) streams.set(name, (stream = { databases: [], kept }));
          stream.databases.push({ path: database.path, client: database.client, plan });
        }
      }
      return streams;
    },
    initial: () => ({ databases: {} }),
    load: (name, saved) => loadUnion(name, saved, (state) => reader.load(name, state)),
    read: async (frame, _client, plan, configured, running) => {
      const union = frame.checkpoints.state;
      const states = union.databases;
      // Databases an interrupted attempt of this read completed are not read again.
      const finished = new Set(union.finished ?? []);
      const reading = new Set(plan.databases.map((database) => database.path));
      for (const path of Object.keys(states)) {
        if (reading.has(path)) continue;
        delete states[path];
        await warn(
          out,
          `${frame.name}: ${pathName(path)} ` +
            (plan.kept.has(path)
              ? `no longer has this collection; its cursor is dropped`
              : `is no longer in the tree (deleted, or left out by databases.include/exclude); its cursor is dropped`),
        );
      }
      let started: Promise<void> | undefined;
      const runningOnce = () => (started ??= running());
      // Databases share the sync's budget: at most `concurrency` of a stream at once, their pages in the sync's slots.
      const slots = new Slots(frame.concurrency);
      const initial = JSON.stringify(reader.initial());
      const outcomes = await Promise.allSettled(
        plan.databases
          .filter(({ path }) => !finished.has(path))
          .map(({ path, client, plan: inner }) =>
            slots.with(async () => {
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
                finished.add(path);
                union.finished = [...finished];
                await frame.checkpoints.checkpoint();
              } catch (error) {
                if (!isUnauthorized(error)) throw error;
                delete states[path];
                await warn(
                  out,
                  `${frame.name}: ${pathName(path)} was deleted during the sync: its read stopped, its cursor is dropped`,
                );
              }
            }),
          ),
      );
      const failed = outcomes.find((outcome) => outcome.status === 'rejected');
      if (failed !== undefined) throw failed.reason;
      delete union.finished;
    },
  };
}

const savedEntry = (name: string, state: unknown): [string, unknown][] => (state === undefined ? [] : [[name, state]]);
