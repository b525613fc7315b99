// airbyte-cdk's standard tests (test/cdk/test_standard_tests.py: SourceTestSuiteBase against the
// real CLI and the demo server, for the configs of acceptance-test-config.yml), run by `npm test`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { projectPython, REPOSITORY } from '../helpers/python.js';

test("the CDK's standard tests pass against the connector's CLI (v4 and v10)", (t) => {
  const python = projectPython('pytest');
  if (python === undefined) {
    t.skip("no python3 on this machine: the CDK's standard tests need it (README, Development)");
    return;
  }
  const result = spawnSync(python, ['-m', 'pytest', 'test/cdk', '-q', '-rs', '-p', 'no:cacheprovider'], {
    cwd: REPOSITORY,
    encoding: 'utf8',
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    timeout: 600_000,
  });
  const summary = result.stdout.trim().split('\n').at(-1) ?? '';
  assert.equal(result.status, 0, `pytest failed:\n${result.stdout}\n${result.stderr}`);
  t.diagnostic(`pytest: ${summary}`);
  const passed = Number(/(\d+) passed/.exec(summary)?.[1] ?? 0);
  // check ×3, discover ×2, basic read ×2, bad catalog ×2, config matches spec ×2, spec; and the
  // CDK's spec comparison with 0.1.10.
  assert.ok(passed >= 13, `expected at least 13 tests to pass: ${summary}`);
  assert.doesNotMatch(summary, /failed|error/);
});
