// The project's Python environments, for the tests that run Python packages (Fauna's official
// driver, PyAirbyte). `npm test` sets them up once, before any test file runs
// (test/setup/python-env.ts); the tests only locate them here and never install. Only a machine
// without python3 (the README's Node-only quickstart) skips those tests, visibly.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const REPOSITORY = fileURLToPath(new URL('../../../', import.meta.url));

/** Each virtual environment (a gitignored folder of the repository root) and its file of pinned requirements. */
export const PYTHON_ENVIRONMENTS = [{ venv: '.venv', requirements: 'test/python-requirements.txt' }] as const;

/** What sets the environments up, run from the repository root after `npm run build`. */
export const PYTHON_SETUP = 'node dist/test/setup/python-env.js';

export const venvPython = (venv: string): string => `${REPOSITORY}${venv}/bin/python`;

export const hasPython3 = (): boolean => spawnSync('python3', ['--version']).status === 0;

/** The python of the environment where `module` imports, or undefined when the machine has no python3. */
export function projectPython(module: string): string | undefined {
  const pythons = PYTHON_ENVIRONMENTS.map(({ venv }) => venvPython(venv)).filter((python) => existsSync(python));
  const found = pythons.find((python) => spawnSync(python, ['-c', `import ${module}`]).status === 0);
  if (found !== undefined) return found;
  if (pythons.length === 0 && !hasPython3()) return undefined;
  assert.fail(
    `${module} is not importable from the test environments: run "${PYTHON_SETUP}" in the repository root (npm test runs it)`,
  );
}
