// docs/troubleshooting.md lists the connector's messages as `### \`template\`` headings. Here the
// real connector is driven into its failures (through the CLI, against the local server with the
// demo data) and every message it gives must match a documented template.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../../emulator/index.js';
import { loadDemoData, USERS_INDEX } from '../../emulator/demo-data.js';
import { ConfigError, parseConfig } from '../../src/source/config.js';
import { runCli, type CliInputs, type CliResult } from '../helpers/cli.js';
import { assertDocumented, templates } from '../helpers/documented.js';

/** The user-facing messages of a run: status, error traces, warnings; stderr's first line. */
function messagesOf(result: CliResult): string[] {
  const out: string[] = [];
  for (const m of result.messages) {
    if (m.type === 'CONNECTION_STATUS' && m.connectionStatus.message) out.push(m.connectionStatus.message);
    if (m.type === 'TRACE' && m.trace.type === 'ERROR') out.push(m.trace.error.message);
    if (m.type === 'LOG' && m.log.level !== 'INFO' && m.log.level !== 'DEBUG') out.push(m.log.message);
  }
  if (result.stderr) out.push(result.stderr.split('\n')[0]!);
  return out;
}

let server: RunningEmulator;
let secret: string;
const rootConfig = () => ({ domain: server.host, port: server.port, scheme: 'http', secret: 'secret' });
const demoConfig = () => ({ ...rootConfig(), secret });

before(async () => {
  server = await startEmulator({ port: 0 });
  secret = loadDemoData(server.engine, 'secret').secret;
  const root = (body: unknown) => server.engine.query({ secret: 'secret', body: JSON.stringify(body) });
  const index = (name: string, params: object) =>
    root({ create_index: { object: { name, source: { collection: 'products' }, ...params } } });
  index('products-by-sku', {
    terms: [{ object: { field: ['data', 'sku'] } }],
    values: [{ object: { field: 'ts' } }, { object: { field: 'ref' } }],
  });
  index('products-by-price', { values: [{ object: { field: ['data', 'price'] } }, { object: { field: 'ref' } }] });
});
after(() => server.close());

test('every documented message is a heading template', () => {
  assert.ok(templates.length > 30, `${templates.length} templates`);
});

test('check failures are documented', async () => {
  const single = (collection: object) => ({ ...rootConfig(), collection });
  const scenarios: Array<[string, CliInputs['config']]> = [
    ['wrong secret', { ...rootConfig(), secret: 'not-a-key' }],
    ['missing collection', single({ name: 'orders' })],
    ['missing index', single({ name: 'products', index: 'products-ts' })],
    ['index of another collection', single({ name: 'products', index: USERS_INDEX })],
    ['index with terms', single({ name: 'products', index: 'products-by-sku' })],
    ['index with other values', single({ name: 'products', index: 'products-by-price' })],
    ['config error', { ...rootConfig(), port: 'eighty' }],
  ];
  const results = await Promise.all(scenarios.map(([, config]) => runCli(['check'], { config })));
  results.forEach((result, i) => {
    const status = result.messages.find((m) => m.type === 'CONNECTION_STATUS')?.connectionStatus;
    assert.equal(status?.status, 'FAILED', scenarios[i]![0]);
    assertDocumented(status.message, scenarios[i]![0]);
  });
});

test('read failures are documented, per stream', async () => {
  const catalog = (streams: Array<[string, string]>) => ({
    streams: streams.map(([name, mode]) => ({
      stream: { name, json_schema: {}, supported_sync_modes: ['full_refresh'] },
      sync_mode: mode,
      destination_sync_mode: 'append',
    })),
  });
  const requiredColumn = {
    ...demoConfig(),
    collection: {
      name: 'users',
      additional_columns: [{ name: 'manager', path: ['data', 'manager', 'id'], type: 'string' }],
    },
  };
  const scenarios: Array<[string, CliInputs]> = [
    [
      'unknown stream, incremental without index, unknown sync mode',
      {
        config: demoConfig(),
        catalog: catalog([
          ['orders', 'full_refresh'],
          ['products', 'incremental'],
          ['users', 'sideways'],
        ]),
      },
    ],
    ['required column missing', { config: requiredColumn, catalog: catalog([['users', 'full_refresh']]) }],
    [
      'wrong secret',
      { config: { ...rootConfig(), secret: 'not-a-key' }, catalog: catalog([['users', 'full_refresh']]) },
    ],
    ['invalid catalog', { config: demoConfig(), catalog: { streams: [{ stream: {} }] } }],
    [
      'a saved state that cannot mean anything',
      {
        config: demoConfig(),
        catalog: catalog([['users', 'full_refresh']]),
        state: [
          {
            type: 'STREAM',
            stream: { stream_descriptor: { name: 'users' }, stream_state: { full_sync_cursor: { ts: 'yesterday' } } },
          },
        ],
      },
    ],
  ];
  const results = await Promise.all(scenarios.map(([, inputs]) => runCli(['read'], inputs)));
  results.forEach((result, i) => {
    const messages = messagesOf(result);
    assert.notEqual(result.code, 0, scenarios[i]![0]);
    assert.ok(messages.length > 0, scenarios[i]![0]);
    for (const message of messages) assertDocumented(message, scenarios[i]![0]);
  });
  assert.equal(
    results[0]!.messages.filter((m) => m.type === 'TRACE' && m.trace.type === 'ERROR').length,
    2,
    'one error per failed stream',
  );
  assert.equal(messagesOf(results[0]!).length, 3, 'and one warning for the stream read in full');
});

test('a deletions cursor older than the history retention: both behaviours are documented', async () => {
  // users keeps 30 days of history: a cursor of 31 days ago is beyond it.
  const cursor = Date.now() * 1000 - 31 * 86_400e6;
  const state = [
    {
      type: 'STREAM',
      stream: { stream_descriptor: { name: 'users' }, stream_state: { remove_cursor: { ts: cursor } } },
    },
  ];
  const catalog = {
    streams: [
      {
        stream: { name: 'users', json_schema: {}, supported_sync_modes: ['incremental'] },
        sync_mode: 'incremental',
        destination_sync_mode: 'append_dedup',
      },
    ],
  };
  const config = (behavior: string) => ({
    ...demoConfig(),
    collection: {
      deletions: { deletion_mode: 'deleted_field', column: 'deleted_at', invalid_cursor_behavior: behavior },
    },
  });
  const [failed, continued] = await Promise.all(
    ['fail', 'continue'].map((b) => runCli(['read'], { config: config(b), catalog, state })),
  );
  assert.equal(failed!.code, 1);
  assert.equal(continued!.code, 0);
  for (const [result, scenario] of [
    [failed!, 'fail'],
    [continued!, 'continue'],
  ] as const) {
    const messages = messagesOf(result);
    assert.equal(messages.length, 1, scenario);
    assertDocumented(messages[0], `expired deletions cursor, ${scenario}`);
  }
});

/** A key whose role reads `Collections()`, `Indexes()` and the `users` collection only. */
function narrowKey(name: string, withCollections = true): string {
  const read = (resource: object) => ({ object: { resource, actions: { object: { read: true } } } });
  const privileges = [
    read({ indexes: null }),
    read({ collection: 'users' }),
    ...(withCollections ? [read({ collections: null })] : []),
  ];
  server.engine.query({ secret: 'secret', body: JSON.stringify({ create_role: { object: { name, privileges } } }) });
  const key = server.engine.query({
    secret: 'secret',
    body: JSON.stringify({ create_key: { object: { role: { role: name } } } }),
  });
  return (JSON.parse(key.body) as { resource: { secret: string } }).resource.secret;
}

test('a role without read on the index entries: permission denied on the incremental read', async () => {
  const config = { ...rootConfig(), secret: narrowKey('no-index-entries') };
  const discover = await runCli(['discover'], { config });
  const users = discover.messages[0].catalog.streams.find((s: { name: string }) => s.name === 'users');
  assert.deepEqual(users.supported_sync_modes, ['full_refresh', 'incremental'], 'the index definition is readable');
  const read = await runCli(['read'], {
    config,
    catalog: { streams: [{ stream: users, sync_mode: 'incremental', destination_sync_mode: 'append' }] },
  });
  const [message] = messagesOf(read);
  assert.match(message!, /^Fauna answered 403 permission denied/);
  assertDocumented(message, 'no read on the index');
});

test('single-collection check: a collection the role may not read', async () => {
  const config = { ...rootConfig(), secret: narrowKey('users-only'), collection: { name: 'products' } };
  const check = await runCli(['check'], { config });
  const status = check.messages.find((m) => m.type === 'CONNECTION_STATUS')?.connectionStatus;
  assert.equal(status?.status, 'FAILED');
  assertDocumented(status.message, 'unreadable collection');
});

test('the symptoms without a message are what the page says', async () => {
  const config = { ...rootConfig(), secret: narrowKey('no-products') };
  const catalog = (await runCli(['discover'], { config })).messages[0].catalog;
  const products = catalog.streams.find((s: { name: string }) => s.name === 'products');
  const read = await runCli(['read'], {
    config,
    catalog: { streams: [{ stream: products, sync_mode: 'full_refresh', destination_sync_mode: 'overwrite' }] },
  });
  assert.equal(read.code, 1, 'a collection the role cannot read fails instead of syncing empty');
  assert.equal(read.messages.filter((m) => m.type === 'RECORD').length, 0);
  const error = read.messages.find((m) => m.type === 'TRACE' && m.trace.type === 'ERROR')?.trace.error;
  assert.equal(error?.failure_type, 'config_error');
  assertDocumented(error.message, 'unreadable collection');
  const blind = await runCli(['discover'], { config: { ...rootConfig(), secret: narrowKey('no-collections', false) } });
  assert.deepEqual(blind.messages[0].catalog.streams, [], 'without Collections() no stream is found');
});

test('an unreachable Fauna: retries, then a transient error', async () => {
  const closed = await startEmulator({ port: 0 });
  const port = closed.port;
  await closed.close();
  const config = { ...demoConfig(), port, max_retries: 1 };
  const result = await runCli(['discover'], { config });
  const messages = messagesOf(result);
  assert.equal(result.code, 1);
  assert.ok(
    result.messages.some((m) => m.type === 'LOG' && m.log.level === 'WARN'),
    'the retry is logged',
  );
  assert.equal(result.messages.find((m) => m.type === 'TRACE')?.trace.error.failure_type, 'transient_error');
  for (const message of messages) assertDocumented(message, 'unreachable');
});

test('config errors are documented', () => {
  const base = rootConfig();
  const configs: object[] = [
    [],
    { ...base, secret: undefined },
    { ...base, scheme: 'ftp' },
    { ...base, port: 0 },
    { ...base, collection: { deletions: { deletion_mode: 'deleted_field' } } },
    { ...base, collection: { index: USERS_INDEX } },
    { ...base, collection: { additional_columns: [{ name: 'ts', path: ['ts'], type: 'integer' }] } },
    {
      ...base,
      collection: {
        additional_columns: [
          { name: 'a', path: ['ts'], type: 'integer' },
          { name: 'a', path: ['ts'], type: 'integer' },
        ],
      },
    },
    { ...base, collection: { deletions: { deletion_mode: 'deleted_field', column: 'ref' } } },
    { ...base, collection: { data_column: false, data_fields_as_columns: true } },
    { ...base, discover_sample_size: -1 },
    {
      ...base,
      collection: { deletions: { deletion_mode: 'deleted_field', column: 'gone', invalid_cursor_behavior: 'skip' } },
    },
    { ...base, tunnel_method: { tunnel_method: 'SSH_KEY_AUTH', tunnel_host: 'bastion' } },
    { ...base, tunnel_method: { tunnel_method: 'VPN' } },
    { ...base, tls: { ca_certificate: 'not PEM' } },
    { ...base, tls: { ca_certificate: '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----' } },
    { ...base, tls: { client_key: '-----BEGIN PRIVATE KEY-----' } },
  ];
  for (const config of configs) {
    const error = (() => {
      try {
        parseConfig(config);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    assert.ok(error instanceof ConfigError, JSON.stringify(config));
    assertDocumented(error.message, JSON.stringify(config));
  }
});

test('command-line errors are documented', async () => {
  for (const args of [[], ['sync'], ['check'], ['check', '--config']]) {
    const result = await runCli(args);
    assert.equal(result.code, 2, args.join(' '));
    assertDocumented(result.stderr.split('\n')[0], args.join(' ') || '(no command)');
  }
});

test('input-file, domain, secret, catalog and state errors are documented', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'source-fauna-trouble-'));
  const broken = join(dir, 'config.json');
  writeFileSync(broken, '{"domain": ');
  const empty = join(dir, 'empty.json');
  writeFileSync(empty, '');
  const stream = { stream: { name: 'users' }, sync_mode: 'full_refresh', destination_sync_mode: 'overwrite' };
  const runs: Array<[string, Promise<CliResult>]> = [
    ['missing config', runCli(['check', '--config', join(dir, 'missing.json')])],
    ['broken config', runCli(['discover', '--config', broken])],
    ['empty config', runCli(['check', '--config', empty])],
    ['config not an object', runCli(['check'], { config: [] })],
    ['not a host', runCli(['check'], { config: { ...demoConfig(), domain: 'not a host!' } })],
    ['URL as domain', runCli(['check'], { config: { ...demoConfig(), domain: 'https://db.fauna.com' } })],
    ['bare IPv6', runCli(['check'], { config: { ...demoConfig(), domain: '::1' } })],
    ['secret with a line break', runCli(['check'], { config: { ...demoConfig(), secret: `${secret}\n` } })],
    ['missing catalog', runCli(['read', '--catalog', join(dir, 'missing.json')], { config: demoConfig() })],
    ['catalog not an object', runCli(['read'], { config: demoConfig(), catalog: [] })],
    ['stream twice', runCli(['read'], { config: demoConfig(), catalog: { streams: [stream, stream] } })],
    ['state 42', runCli(['read'], { config: demoConfig(), catalog: { streams: [stream] }, state: '42' })],
    [
      'state of unknown type',
      runCli(['read'], { config: demoConfig(), catalog: { streams: [stream] }, state: [{ type: 'X' }] }),
    ],
  ];
  for (const [scenario, run] of runs) {
    const messages = messagesOf(await run);
    assert.equal(messages.length, 1, `${scenario}: ${messages.join(' | ')}`);
    assertDocumented(messages[0], scenario);
  }
});
