import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { withEmulator } from '../../helpers/emulator.js';
import { projectPython, REPOSITORY } from '../../helpers/python.js';

const SCRIPT = `${REPOSITORY}test/emulator/python/driver_check.py`;

describe("Fauna's Python driver", () => {
  const emulator = withEmulator();

  test('creates, paginates and reads back exact values over HTTP/1.1', async (t) => {
    const python = projectPython('faunadb');
    if (python === undefined) {
      t.skip("python3 is not installed, so Fauna's Python driver cannot be checked");
      return;
    }
    const { stdout } = await promisify(execFile)(python, [SCRIPT, emulator.url(), 'secret'], { timeout: 60_000 });
    const seen = JSON.parse(stdout) as Record<string, unknown>;
    assert.equal(seen.ping, 'Scope write is OK');
    assert.equal(seen.pages, 3);
    assert.deepEqual(seen.ids, seen.created_ids, 'every document once, in ascending id order');
    assert.equal(seen.big_is_int, true);
    assert.match(stdout, /"big": 9007199254740993\b/);
    assert.deepEqual(seen.bytes, [0, 255, 16]);
    assert.equal(seen.when, '2024-01-02T03:04:05.123456Z');
    assert.equal(seen.missing, 'instance not found');
    assert.equal(seen.aborted, 'stop');
    const createdIds = seen.created_ids as string[];
    assert.deepEqual(
      seen.incremental_ids,
      (seen.ids as string[]).filter((id) => createdIds.indexOf(id) >= 3),
      'a ts Range from the fourth create',
    );
    assert.equal(seen.incremental_ts_ok, true);
    assert.deepEqual(seen.event_actions, ['add'], 'Documents() events are set events');
    assert.equal(seen.refused, 'permission denied');
  });
});
