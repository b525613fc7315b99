// PyAirbyte 0.71.3 (the .venv that npm test sets up from test/python-requirements.txt) reads the
// connector with data_fields_as_columns into its DuckDB cache: the sampled fields become typed
// DuckDB columns, and a document whose value disagrees with its column (outside the sample)
// still syncs, the value in the `data` column, instead of failing the whole write.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, test } from 'node:test';
import { withEmulator } from '../helpers/emulator.js';
import { createCollection, createDocuments, q } from '../helpers/fixtures.js';
import { projectPython, REPOSITORY } from '../helpers/python.js';

const SCRIPT = join(REPOSITORY, 'test/pyairbyte/data_columns.py');
const BIN = join(REPOSITORY, 'bin/source-fauna.js');

describe('PyAirbyte with data fields as columns', () => {
  const server = withEmulator();

  test('typed DuckDB columns; a mismatching value outside the sample lands in data and the read succeeds', async (t) => {
    const python = projectPython('airbyte');
    if (python === undefined) {
      t.skip('python3 is not installed, so PyAirbyte cannot be run');
      return;
    }
    const client = server.rootClient();
    // PyAirbyte asks every stream for incremental: the collection needs its Incremental Sync Index.
    await createCollection(client, 'people', 'people_by_ts');
    // A sample of 2 reads the first and the last document: the middle one's `age` is outside it.
    await createDocuments(client, 'people', [
      {
        name: 'ada',
        age: 36,
        born: q.Time('1815-12-10T00:00:00Z'),
        score: 1.5,
        tags: ['math'],
        day: q.Date('1815-12-10'),
      },
      { name: 'grace', age: 'eighty-five', born: q.Time('1906-12-09T00:00:00Z'), nickname: 'amazing' },
      { name: 'alan', age: 41, born: q.Time('1912-06-23T00:00:00Z'), score: 2.5, tags: [], day: q.Date('1912-06-23') },
    ]);
    const work = mkdtempSync(join(tmpdir(), 'pyairbyte-columns-'));
    try {
      const config = join(work, 'config.json');
      const { host, port } = server.emulator();
      writeFileSync(
        config,
        JSON.stringify({
          domain: host,
          port,
          scheme: 'http',
          secret: 'secret',
          discover_sample_size: 2,
          collection: { data_fields_as_columns: true },
        }),
      );
      const env = { ...process.env, AIRBYTE_OFFLINE_MODE: '1', DO_NOT_TRACK: '1', AIRBYTE_CACHE_ROOT: work };
      const { stdout } = await promisify(execFile)(python, [SCRIPT, BIN, config, work], {
        cwd: work,
        env,
        timeout: 300_000,
      });
      const seen = JSON.parse(stdout.trim().split('\n').at(-1)!);
      assert.equal(seen.records, 3);
      assert.equal(seen.columns.name, 'VARCHAR');
      assert.equal(seen.columns.age, 'BIGINT');
      // PyAirbyte's DuckDB type for date-time (with or without a time zone, by version).
      assert.match(seen.columns.born, /^TIMESTAMP/);
      assert.equal(seen.columns.day, 'DATE');
      assert.equal(seen.columns.score, 'DECIMAL(38,9)');
      assert.equal(seen.columns.tags, 'JSON');
      assert.equal(seen.columns.data, 'JSON');
      assert.deepEqual(seen.rows, [
        { name: 'ada', age: 36, data: null },
        { name: 'alan', age: 41, data: null },
        { name: 'grace', age: null, data: { age: 'eighty-five', nickname: 'amazing' } },
      ]);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
