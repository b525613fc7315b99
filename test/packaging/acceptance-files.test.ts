// acceptance-test-config.yml and integration_tests/ are what Airbyte's suites (CAT, and the CDK's
// standard tests in test/cdk) read. They stay valid here: every path exists, every config is one
// the connector accepts, the catalogs name streams (with their modes, cursors and keys) that a real
// discover of the demo server returns, the abnormal states read nothing, and the expected records
// are what a real read returns.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { parse as parseJson, stringify } from 'lossless-json';
import { parse } from 'yaml';
import { parseConfig } from '../../src/source/config.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { startDemoServer, type DemoServer } from '../helpers/demo-server.js';

const root = new URL('../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const json = (path: string) => JSON.parse(read(path)) as any;

type Entry = Record<string, any>;
const acceptance = parse(read('acceptance-test-config.yml')) as {
  connector_image: string;
  acceptance_tests: Record<string, { tests?: Entry[] }>;
};
const entries = (section: string): Entry[] => acceptance.acceptance_tests[section]?.tests ?? [];
const sections = Object.keys(acceptance.acceptance_tests);

const PATH_KEYS = ['config_path', 'configured_catalog_path', 'spec_path'];
const paths = (entry: Entry): string[] => [
  ...PATH_KEYS.map((key) => entry[key]).filter((p): p is string => typeof p === 'string'),
  ...(entry.future_state?.future_state_path ? [entry.future_state.future_state_path as string] : []),
];

test('every file the acceptance test config names exists, and spec_path is the golden spec', () => {
  assert.equal(acceptance.connector_image, 'airbyte/source-fauna:dev');
  for (const section of sections)
    for (const entry of entries(section))
      for (const path of paths(entry)) {
        assert.ok(existsSync(new URL(path, root)), `${section}: ${path} does not exist`);
      }
  for (const entry of entries('spec')) assert.equal(entry.spec_path, 'spec.json');
});

test('the valid configs are accepted, for FQL v4 and v10; the invalid one differs only by its secret', () => {
  const valid = new Set(
    entries('connection')
      .filter((e) => e.status === 'succeed')
      .map((e) => e.config_path as string),
  );
  assert.deepEqual([...valid].sort(), ['integration_tests/config-v10.json', 'integration_tests/config-v4.json']);
  assert.deepEqual([...valid].map((p) => parseConfig(json(p)).fqlVersion).sort(), ['10', '4']);
  const invalid = entries('connection')
    .filter((e) => e.status === 'failed')
    .map((e) => e.config_path as string);
  assert.deepEqual(invalid, ['integration_tests/invalid_config.json']);
  const { secret, ...rest } = json(invalid[0]!);
  const { secret: good, ...v4 } = json('integration_tests/config-v4.json');
  assert.deepEqual(rest, v4);
  assert.notEqual(secret, good);
});

test("the CDK's standard tests can read the entries of their sections", () => {
  for (const section of ['spec', 'connection', 'discovery', 'basic_read', 'full_refresh']) {
    for (const entry of entries(section)) {
      // They reject expect_records; and a read entry's catalog would reach `spec` (see the file's comment).
      assert.ok(!('expect_records' in entry), `${section} entry sets expect_records`);
      if (section !== 'spec') assert.ok(!('configured_catalog_path' in entry), `${section} entry names a catalog`);
    }
  }
});

describe('against the demo server', () => {
  let server: DemoServer;
  before(async () => {
    server = await startDemoServer();
  });
  after(async () => {
    await server.stop();
  });

  /** The config file pointed at the running demo server (the files name its default port). */
  const config = (path: string) => ({ ...json(path), domain: server.host, port: server.port });
  const ok = (result: CliResult, what: string): CliResult => {
    assert.equal(result.code, 0, `${what}: ${result.stderr}`);
    return result;
  };

  test('check: SUCCEEDED for the valid configs, FAILED for the invalid one', async () => {
    for (const entry of entries('connection')) {
      const result = ok(await runCli(['check'], { config: config(entry.config_path) }), entry.config_path);
      const statuses = result.messages
        .filter((m) => m.type === 'CONNECTION_STATUS')
        .map((m) => m.connectionStatus.status);
      assert.deepEqual(statuses, [entry.status === 'succeed' ? 'SUCCEEDED' : 'FAILED'], entry.config_path);
    }
  });

  test('the configured catalogs name discovered streams, with their modes, cursor and primary key', async () => {
    const reads = ['basic_read', 'full_refresh', 'incremental']
      .flatMap(entries)
      .filter((e) => e.configured_catalog_path !== undefined);
    assert.equal(reads.length, 2);
    for (const { config_path: configPath, configured_catalog_path: catalogPath } of reads) {
      const result = ok(await runCli(['discover'], { config: config(configPath) }), configPath);
      const discovered = new Map<string, any>(
        result.messages.find((m) => m.type === 'CATALOG').catalog.streams.map((s: any) => [s.name, s]),
      );
      for (const configured of json(catalogPath).streams) {
        const stream = discovered.get(configured.stream.name);
        const where = `${catalogPath}: ${configured.stream.name}`;
        assert.ok(stream, `${where} is not discovered with ${configPath}`);
        assert.deepEqual(configured.stream.supported_sync_modes, stream.supported_sync_modes, where);
        assert.ok(stream.supported_sync_modes.includes(configured.sync_mode), where);
        assert.deepEqual(configured.stream.default_cursor_field, stream.default_cursor_field, where);
        assert.deepEqual(configured.stream.source_defined_primary_key, stream.source_defined_primary_key, where);
        if (configured.sync_mode === 'incremental') {
          assert.deepEqual(configured.cursor_field, stream.default_cursor_field, where);
          assert.deepEqual(configured.primary_key, stream.source_defined_primary_key, where);
        }
      }
    }
  });

  test('a read from the abnormal (far future) states returns no record of their streams', async () => {
    for (const entry of entries('incremental')) {
      const state = json(entry.future_state.future_state_path);
      const inState = new Set(state.map((s: any) => s.stream.stream_descriptor.name));
      const result = ok(
        await runCli(['read'], {
          config: config(entry.config_path),
          catalog: json(entry.configured_catalog_path),
          state,
        }),
        entry.config_path,
      );
      const records = result.messages.filter((m) => m.type === 'RECORD' && inState.has(m.record.stream));
      assert.equal(records.length, 0, `${entry.future_state.future_state_path}: ${records.length} records`);
    }
  });

  test('the expected records are those of a real read (without ts, the load time), to the last digit', async () => {
    const expected = read('integration_tests/expected_records.jsonl')
      .trim()
      .split('\n')
      .map((line) => parseJson(line) as any);
    for (const [configPath, catalogPath] of [
      ['config-v4.json', 'configured_catalog-v4.json'],
      ['config-v10.json', 'configured_catalog-v10.json'],
    ]) {
      const result = ok(
        await runCli(['read'], {
          config: config(`integration_tests/${configPath}`),
          catalog: json(`integration_tests/${catalogPath}`),
        }),
        configPath,
      );
      // Parsed again without loss: the demo's integers beyond 2^53 must match exactly.
      const records = result.stdout
        .trim()
        .split('\n')
        .map((line) => parseJson(line) as any)
        .filter((m) => m.type === 'RECORD');
      for (const want of expected) {
        const got = records.find((m) => m.record.stream === want.stream && m.record.data.ref === want.data.ref);
        assert.ok(got, `${configPath}: no ${want.stream} record ${want.data.ref}`);
        const { ts, ...data } = got.record.data;
        assert.equal(stringify(data), stringify(want.data), `${configPath}: record ${want.data.ref}`);
      }
    }
  });
});
