// `npm start -- --tenants`: the tree of tenant databases synced as one union connection; every
// line it wrote is a valid Airbyte message, and the second sync brings exactly the changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertValidMessage } from '../helpers/protocol.js';

test('the tenants demo syncs the tree, then only the changes of two tenants and the new one', () => {
  const out = mkdtempSync(join(tmpdir(), 'source-fauna-tenants-test-'));
  const demo = spawnSync(
    process.execPath,
    [fileURLToPath(new URL('../../demo/main.js', import.meta.url)), '--tenants', '--out', out],
    { encoding: 'utf8', timeout: 60_000 },
  );
  assert.equal(demo.status, 0, demo.stderr);
  assert.match(demo.stdout, /sync 1 {4}records by database: acme: 3, eu\/initech: 4, globex: 2\n/);
  assert.match(demo.stdout, /sync 2 {4}records by database: acme: 1, eu\/initech: 1, umbrella: 2\n/);
  for (const name of readdirSync(out).filter((f) => f.endsWith('.jsonl'))) {
    for (const line of readFileSync(join(out, name), 'utf8')
      .split('\n')
      .filter((l) => l !== ''))
      assertValidMessage(JSON.parse(line));
  }
});
