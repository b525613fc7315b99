// The configs printed in docs/configuration.md are valid for the connector, and the
// single-collection example does what the page says on the demo database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { parseConfig } from '../../src/source/config.js';
import { startEmulator } from '../../emulator/index.js';
import { loadDemoData, userIds } from '../../emulator/demo-data.js';
import { runCli } from '../helpers/cli.js';

const page = readFileSync(new URL('../../../docs/configuration.md', import.meta.url), 'utf8');
const configs = [...page.matchAll(/^```json config\n([\s\S]*?)^```$/gm)].map(
  ([, text]) => JSON.parse(text) as Record<string, any>,
);

test('every config example of the configuration page is accepted by the connector', () => {
  assert.ok(configs.length >= 2, 'both modes have an example');
  for (const config of configs) assert.doesNotThrow(() => parseConfig(config), JSON.stringify(config));
});

test('the single-collection example exports the columns it declares, and no data column', async () => {
  const example = configs.find((c) => c.collection?.name === 'users');
  assert.ok(example, 'the page has a single-collection example on users');
  const server = await startEmulator({ port: 0 });
  try {
    const { secret } = loadDemoData(server.engine, 'secret');
    const config = { ...example, domain: server.host, port: server.port, secret };
    const discover = await runCli(['discover'], { config });
    const [stream] = discover.messages.find((m) => m.type === 'CATALOG')!.catalog.streams;
    assert.deepEqual(stream.supported_sync_modes, ['full_refresh', 'incremental']);
    const catalog = { streams: [{ stream, sync_mode: 'incremental', destination_sync_mode: 'append_dedup' }] };
    const read = await runCli(['read'], { config, catalog });
    assert.equal(read.code, 0, read.stderr);
    const records = new Map(
      read.messages.filter((m) => m.type === 'RECORD').map((m) => [m.record.data.ref, m.record.data]),
    );
    assert.equal(records.size, 6);
    assert.deepEqual(Object.keys(records.get(userIds.ada)!).sort(), [
      'last_login',
      'manager_id',
      'name',
      'ref',
      'ts',
      'ttl',
    ]);
    assert.equal(records.get(userIds.ada)!.last_login, '2024-03-01T12:30:00.123456Z');
    assert.equal(records.get(userIds.ada)!.manager_id, userIds.charles);
    assert.equal(records.get(userIds.alan)!.manager_id, userIds.charles);
    assert.equal(
      records.get(userIds.grace)!.manager_id,
      null,
      'an optional column is null where the path does not exist',
    );
    assert.equal(records.get(userIds.grace)!.name, 'Grace Hopper');
  } finally {
    await server.close();
  }
});

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

test('links between the README and the guide pages resolve, anchors included', () => {
  const root = new URL('../../../', import.meta.url);
  const pages = [
    'README.md',
    ...readdirSync(new URL('docs/', root))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];
  let checked = 0;
  for (const page of pages) {
    const text = readFileSync(new URL(page, root), 'utf8');
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target!)) continue;
      const [path, anchor] = target!.split('#');
      const file = path === '' ? new URL(page, root) : new URL(path!, new URL(page, root));
      assert.ok(existsSync(file), `${page}: ${target} points to a missing file`);
      if (anchor !== undefined) {
        const headings = [...readFileSync(file, 'utf8').matchAll(/^#+ (.+)$/gm)].map(([, h]) => slug(h!));
        assert.ok(headings.includes(anchor), `${page}: ${target} points to a missing heading`);
      }
      checked++;
    }
  }
  assert.ok(checked > 10, `${checked} links checked`);
});
