// A throwaway PostgreSQL server: its own cluster (initdb) in a temp folder, on a free port of
// 127.0.0.1, trusting local connections. .ci/run installs Debian's postgresql; without a server
// binary the tests that need one skip, saying so. As root (CI), the cluster belongs to the
// `postgres` user Debian's package creates: PostgreSQL refuses to run as root.
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { onFreePort, stillRunning } from './ports.js';

const ROOT = '/usr/lib/postgresql';

/** The newest installed server's bin folder (Debian: /usr/lib/postgresql/<major>/bin), if any. */
export function postgresBin(): string | undefined {
  if (!existsSync(ROOT)) return undefined;
  const majors = readdirSync(ROOT)
    .filter((name) => existsSync(join(ROOT, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return majors[0] === undefined ? undefined : join(ROOT, majors[0], 'bin');
}

export interface PostgresServer {
  url: string;
  /** Runs one SQL statement with psql; returns its rows, tab-separated, one per line. */
  query(sql: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startPostgres(bin: string): Promise<PostgresServer> {
  const dir = mkdtempSync(join(tmpdir(), 'source-fauna-postgres-'));
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim()) : undefined;
  if (owner !== undefined) chownSync(dir, owner, owner);
  // As root, run PostgreSQL's programs as `postgres` (runuser is util-linux's, in every Debian).
  const command = (program: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, program), ...args]] : [join(bin, program), args];
  const data = join(dir, 'data');
  const init = spawnSync(
    ...command('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']),
    { encoding: 'utf8' },
  );
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const stop = (child: ChildProcess): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    // pg_ctl rather than a signal: runuser, the child as root, does not pass SIGINT on.
    const exited = once(child, 'exit').then(() => undefined);
    const stopped = spawnSync(...command('pg_ctl', ['stop', '-D', data, '-m', 'fast', '-w']), { stdio: 'ignore' });
    // pg_ctl finds no server before postmaster.pid is written: the child is then killed.
    if (stopped.status !== 0) child.kill('SIGKILL');
    return exited;
  };
  const { port, child } = await onFreePort(async (port) => {
    const child: ChildProcess = spawn(
      ...command('postgres', [
        '-D',
        data,
        '-p',
        String(port),
        '-k',
        dir,
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'fsync=off',
      ]),
      { stdio: 'ignore' },
    );
    for (
      let tries = 0;
      spawnSync(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)]).status !== 0;
      tries += 1
    ) {
      if (tries === 100 || child.exitCode !== null) {
        await stop(child);
        throw new Error(`PostgreSQL did not start on port ${port}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await stillRunning(child, 'PostgreSQL').catch(async (error: unknown) => {
      await stop(child);
      throw error;
    });
    return { port, child };
  });
  const psql = existsSync(join(bin, 'psql')) ? join(bin, 'psql') : 'psql';
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    async query(sql) {
      const { stdout } = await promisify(execFile)(psql, [
        '-X',
        '-At',
        '-F',
        '\t',
        '-v',
        'ON_ERROR_STOP=1',
        '-d',
        url,
        '-c',
        sql,
      ]);
      return stdout.trimEnd();
    },
    async stop() {
      await stop(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
