// How a read fails, class by class: one ERROR trace with the right failure_type, the stream's
// statuses, its progress saved before the exit, a non-zero exit code, stdout holding protocol
// messages only (every line is validated), and the secret in no output at all.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { runCli, type CliResult } from '../helpers/cli.js';
import { withEmulator } from '../helpers/emulator.js';
import { createCollection, createDocuments, q, read as readPrivilege, readOnlyKey } from '../helpers/fixtures.js';
import { errors, read, records, sourceConfig, states, statuses } from '../helpers/sync.js';

const ROOT_SECRET = 'fnROOT-4711-do-not-print';

// One test at a time: they share the server, and some move its wall clock or intercept its answers.
describe('read failures', () => {
  const server = withEmulator({ secret: ROOT_SECRET });

  before(async () => {
    const client = server.rootClient();
    await createCollection(client, 'open', 'open_by_ts');
    await createCollection(client, 'closed');
    await createDocuments(client, 'open', [{ o: 1 }, { o: 2 }, { o: 3 }]);
    await createDocuments(client, 'closed', [{ c: 1 }]);
    await createCollection(client, 'broken');
    await createDocuments(client, 'broken', [{ b: 1 }, { b: 2 }, { b: 3 }]);
    // history_days 0, Fauna's default: 15 minutes of history.
    await client.query(q.CreateCollection({ name: 'ephemeral' }));
    await createDocuments(client, 'ephemeral', [{ e: 1 }, { e: 2 }, { e: 3 }]);
    await createCollection(client, 'flaky');
    await createDocuments(client, 'flaky', [{ f: 1 }, { f: 2 }, { f: 3 }]);
  });

  // The tests share one wrapper of the engine: each adds its own answer for the queries of its own
  // collection, and removes it when done.
  type Interceptor = (body: string) => { status: number; body: string } | undefined;
  const interceptors = new Set<Interceptor>();
  before(() => {
    const engine = server.emulator().engine;
    const query = engine.query.bind(engine);
    engine.query = (request) => {
      for (const intercept of interceptors) {
        const answer = intercept(request.body);
        if (answer) return { ...answer, txnTime: engine.txnTime() };
      }
      return query(request);
    };
  });
  async function intercepting<T>(intercept: Interceptor, run: () => Promise<T>): Promise<T> {
    interceptors.add(intercept);
    try {
      return await run();
    } finally {
      interceptors.delete(intercept);
    }
  }

  const config = (collection: object = {}, extra: object = {}): object =>
    sourceConfig(server.emulator(), collection, { secret: ROOT_SECRET, ...extra });
  const stream = (name: string): object => ({
    stream: { name, json_schema: {}, supported_sync_modes: ['full_refresh'] },
    sync_mode: 'full_refresh',
    destination_sync_mode: 'overwrite',
  });
  const catalog = (...names: string[]): object => ({ streams: names.map(stream) });

  function assertFailed(result: CliResult, failureType: string, message: RegExp, secrets: string[]): void {
    assert.equal(result.code, 1);
    const [error, ...more] = errors(result);
    assert.equal(more.length, 0, 'one ERROR trace');
    assert.equal(error.failure_type, failureType);
    assert.match(error.message, message);
    assert.equal(result.messages.at(-1).type, 'TRACE', 'the ERROR trace is the last message');
    for (const secret of secrets)
      assert.ok(!(result.stdout + result.stderr).includes(secret), 'the secret is in no output');
  }

  test('a wrong secret: config_error before any stream, and no secret anywhere', async () => {
    const wrong = 'fnWRONG-4711-do-not-print';
    const result = await read({ config: config({}, { secret: wrong }), catalog: catalog('open') });
    assertFailed(result, 'config_error', /401 unauthorized.*Check the secret/, [wrong]);
    assert.equal(records(result).length + states(result).length, 0);
  });

  test('a named collection that does not exist: config_error naming it', async () => {
    const result = await read({ config: config({ name: 'nope' }), catalog: catalog('nope') });
    assertFailed(result, 'config_error', /^Collection 'nope' does not exist$/, [ROOT_SECRET]);
  });

  test('an index the role may not read: config_error for that stream, the next one still runs', async () => {
    const secret = await readOnlyKey(server.rootClient(), 'no-index-entries', [
      readPrivilege(q.Collections()),
      readPrivilege(q.Indexes()),
      readPrivilege(q.Collection('open')),
      readPrivilege(q.Collection('closed')),
    ]);
    const incremental = { ...stream('open'), sync_mode: 'incremental', destination_sync_mode: 'append' };
    const result = await read({
      config: config({}, { secret }),
      catalog: { streams: [incremental, stream('closed')] },
    });
    assert.equal(result.code, 1);
    const [error, ...more] = errors(result);
    assert.equal(more.length, 0);
    assert.equal(error.failure_type, 'config_error');
    assert.deepEqual(error.stream_descriptor, { name: 'open' });
    assert.match(error.message, /^Fauna answered 403 permission denied: .* grant read on the collection, its index/);
    // The index is read with the readability probe, in the stream's first query: it fails before running.
    assert.deepEqual(statuses(result, 'open'), ['STARTED', 'INCOMPLETE']);
    assert.deepEqual(statuses(result, 'closed'), ['STARTED', 'RUNNING', 'COMPLETE']);
    assert.equal(records(result, 'closed').length, 1);
    assert.ok(!(result.stdout + result.stderr).includes(secret));
  });

  // Fauna answers a page of Documents(C) the role may not read with an empty page, not an error.
  test('check of a named collection the role may not read fails, saying which privilege is missing', async () => {
    const secret = await readOnlyKey(server.rootClient(), 'open-only', [
      readPrivilege(q.Collections()),
      readPrivilege(q.Indexes()),
      readPrivilege(q.Collection('open')),
    ]);
    const check = await runCli(['check'], { config: config({ name: 'closed' }, { secret }) });
    assert.deepEqual(
      check.messages.map((m) => m.connectionStatus),
      [
        {
          status: 'FAILED',
          message:
            "The key's role may not read the documents of collection 'closed': grant it read on Collection(\"closed\"), as the user guide's role does",
        },
      ],
    );
    const open = await runCli(['check'], { config: config({ name: 'open' }, { secret }) });
    assert.deepEqual(
      open.messages.map((m) => m.connectionStatus),
      [{ status: 'SUCCEEDED' }],
    );
  });

  test('check of a collection a read predicate opens in part succeeds', async () => {
    // The predicate Gets its ref: it refuses a document that does not exist, and grants { o: 1 }.
    const predicate = q.Query(q.Lambda('ref', q.Equals(q.Select(['data', 'o'], q.Get(q.Var('ref'))), 1)));
    const secret = await readOnlyKey(server.rootClient(), 'open-in-part', [
      readPrivilege(q.Collections()),
      readPrivilege(q.Indexes()),
      { resource: q.Collection('open'), actions: { read: predicate } },
    ]);
    const check = await runCli(['check'], { config: config({ name: 'open' }, { secret }) });
    assert.deepEqual(
      check.messages.map((m) => m.connectionStatus),
      [{ status: 'SUCCEEDED' }],
    );
  });

  test('retries exhausted mid-stream: transient_error after the progress made so far is saved', async () => {
    // Every query for a page after the first (a range's) answers 503, at the engine (past the HTTP
    // layer). One stream at a time: 'open' would start after 'flaky'.
    const unavailable = {
      status: 503,
      body: '{"errors":[{"code":"unavailable","description":"Service unavailable."}]}',
    };
    const result = await intercepting(
      (body) => (body.includes('"range"') && body.includes('"flaky"') ? unavailable : undefined),
      () => read({ config: config({}, { max_retries: 1, max_concurrency: 1 }), catalog: catalog('flaky', 'open') }),
    );
    assertFailed(result, 'transient_error', /503/, [ROOT_SECRET]);
    assert.deepEqual(statuses(result, 'flaky'), ['STARTED', 'RUNNING', 'INCOMPLETE']);
    assert.deepEqual(statuses(result, 'open'), [], 'the sync stops: the server is unavailable');
    assert.equal(records(result).length, 2, 'the first page');
    const [state, ...repeated] = states(result);
    assert.equal(repeated.length, 0, 'the state saved at the failure equals the page checkpoint: not repeated');
    assert.equal(state.sourceStats.recordCount, 2);
    assert.deepEqual(state.stream.stream_state.full_sync_cursor.ranges.length, 1, 'the range of the page that failed');
    const warnings = result.messages
      .filter((m) => m.type === 'LOG' && m.log.level === 'WARN')
      .map((m) => m.log.message);
    assert.equal(
      warnings.filter((w) => w.startsWith('Fauna query failed (503 unavailable); retry 1 of 1')).length,
      1,
      'the one retry is a LOG warning',
    );
    // At max_concurrency 1 a 503 has no limit to halve: the retry is the only warning.
    assert.equal(warnings.length, 1);
  });

  test("an error that is neither the user's nor transient: system_error with a stack trace, the sync stops", async () => {
    const boom = { status: 500, body: '{"errors":[{"code":"internal server error","description":"Boom."}]}' };
    const result = await intercepting(
      (body) => (body.includes('"range"') && body.includes('"broken"') ? boom : undefined),
      () => read({ config: config({}, { max_concurrency: 1 }), catalog: catalog('broken', 'open') }),
    );
    assertFailed(result, 'system_error', /^Fauna answered 500 internal server error: Boom\.$/, [ROOT_SECRET]);
    assert.match(errors(result)[0].stack_trace, /FaunaError/);
    assert.deepEqual(statuses(result, 'broken'), ['STARTED', 'RUNNING', 'INCOMPLETE']);
    assert.deepEqual(statuses(result, 'open'), []);
    assert.equal(
      result.messages.filter((m) => m.type === 'LOG' && m.log.level === 'WARN').length,
      0,
      'a 500 is not retried',
    );
  });

  test('a sync that outlives the history retention: config_error saying what to change, progress saved', async () => {
    // The wall clock jumps 20 minutes as the second page is asked for: the snapshot has expired.
    // Only 'ephemeral' keeps no history beyond the 15 minutes: the jump expires no other snapshot.
    const clock = (server.emulator().engine as unknown as { state: { clock: { wall(): number } } }).state.clock;
    const wall = clock.wall.bind(clock);
    const result = await intercepting(
      (body) => {
        if (body.includes('"range"') && body.includes('"ephemeral"')) clock.wall = () => wall() + 20 * 60e6;
        return undefined;
      },
      () => read({ config: config(), catalog: catalog('ephemeral', 'open') }),
    ).finally(() => {
      clock.wall = wall;
    });
    assert.equal(result.code, 1);
    const [error, ...more] = errors(result);
    assert.equal(more.length, 0);
    assert.equal(error.failure_type, 'config_error');
    assert.match(
      error.message,
      /^The sync of 'ephemeral' outlived the collection's history retention.*raise its history_days/,
    );
    assert.deepEqual(statuses(result, 'ephemeral'), ['STARTED', 'RUNNING', 'INCOMPLETE']);
    assert.deepEqual(
      states(result, 'ephemeral').map((s) => s.sourceStats.recordCount),
      [2],
    );
    assert.deepEqual(statuses(result, 'open'), ['STARTED', 'RUNNING', 'COMPLETE'], 'other streams still run');
  });

  for (const [name, domain, port] of [
    ['an unknown domain', 'nonexistent.invalid', 443],
    ['a closed port', '127.0.0.1', 1],
  ] as const) {
    test(`check, discover and read against ${name}: protocol messages only, no secret`, async () => {
      const unreachable = { ...config({}, { max_retries: 0 }), domain, port };
      for (const command of ['check', 'discover', 'read']) {
        const result = await runCli([command], {
          config: unreachable,
          ...(command === 'read' && { catalog: catalog('open') }),
        });
        assert.ok(result.messages.length > 0);
        assert.ok(!(result.stdout + result.stderr).includes(ROOT_SECRET), `${command}: the secret is in no output`);
        assert.equal(result.stderr, '', `${command}: nothing on stderr`);
      }
    });
  }

  test('a config that breaks the spec: a config error, and the secret in no output', async () => {
    for (const command of ['check', 'discover', 'read']) {
      const invalid = { ...config(), port: 'x' };
      const result = await runCli([command], {
        config: invalid,
        ...(command === 'read' && { catalog: catalog('open') }),
      });
      const [message, ...more] = result.messages;
      assert.equal(more.length, 0);
      if (command === 'check') assert.equal(message.connectionStatus.status, 'FAILED');
      else assert.equal(message.trace.error.failure_type, 'config_error');
      assert.ok(!(result.stdout + result.stderr).includes(ROOT_SECRET), `${command}: the secret is in no output`);
    }
  });
});
