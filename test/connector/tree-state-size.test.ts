// The state of a union stream in a tree of 500 databases, through the CLI: every STATE line under
// the 200 KB that docs/database-trees.md promises (an FQL v10 first and later incremental sync),
// and the databases a full refresh has finished written as runs, so that a STATE line does not
// grow with the tree; a resumed read skips a run only while it spans the same databases.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import faunadb from 'faunadb';
import { FinishedDatabases, type FinishedEntry } from '../../src/source/tree/finished.js';
import type { CliResult } from '../helpers/cli.js';
import { withEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { configuredCatalog, discoverCatalog, nextState, readOk, records, sourceConfig } from '../helpers/sync.js';

const q = faunadb.query;
const DATABASES = 500;
const TENANTS = Array.from({ length: DATABASES }, (_, i) => `tenant_${String(i).padStart(3, '0')}`);
// docs/database-trees.md: the state of a union stream of 500 databases stays under 200 KB.
const STATE_LIMIT = 200 * 1000;
const MAX_CONCURRENCY = 16;

/** The STATE lines a read printed, as JSON text. */
const stateLines = (result: CliResult): string[] =>
  result.stdout.split('\n').filter((line) => line.startsWith('{"type":"STATE"'));

/** Runs a v4 query straight on the server's engine under `secret`. */
function run(server: EmulatorHandle, secret: string, expr: unknown): void {
  const response = server.emulator().engine.query({ secret, body: JSON.stringify(expr) });
  assert.ok(response.status < 300, response.body);
}

/** A database `name` below `parent` with a collection `users` of one document. */
function createTenant(server: EmulatorHandle, name: string, parent = ''): void {
  const admin = (path: string) => (path === '' ? 'secret' : `secret:${path}:admin`);
  run(server, admin(parent), q.CreateDatabase({ name }));
  const users = q.Do(q.CreateCollection({ name: 'users' }), q.Create(q.Collection('users'), { data: {} }));
  run(server, admin(parent === '' ? name : `${parent}/${name}`), users);
}

test('finished databases as runs: any order of finishing, and the saved runs read back', () => {
  const paths = Array.from({ length: 40 }, (_, i) => `t${i}`);
  // A fixed shuffle of a prefix, as concurrent reads finish it.
  const order = paths.slice(0, 30).map((_, i) => (i * 7) % 30);
  const finished = new FinishedDatabases(paths);
  const done = new Set<number>();
  for (const index of order) {
    finished.add(index);
    done.add(index);
    // The runs the set of finished indexes makes, the naive way.
    const runs: (string | unknown[])[] = [];
    for (let i = 0; i < paths.length; i++) {
      if (!done.has(i) || done.has(i - 1)) continue;
      let last = i;
      while (done.has(last + 1)) last++;
      runs.push(last === i ? paths[i]! : [paths[i]!, paths[last]!, last - i + 1]);
    }
    // The digests are checked by the read back below: a run whose digest differs is not finished.
    assert.deepEqual(withoutDigests(finished.entries()), runs);
    const resumed = new FinishedDatabases(paths, finished.entries());
    assert.deepEqual(
      paths.map((_, i) => resumed.has(i)),
      paths.map((_, i) => done.has(i)),
    );
  }
  assert.deepEqual(withoutDigests(finished.entries()), [['t0', 't29', 30]]);
});

const withoutDigests = (entries: FinishedEntry[]): (string | unknown[])[] =>
  entries.map((entry) => (typeof entry === 'string' ? entry : entry.slice(0, 3)));

/** The `finished` list of a read that finished the databases `done` of the tree's listing. */
function finishedOf(paths: string[], done: string[]): FinishedEntry[] {
  const finished = new FinishedDatabases(paths);
  for (const path of done) finished.add(paths.indexOf(path));
  return finished.entries();
}

describe(`database tree of ${DATABASES} databases: the state of a union stream`, () => {
  const server = withEmulator();
  const config = (fql_version: string) =>
    sourceConfig(
      server.emulator(),
      { page_size: 64 },
      { fql_version, max_concurrency: MAX_CONCURRENCY, databases: { scope: 'tree' } },
    );

  test('setup', () => {
    for (const name of TENANTS) createTenant(server, name);
  });

  test('FQL v10: every STATE line of a first and a later incremental sync is under the limit', async () => {
    const catalog = configuredCatalog(await discoverCatalog(config('10')), 'incremental');
    const first = await readOk({ config: config('10'), catalog });
    assert.equal(records(first).length, DATABASES);
    const later = await readOk({ config: config('10'), catalog, state: nextState(first) });
    assert.equal(records(later).length, 0);
    for (const [sync, result] of [
      ['first', first],
      ['later', later],
    ] as const) {
      const largest = Math.max(...stateLines(result).map((line) => Buffer.byteLength(line)));
      assert.ok(largest < STATE_LIMIT, `the ${sync} sync's largest STATE line is ${largest} bytes`);
    }
  });

  test('FQL v4 full refresh: the finished databases are a few runs on every STATE line', async () => {
    const catalog = configuredCatalog(await discoverCatalog(config('4')), 'full_refresh');
    const result = await readOk({ config: config('4'), catalog });
    assert.equal(records(result).length, DATABASES);
    const streams = stateLines(result).map(
      (line) => (JSON.parse(line) as { state: { stream: { stream_state: { finished?: unknown[] } } } }).state.stream,
    );
    const runs = Math.max(...streams.map((stream) => stream.stream_state.finished?.length ?? 0));
    // The databases are started in order, at most max_concurrency at once: each one being read cuts a run in two.
    assert.ok(runs > 0 && runs <= MAX_CONCURRENCY + 1, `${runs} entries in a finished list`);
    assert.deepEqual(streams.at(-1)!.stream_state, { databases: {} });
  });

  test('a resumed full refresh skips a run of finished databases while the run spans the same ones', async () => {
    const catalog = configuredCatalog(await discoverCatalog(config('4')), 'full_refresh');
    const resume = (finished: unknown[]) =>
      readOk({
        config: config('4'),
        catalog,
        state: [
          {
            type: 'STREAM',
            stream: { stream_descriptor: { name: 'users' }, stream_state: { databases: {}, finished } },
          },
        ],
      });
    const databases = (result: CliResult) => new Set(records(result).map((record) => record.data.database as string));
    const run400 = finishedOf(TENANTS, TENANTS.slice(0, 400));
    const skipped = await resume([...run400, 'tenant_450']);
    assert.deepEqual([...databases(skipped)].sort(), [...TENANTS.slice(400, 450), ...TENANTS.slice(451)]);
    // Between the attempts, a database of the run is deleted and one is created inside it (listed
    // after its parent): the run spans as many databases as before, but not the same ones, and it
    // is read again.
    run(server, 'secret', q.Delete(q.Database('tenant_200')));
    createTenant(server, 'new', 'tenant_100');
    const again = await resume(run400);
    assert.ok(databases(again).has('tenant_100/new'));
    assert.equal(databases(again).size, DATABASES);
  });
});
