// A folder where PyAirbyte runs offline, as a user would after `npm install -g source-fauna`:
// `source-fauna` on PATH, and its cache, logs, temp files and HOME kept inside the folder.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPOSITORY } from '../helpers/python.js';

const DUMP = `${REPOSITORY}test/pyairbyte/dump_cache.py`;

export class PyAirbyteWorkspace {
  readonly dir: string;

  constructor(
    private readonly python: string,
    private readonly secret: string,
  ) {
    this.dir = mkdtempSync(join(tmpdir(), 'source-fauna-pyairbyte-'));
    // `local_executable="source-fauna"` is looked up on PATH, as after `npm install -g source-fauna`.
    mkdirSync(join(this.dir, 'bin'));
    symlinkSync(`${REPOSITORY}bin/source-fauna.js`, join(this.dir, 'bin', 'source-fauna'));
    for (const dir of ['home', 'tmp']) mkdirSync(join(this.dir, dir));
  }

  env(logs: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    const work = this.dir;
    return {
      ...process.env,
      ...extra,
      PATH: `${join(work, 'bin')}:${process.env.PATH ?? ''}`,
      HOME: join(work, 'home'),
      FAUNA_SECRET: this.secret,
      AIRBYTE_OFFLINE_MODE: '1',
      DO_NOT_TRACK: '1',
      NO_LIVE_PROGRESS: '1',
      AIRBYTE_PROJECT_DIR: work,
      AIRBYTE_CACHE_ROOT: join(work, 'cache'),
      AIRBYTE_TEMP_DIR: join(work, 'tmp'),
      AIRBYTE_LOGGING_ROOT: join(work, logs),
    };
  }

  /**
   * Runs a guide's snippet, pointed at the local server (its only change: the host and port of
   * `fauna-emulator --demo`); returns what it printed and what the connector logged.
   */
  async runSnippet(
    snippet: string,
    server: { host: string; port: number },
    logs: string,
    env: NodeJS.ProcessEnv = {},
  ): Promise<{ printed: string; connectorLog: string }> {
    const script = snippet
      .replace('"domain": "127.0.0.1"', `"domain": "${server.host}"`)
      .replace('"port": 8443', `"port": ${server.port}`);
    assert.notEqual(script, snippet, 'the snippet names the port of `fauna-emulator --demo`');
    const file = join(this.dir, 'quickstart.py');
    writeFileSync(file, script);
    const { stdout } = await promisify(execFile)(this.python, [file], {
      cwd: this.dir,
      env: this.env(logs, env),
      timeout: 600_000,
      maxBuffer: 64 << 20,
    });
    const logDir = join(this.dir, logs, 'source-fauna');
    const connectorLog = readdirSync(logDir)
      .map((name) => readFileSync(join(logDir, name), 'utf8'))
      .join('');
    return { printed: stdout, connectorLog };
  }

  /** The rows of the cache's tables and its states (dump_cache.py). */
  async dumpCache<T>(tables: string[]): Promise<T> {
    const { stdout } = await promisify(execFile)(this.python, [DUMP, ...tables], {
      env: this.env('logs-dump'),
      timeout: 120_000,
      maxBuffer: 64 << 20,
    });
    return JSON.parse(stdout) as T;
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
