// The command line contract: --help on stdout with exit code 0; usage errors on stderr with exit
// code 2 and an empty stdout; config errors as a FAILED connection status that names the field
// (more in bad-input.test.ts).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { runCli } from '../helpers/cli.js';

const base = { domain: '127.0.0.1', port: 1, scheme: 'http', secret: 'hunter2-secret', max_retries: 0 };

// Each test is its own process: run them side by side.
describe('the command line', { concurrency: 4 }, () => {
  for (const [args, pattern] of [
    [[], /missing command/],
    [['sync'], /unknown command 'sync'/],
    [['check'], /missing --config/],
    [['read', '--config', 'x.json'], /missing --catalog/],
    [['discover', '--config', 'x.json', '--verbose'], /Unknown option '--verbose'/],
  ] as const) {
    test(`usage error: source-fauna ${args.join(' ')}`, async () => {
      const result = await runCli([...args]);
      assert.equal(result.code, 2);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, pattern);
      assert.match(result.stderr, /usage: source-fauna spec \| check/);
    });
  }

  for (const args of [['--help'], ['-h'], ['read', '--config', 'x.json', '--help']]) {
    test(`help: source-fauna ${args.join(' ')}`, async () => {
      const bin = fileURLToPath(new URL('../../../bin/source-fauna.js', import.meta.url));
      // execFile rejects on a non-zero exit code.
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args]);
      assert.equal(stderr, '');
      assert.match(
        stdout,
        /^usage: source-fauna spec \| check --config F \| discover --config F \| read --config F --catalog F \[--state F\]\n/,
      );
      assert.match(stdout, /^ {2}read --config F --catalog F \[--state F\] +the records/m);
    });
  }

  test('a missing config file is a FAILED check, not a line on stderr', async () => {
    const result = await runCli(['check', '--config', '/nonexistent/config.json']);
    assert.equal(result.code, 0);
    assert.equal(result.stderr, '');
    assert.match(
      result.messages[0].connectionStatus.message,
      /^Cannot read the config file '\/nonexistent\/config.json': no such file/,
    );
  });

  test('a config file that is not JSON is reported without quoting it (it holds the secret)', async () => {
    const result = await runCli(['discover'], { config: '{"secret": "hunter2-secret", ' });
    assert.equal(result.code, 1);
    assert.equal(result.stderr, '');
    assert.match(result.messages[0].trace.error.message, /^The config file '.*config.json' is not valid JSON/);
    assert.doesNotMatch(result.stdout, /hunter2/);
  });

  for (const [name, config, message] of [
    ['missing secret', { domain: 'localhost' }, 'Missing config field secret'],
    [
      'page size below 1',
      { ...base, collection: { page_size: 0 } },
      'Invalid config field collection.page_size: must be >= 1',
    ],
    ['unknown scheme', { ...base, scheme: 'ftp' }, 'Invalid config field scheme: must be one of "https", "http"'],
    [
      'bad deletions',
      { ...base, collection: { deletions: { deletion_mode: 'soft' } } },
      'Invalid config field collection.deletions',
    ],
    [
      'reserved column name',
      { ...base, collection: { name: 'c', additional_columns: [{ name: 'ts', path: ['ts'], type: 'integer' }] } },
      "Additional column cannot have reserved name 'ts'",
    ],
    [
      'a column named created_at with created_at_column',
      {
        ...base,
        collection: {
          name: 'c',
          created_at_column: true,
          additional_columns: [{ name: 'created_at', path: ['data', 'created'], type: 'string' }],
        },
      },
      "Additional column cannot have reserved name 'created_at'",
    ],
    [
      'duplicate column name',
      {
        ...base,
        collection: {
          name: 'c',
          additional_columns: [
            { name: 'a', path: ['data', 'a'], type: 'string' },
            { name: 'a', path: ['data', 'b'], type: 'string' },
          ],
        },
      },
      "Additional column cannot have duplicate name 'a'",
    ],
    [
      'deletion column named like a column',
      { ...base, collection: { deletions: { deletion_mode: 'deleted_field', column: 'ref' } } },
      "Deleted At Column cannot have reserved name 'ref'",
    ],
    ['index without a collection', { ...base, collection: { index: 'i' } }, 'collection.index needs collection.name'],
  ] as const) {
    test(`check fails on a config with ${name}`, async () => {
      const result = await runCli(['check'], { config });
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.messages.length, 1);
      const [status] = result.messages;
      assert.equal(status.type, 'CONNECTION_STATUS');
      assert.equal(status.connectionStatus.status, 'FAILED');
      assert.ok(status.connectionStatus.message.startsWith(message), status.connectionStatus.message);
    });
  }

  test('discover and read with an invalid config emit one config_error trace and exit non-zero', async () => {
    for (const command of ['discover', 'read']) {
      const config = { ...base, port: 'x' };
      const result = await runCli([command], command === 'read' ? { config, catalog: { streams: [] } } : { config });
      assert.equal(result.code, 1);
      const traces = result.messages.filter((m) => m.type === 'TRACE');
      assert.equal(traces.length, 1);
      assert.equal(traces[0].trace.error.failure_type, 'config_error');
      assert.match(traces[0].trace.error.message, /config field port/);
    }
  });

  test('check against an unreachable server is one FAILED status, exit code 0, no secret (more in acceptance/connection-failures)', async () => {
    const result = await runCli(['check'], { config: base });
    assert.equal(result.code, 0);
    assert.deepEqual(
      result.messages.map((m) => m.type),
      ['CONNECTION_STATUS'],
    );
    assert.equal(result.messages[0].connectionStatus.status, 'FAILED');
    assert.match(
      result.messages[0].connectionStatus.message,
      /refused the connection: check the domain, port and scheme$/,
    );
    assert.doesNotMatch(result.stdout + result.stderr, /hunter2/);
  });
});
