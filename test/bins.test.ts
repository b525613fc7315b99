import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

test('source-fauna with no command prints usage on stderr and exits non-zero', () => {
  const r = spawnSync('npx', ['source-fauna'], { encoding: 'utf8' });
  assert.notEqual(r.status, 0);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /usage: source-fauna/);
});
