// Sets up the Python environments of test/helpers/python.ts, once, before the test files run:
// `npm test` calls it between the build and `node --test`, so no two test files ever run pip on
// the same venv at the same time. An environment that already holds every pin is left alone
// (a check of installed versions, no network). Without python3 it says so and exits 0: the
// Python tests then skip, visibly.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { hasPython3, PYTHON_ENVIRONMENTS, REPOSITORY, venvPython } from '../helpers/python.js';

// name[extras]==version: the extras (e.g. moto[server]) are installed too, the version is the name's.
const PIN = /^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[A-Za-z0-9,._-]+\])?==([^\s=;]+)$/;

/** The `name==version` lines of a requirements file (with extras or not); anything but an exact pin is refused. */
function readPins(file: string): string[] {
  return readFileSync(`${REPOSITORY}${file}`, 'utf8')
    .split('\n')
    .flatMap((raw, index) => {
      const line = raw.replace(/#.*/, '').trim();
      if (line === '') return [];
      if (!PIN.test(line)) throw new Error(`${file} line ${index + 1}: "${line}" is not an exact pin (name==version)`);
      return [line];
    });
}

/** The pins that `python` does not have installed at exactly their version. */
function missingPins(python: string, pins: string[]): string[] {
  const check = [
    'import json, sys',
    'from importlib.metadata import version, PackageNotFoundError',
    'def has(pin):',
    '    name, wanted = pin.split("==")',
    '    name = name.split("[")[0]',
    '    try: return version(name) == wanted',
    '    except PackageNotFoundError: return False',
    'print(json.dumps([pin for pin in sys.argv[1:] if not has(pin)]))',
  ].join('\n');
  const result = spawnSync(python, ['-c', check, ...pins], { encoding: 'utf8' });
  return result.status === 0 ? (JSON.parse(result.stdout) as string[]) : pins;
}

function run(command: string, args: string[], what: string): void {
  const options: SpawnSyncOptions = { cwd: REPOSITORY, stdio: ['ignore', 'inherit', 'inherit'] };
  const result = spawnSync(command, args, options);
  if (result.status !== 0) {
    console.error(`${what} failed (${[command, ...args].join(' ')}): fix the cause above and run npm test again`);
    process.exit(1);
  }
}

for (const { venv, requirements } of PYTHON_ENVIRONMENTS) {
  const python = venvPython(venv);
  if (!existsSync(python)) {
    if (!hasPython3()) {
      console.log(`python3 is not installed: the tests that run Python packages (${requirements}) will be skipped`);
      break;
    }
    console.log(`Creating ${venv} for the Python tests`);
    run('python3', ['-m', 'venv', venv], `creating ${venv} (on Debian or Ubuntu it needs the python3-venv package)`);
  }
  const missing = missingPins(python, readPins(requirements));
  if (missing.length === 0) continue;
  console.log(`Installing ${missing.join(' ')} into ${venv} (${requirements})`);
  run(
    python,
    ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', requirements],
    `installing ${requirements} into ${venv}`,
  );
}
