// The image's entry script, run for real (outside Docker): it sizes Node's heap from the cgroup
// memory limit and hands the arguments to the connector.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../../docker/entrypoint.sh', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'source-fauna-cgroup-'));

/** Runs `sh -x entrypoint.sh spec` (the trace shows the exported NODE_OPTIONS) with a cgroup memory file. */
function runSpec(memoryMax: string, env: Record<string, string> = {}) {
  const file = join(dir, `memory.max.${memoryMax.length}`);
  writeFileSync(file, `${memoryMax}\n`);
  const result = spawnSync('sh', ['-x', script, 'spec'], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '', SOURCE_FAUNA_CGROUP_MEMORY_FILE: file, ...env },
  });
  const exported = /export NODE_OPTIONS=(.*)/.exec(result.stderr)?.[1];
  return { ...result, exported };
}

test('a 1 GiB memory limit gives Node a 768 MiB heap, and the connector answers spec', () => {
  const r = runSpec(String(1024 ** 3));
  assert.equal(r.exported, '--max-old-space-size=768');
  assert.equal(r.status, 0, r.stderr);
  const messages = r.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { type: string });
  assert.deepEqual(
    messages.map((m) => m.type),
    ['SPEC'],
  );
});

test('no memory limit (cgroup v2 "max", cgroup v1 near 2^63) keeps Node\'s default heap', () => {
  for (const unlimited of ['max', '9223372036854771712']) {
    const r = runSpec(unlimited);
    assert.equal(r.exported, undefined, unlimited);
    assert.equal(r.status, 0, r.stderr);
  }
});

test('an explicit --max-old-space-size in NODE_OPTIONS wins', () => {
  const r = runSpec(String(1024 ** 3), { NODE_OPTIONS: '--max-old-space-size=300' });
  assert.equal(r.exported, undefined);
  assert.equal(r.status, 0, r.stderr);
});
