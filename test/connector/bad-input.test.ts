// Everything the user hands the connector (config file and fields, catalog file, state file) gets
// an Airbyte answer when it is wrong: check a FAILED status naming the field, discover and read a
// config_error trace and a non-zero exit; never a system_error, a stack or stderr alone. Empty
// states start afresh; the extras Airbyte clients add to states they hand back are accepted.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { runCli, type CliInputs, type CliResult } from '../helpers/cli.js';
import { withEmulator } from '../helpers/emulator.js';
import { createCollection, createDocuments } from '../helpers/fixtures.js';
import { configuredCatalog, discoverCatalog, nextState, readOk, records, sourceConfig } from '../helpers/sync.js';

const SECRET = 'hunter2-secret';
const unreachable = { domain: '127.0.0.1', port: 1, scheme: 'http', secret: SECRET, max_retries: 0 };

/** The one config_error of a failed discover or read; nothing else went wrong and nothing leaked. */
function configError(result: CliResult, scenario: string): string {
  assert.equal(result.code, 1, `${scenario}: exit code`);
  assert.equal(result.stderr, '', `${scenario}: nothing on stderr`);
  const traces = result.messages.filter((m) => m.type === 'TRACE' && m.trace.type === 'ERROR');
  assert.equal(traces.length, 1, `${scenario}: one error trace in ${result.stdout}`);
  const error = traces[0].trace.error;
  assert.equal(error.failure_type, 'config_error', `${scenario}: ${error.message}`);
  assert.equal(error.stack_trace, undefined, `${scenario}: no stack`);
  assert.equal(result.messages.filter((m) => m.type === 'RECORD').length, 0, `${scenario}: no record`);
  assert.doesNotMatch(result.stdout, /hunter2/, `${scenario}: the secret is not shown`);
  return error.message as string;
}

/** The FAILED status of check (exit 0, as for any check that ran), and its message. */
function failedCheck(result: CliResult, scenario: string): string {
  assert.equal(result.code, 0, `${scenario}: exit code`);
  assert.equal(result.stderr, '', `${scenario}: nothing on stderr`);
  assert.equal(result.messages.length, 1, `${scenario}: one message in ${result.stdout}`);
  const [status] = result.messages;
  assert.equal(status.type, 'CONNECTION_STATUS', scenario);
  assert.equal(status.connectionStatus.status, 'FAILED', scenario);
  assert.doesNotMatch(result.stdout, /hunter2/, `${scenario}: the secret is not shown`);
  return status.connectionStatus.message as string;
}

describe('bad input', { concurrency: 4 }, () => {
  describe('the config file and its fields', () => {
    const cases: Array<[string, CliInputs['config'] | undefined, RegExp]> = [
      [
        'missing file',
        undefined,
        /^Cannot read the config file '\/nonexistent\/config.json': no such file; pass the path/,
      ],
      ['not JSON', `{"secret": "${SECRET}", `, /^The config file '.*config.json' is not valid JSON; fix its syntax/],
      ['empty file', '', /^The config file '.*config.json' is empty/],
      ['not an object', '42', /^The config must be a JSON object/],
      [
        'a domain that is not a host name',
        { ...unreachable, domain: 'not a host!' },
        /^Invalid config field domain: 'not a host!' .*set it to the host name/,
      ],
      [
        'a URL as domain',
        { ...unreachable, domain: 'https://db.fauna.com' },
        /^Invalid config field domain: 'https:\/\/db.fauna.com' starts with a scheme/,
      ],
      [
        'a port in the domain',
        { ...unreachable, domain: 'db.fauna.com:443' },
        /^Invalid config field domain: 'db.fauna.com:443' ends with a port/,
      ],
      [
        'a bare IPv6 domain',
        { ...unreachable, domain: '::1' },
        /^Invalid config field domain: '::1' is an IPv6 address: write it in brackets/,
      ],
      [
        'a secret with a line break',
        { ...unreachable, secret: `${SECRET}\n` },
        /^Invalid config field secret: it starts or ends with a space or line break/,
      ],
      [
        'a secret with a control character',
        { ...unreachable, secret: `hunter2\u0000secret` },
        /^Invalid config field secret: it contains a space, a control character/,
      ],
      [
        'a port out of range',
        { ...unreachable, port: 70000 },
        /^Invalid config field port: must be <= 65535: a TCP port, 1 to 65535/,
      ],
      // Bounds that 0.1.10's spec did not declare, so that the spec cannot either: checked at run time.
      ['port 0', { ...unreachable, port: 0 }, /^Invalid config field port: must be >= 1: a TCP port/],
      [
        'an empty domain',
        { ...unreachable, domain: '' },
        /^Invalid config field domain: it is empty; set it to the host name/,
      ],
      [
        'an empty secret',
        { ...unreachable, secret: '' },
        /^Invalid config field secret: it is empty; paste the secret of a Fauna key/,
      ],
      [
        'an unknown scheme',
        { ...unreachable, scheme: 'ftp' },
        /^Invalid config field scheme: must be one of "https", "http": https for/,
      ],
      [
        'a page size above the maximum',
        { ...unreachable, collection: { page_size: 100001 } },
        /^Invalid config field collection.page_size: must be <= 100000: the documents read per query/,
      ],
      [
        'an empty deletion column',
        { ...unreachable, collection: { deletions: { deletion_mode: 'deleted_field', column: '' } } },
        /^Invalid config field collection.deletions.column: it is empty; name the column/,
      ],
    ];
    for (const [scenario, config, pattern] of cases) {
      test(`${scenario}: check FAILED, discover and read a config_error`, async () => {
        const args = (command: string): string[] =>
          config === undefined ? [command, '--config', '/nonexistent/config.json'] : [command];
        const inputs = config === undefined ? {} : { config };
        assert.match(failedCheck(await runCli(args('check'), inputs), `check, ${scenario}`), pattern);
        assert.match(configError(await runCli(args('discover'), inputs), `discover, ${scenario}`), pattern);
        assert.match(
          configError(await runCli(args('read'), { ...inputs, catalog: { streams: [] } }), `read, ${scenario}`),
          pattern,
        );
      });
    }
  });

  describe('the catalog file', () => {
    const cases: Array<[string, CliInputs['catalog'], RegExp]> = [
      ['not JSON', '{"streams": [', /^The catalog file '.*catalog.json' is not valid JSON/],
      ['not an object', [], /^Invalid catalog: it is an array, not an object with a "streams" array/],
      ['no streams', { stream: [] }, /^Invalid catalog: it has no "streams" array/],
      [
        'an entry without stream',
        { streams: [{ sync_mode: 'full_refresh' }] },
        /^Invalid catalog: streams\[0\] has no "stream" object/,
      ],
      [
        'a stream without a name',
        { streams: [{ stream: { name: 7 }, sync_mode: 'full_refresh' }] },
        /^Invalid catalog: streams\[0\].stream.name is not a stream name/,
      ],
      [
        'a stream twice',
        {
          streams: [
            { stream: { name: 'a' }, sync_mode: 'full_refresh' },
            { stream: { name: 'a' }, sync_mode: 'incremental' },
          ],
        },
        /^Invalid catalog: stream 'a' is configured twice/,
      ],
    ];
    for (const [scenario, catalog, pattern] of cases) {
      test(`${scenario}: read fails with a config_error before connecting`, async () => {
        assert.match(configError(await runCli(['read'], { config: unreachable, catalog }), scenario), pattern);
      });
    }

    test('a missing catalog file', async () => {
      const result = await runCli(['read', '--catalog', '/nonexistent/catalog.json'], { config: unreachable });
      assert.match(
        configError(result, 'missing catalog'),
        /^Cannot read the catalog file '\/nonexistent\/catalog.json': no such file/,
      );
    });
  });

  describe('the state file', () => {
    const stream = (name: string, streamState: unknown) => ({
      type: 'STREAM',
      stream: { stream_descriptor: { name }, stream_state: streamState },
    });
    const cases: Array<[string, CliInputs['state'], RegExp]> = [
      ['not JSON', '[{"type": ', /^The state file '.*state.json' is not valid JSON/],
      ['a number', '42', /^Invalid state: the state is the number 42; .* or \[\] to sync every stream from scratch$/],
      ['a string', '"users"', /^Invalid state: the state is a string/],
      [
        'an entry that is not an object',
        [42],
        /^Invalid state: entry 0 of the state array is the number 42, not a state message/,
      ],
      [
        'an unknown type',
        [{ type: 'PER_STREAM', stream: {} }],
        /^Invalid state: entry 0 of the state array has type "PER_STREAM"; expected one of STREAM, GLOBAL, LEGACY/,
      ],
      [
        'an entry with no body',
        [{ sourceStats: { recordCount: 1 } }],
        /^Invalid state: entry 0 of the state array has no "type" and none of "stream", "global", "data"/,
      ],
      [
        'a STREAM entry without descriptor',
        [{ type: 'STREAM', stream: { stream_state: {} } }],
        /^Invalid state: entry 0 of the state array has no "stream"/,
      ],
      [
        'a stream_state that is not an object',
        [stream('users', 42)],
        /^Invalid state: the stream_state of stream 'users' \(entry 0 of the state array\) is the number 42, not an object/,
      ],
      [
        'a GLOBAL entry without stream_states',
        [{ type: 'GLOBAL', global: { shared_state: {} } }],
        /^Invalid state: entry 0 of the state array is a GLOBAL state without/,
      ],
      [
        'a LEGACY entry without data',
        [{ type: 'LEGACY' }],
        /^Invalid state: entry 0 of the state array is a LEGACY state whose "data" is missing/,
      ],
      [
        'a legacy blob with a non-object stream state',
        { users: 'cursor' },
        /^Invalid state: the stream_state of stream 'users' \(the legacy state\) is a string, not an object/,
      ],
      [
        'one stream twice',
        [stream('users', {}), stream('users', {})],
        /^Invalid state: stream 'users' has two states \(the second in entry 1 of the state array\)/,
      ],
    ];
    for (const [scenario, state, pattern] of cases) {
      test(`${scenario}: read fails with a config_error, no silent fresh start`, async () => {
        const catalog = {
          streams: [{ stream: { name: 'users' }, sync_mode: 'incremental', destination_sync_mode: 'append' }],
        };
        assert.match(configError(await runCli(['read'], { config: unreachable, catalog, state }), scenario), pattern);
      });
    }

    test('a missing state file', async () => {
      const result = await runCli(['read', '--state', '/nonexistent/state.json'], {
        config: unreachable,
        catalog: { streams: [] },
      });
      assert.match(
        configError(result, 'missing state'),
        /^Cannot read the state file '\/nonexistent\/state.json': no such file; .*leave out --state/,
      );
    });
  });

  describe('states that are read', { concurrency: 1 }, () => {
    const server = withEmulator();
    const config = (): object => sourceConfig(server.emulator(), { name: 'people', index: 'people_by_ts' });
    let ids: string[];
    before(async () => {
      const client = server.rootClient();
      await createCollection(client, 'people', 'people_by_ts');
      ids = await createDocuments(client, 'people', [{ n: 1 }, { n: 2 }, { n: 3 }]);
    });

    test('no state, [], {} and null all start from scratch', async () => {
      const catalog = configuredCatalog(await discoverCatalog(config()), 'incremental');
      for (const state of [undefined, [], {}, null]) {
        const result = await readOk({ config: config(), catalog, state: state === null ? 'null' : state });
        assert.deepEqual(
          records(result)
            .map((r) => r.data.ref)
            .sort(),
          [...ids].sort(),
          JSON.stringify(state),
        );
      }
    });

    test('a state handed back the way PyAirbyte does (null keys, float recordCount) resumes the stream', async () => {
      const catalog = configuredCatalog(await discoverCatalog(config()), 'incremental') as {
        streams: { stream: object }[];
      };
      // PyAirbyte's configured catalog has a null namespace too: the messages must carry none.
      for (const configured of catalog.streams) configured.stream = { ...configured.stream, namespace: null };
      const first = await readOk({ config: config(), catalog });
      const [saved] = nextState(first);
      const pyAirbyte = [
        {
          type: 'STREAM',
          stream: { stream_descriptor: { name: 'people', namespace: null }, stream_state: saved.stream.stream_state },
          global_: null,
          data: null,
          destinationStats: null,
          sourceStats: { recordCount: 3.0 },
        },
      ];
      const [late] = await createDocuments(server.rootClient(), 'people', [{ n: 4 }]);
      const second = await readOk({
        config: config(),
        catalog,
        state: JSON.stringify(pyAirbyte).replace('"recordCount":3', '"recordCount":3.0'),
      });
      assert.deepEqual(
        records(second).map((r) => r.data.ref),
        [late],
        'only the document created since',
      );
    });
  });
});
