// The exports of one server (one account, `0`, as in a stock core): `PUT`, `GET` and `DELETE
// /export/1/<id>` (fauna/faunadb `ext/api/src/main/scala/api/export/{ExportDataEndpoint,
// ExportDataResponse}.scala`). A PUT answers at once with a pending task; the task runs a moment
// later, as the core's background task runner picks it up.
import { randomUUID } from 'node:crypto';
import type { Auth } from '../core/context.js';
import { timeToIso } from '../core/time-text.js';
import { Time } from '../core/values.js';
import type { Engine } from '../engine.js';
import type { Collection } from '../store/collection.js';
import type { Credential } from '../store/database.js';
import { SOFT_LIMIT_BYTES } from './datafiles.js';
import { BodyError, CREDENTIAL, datafileExt, readSettings, type ExportSettings } from './request.js';
import { runTask, type TaskError, type TaskPlan } from './task.js';

export interface ExportOptions {
  /** Where `core_tmp` and `core_out` go (the core's `export_path`); without it every task fails. */
  exportPath?: string;
  /** Internal: the data file soft limit, so a test can split small files. */
  softLimitBytes?: number;
  /** Internal: how long a task stays pending before it runs. */
  startDelayMs?: number;
}

export interface ExportReply {
  status: number;
  /** Absent for 204. */
  body?: string;
  headers?: Record<string, string>;
}

const ACCOUNT_ID = '0';
const DEFAULT_START_DELAY_MS = 300;
const EXPORTING_ROLES = new Set(['admin', 'server', 'server-readonly']);

interface Task {
  auth: Auth;
  exportId: string;
  taskId: string;
  snapshotTs: number;
  settings: ExportSettings;
  /** Task order: as requested, else creation order with Credential last. */
  collections: string[];
  /** The collections as the PUT found them (Credential has none: its documents are `credentials`). */
  sources: [string, Collection | undefined][];
  /** The credentials as the PUT found them, when Credential is exported: their state at the snapshot. */
  credentials: Credential[];
  state: 'pending' | 'complete' | 'failed';
  error?: TaskError;
  started: boolean;
  cancelled: boolean;
  timer?: NodeJS.Timeout;
}

function error(status: number, message: string, headers?: Record<string, string>): ExportReply {
  return { status, body: JSON.stringify({ error: message }), headers };
}

const NOT_FOUND = error(404, 'Not found');

export class Exports {
  private readonly hostId = randomUUID();
  /** Every task by export id, the latest last. */
  private readonly tasks = new Map<string, Task[]>();

  constructor(
    private readonly engine: Engine,
    private readonly options: ExportOptions,
  ) {}

  put(secret: string | undefined, exportId: string, body: string): ExportReply {
    const auth = this.authorize(secret);
    if ('status' in auth) return auth;
    let settings: ExportSettings;
    try {
      settings = readSettings(body, auth.db);
    } catch (e) {
      if (e instanceof BodyError) return error(e.status, e.message);
      throw e;
    }
    const running = this.running(exportId);
    if (running) {
      const mismatch = differs(settings, running);
      return mismatch === undefined ? this.reply(200, running) : error(400, mismatch);
    }
    const { ts, id } = this.engine.mark();
    const collections = settings.collections ?? [...auth.db.collections.keys(), CREDENTIAL];
    const task: Task = {
      auth,
      exportId,
      taskId: id,
      snapshotTs: ts,
      settings,
      collections,
      sources: collections.map((name) => [name, auth.db.collections.get(name)]),
      credentials: collections.includes(CREDENTIAL) ? [...auth.db.credentials.values()] : [],
      state: 'pending',
      started: false,
      cancelled: false,
    };
    const history = this.tasks.get(exportId) ?? [];
    history.push(task);
    this.tasks.set(exportId, history);
    task.timer = setTimeout(() => void this.run(task), this.options.startDelayMs ?? DEFAULT_START_DELAY_MS);
    return this.reply(201, task);
  }

  get(secret: string | undefined, exportId: string): ExportReply {
    const auth = this.authorize(secret);
    if ('status' in auth) return auth;
    const task = this.visible(auth, exportId);
    return task ? this.reply(200, task) : NOT_FOUND;
  }

  delete(secret: string | undefined, exportId: string): ExportReply {
    const auth = this.authorize(secret);
    if ('status' in auth) return auth;
    const task = this.visible(auth, exportId);
    if (!task) return NOT_FOUND;
    if (task.state === 'pending') {
      if (task.started) task.cancelled = true;
      else {
        // Not picked up yet: the task goes as if it had never been asked for.
        clearTimeout(task.timer);
        const history = this.tasks.get(exportId)!;
        history.splice(history.indexOf(task), 1);
      }
    }
    return { status: 204 };
  }

  /** Stops the tasks not yet started; those running finish on their own. */
  close(): void {
    for (const history of this.tasks.values()) for (const task of history) clearTimeout(task.timer);
  }

  private authorize(secret: string | undefined): Auth | ExportReply {
    const auth = this.engine.identify(secret);
    if (!auth) return error(401, 'Access token required', { 'www-authenticate': 'Bearer' });
    if (typeof auth.role !== 'string' || !EXPORTING_ROLES.has(auth.role)) return error(403, 'Access denied');
    return auth;
  }

  /** The running task of the id, in any database of the account. */
  private running(exportId: string): Task | undefined {
    return this.tasks.get(exportId)?.find((t) => t.state === 'pending');
  }

  /** The running task of the id, else its latest finished one, when it exports this database. */
  private visible(auth: Auth, exportId: string): Task | undefined {
    const history = this.tasks.get(exportId) ?? [];
    const task = this.running(exportId) ?? history[history.length - 1];
    return task?.auth.db === auth.db ? task : undefined;
  }

  private async run(task: Task): Promise<void> {
    task.started = true;
    const plan: TaskPlan = {
      exportPath: this.options.exportPath,
      softLimitBytes: this.options.softLimitBytes ?? SOFT_LIMIT_BYTES,
      db: task.auth.db,
      settings: task.settings,
      snapshotTs: task.snapshotTs,
      collections: task.sources,
      credentials: task.credentials,
      metadata: {
        host_id: this.hostId,
        ...this.fields(task),
        collections: task.collections,
        part: 0,
        total_parts: 1,
      },
      cancelled: () => task.cancelled,
    };
    const failure = await runTask(plan);
    task.state = failure ? 'failed' : 'complete';
    if (failure) task.error = failure;
  }

  private fields(task: Task) {
    return {
      account_id: ACCOUNT_ID,
      export_id: task.exportId,
      task_id: task.taskId,
      collections: [...task.collections].sort(),
      snapshot_ts: timeToIso(new Time(task.snapshotTs)),
      doc_format: task.settings.docFormat,
      datafile_format: task.settings.datafileFormat,
      datafile_compression: task.settings.compression,
      datafile_ext: datafileExt(task.settings),
    };
  }

  private reply(status: 200 | 201, task: Task): ExportReply {
    const response = {
      path: `${ACCOUNT_ID}/export_${task.exportId}/${task.taskId}`,
      ...this.fields(task),
      parts: 1,
      state: task.state,
      ...(task.error ? { error: task.error } : {}),
    };
    return { status, body: JSON.stringify(response) };
  }
}

/** Why a PUT does not match the running export of its id, in the core's words. */
function differs(asked: ExportSettings, task: Task): string | undefined {
  const running = task.settings;
  const value = (name: string, a: string | boolean, r: string | boolean) =>
    `Requested ${name} \`${a}\` does not match running export's value \`${r}\``;
  if (asked.docFormat !== running.docFormat) return value('doc_format', asked.docFormat, running.docFormat);
  if (asked.datafileFormat !== running.datafileFormat)
    return value('datafile_format', asked.datafileFormat, running.datafileFormat);
  if (asked.compression !== running.compression)
    return value('datafile_compression', asked.compression, running.compression);
  if (asked.collections !== undefined && asked.collections.join('\0') !== [...task.collections].sort().join('\0'))
    return "Requested collections do not match running export's collections.";
  return undefined;
}
