// The project's Python (.venv in the repository root) for the tests that run Python packages:
// Fauna's official driver and PyAirbyte. .ci/run installs both; on a developer's machine the
// first run installs what is missing the same way. Only a machine without Python at all (the
// README's Node-only quickstart) skips those tests, visibly.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const REPOSITORY = fileURLToPath(new URL('../../../', import.meta.url));
const PYTHON = `${REPOSITORY}.venv/bin/python`;

/** The pinned packages, by the module they provide: the same pins as .ci/run. */
const REQUIREMENTS = {
  faunadb: 'faunadb==4.5.2',
  airbyte: 'airbyte==0.71.3',
  // The CDK's standard tests (test/cdk): airbyte-cdk and pytest, in the same venv as PyAirbyte.
  pytest: '-r test/cdk/requirements.txt',
} as const;

/** The venv's python with `module` importable, or undefined when the machine has no python3. */
export function projectPython(module: keyof typeof REQUIREMENTS): string | undefined {
  if (!existsSync(PYTHON) && spawnSync('python3', ['--version']).status !== 0) return undefined;
  if (existsSync(PYTHON) && spawnSync(PYTHON, ['-c', `import ${module}`]).status === 0) return PYTHON;
  const install = `(test -x .venv/bin/python || python3 -m venv .venv) && .venv/bin/pip install --quiet ${REQUIREMENTS[module]}`;
  const result = spawnSync('sh', ['-c', install], { cwd: REPOSITORY, stdio: ['ignore', 2, 2], timeout: 900_000 });
  assert.equal(result.status, 0, `installing ${REQUIREMENTS[module]} failed: run "${install}" in the repository root`);
  return PYTHON;
}
