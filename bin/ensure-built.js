// `npm ci` runs no lifecycle scripts here (.npmrc: ignore-scripts), so a fresh clone has no
// dist/. Compile on first use instead of failing; the Docker image and the npm package ship
// dist/ prebuilt (`npm run package` builds it afresh before packing).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

// What `npm run build` generates after the compiler: the config validator (src/build/config-validator.ts).
const GENERATED = 'src/source/config-validator.cjs';

export function ensureBuilt(entry) {
  if (
    existsSync(new URL(`../dist/${entry}`, import.meta.url)) &&
    existsSync(new URL(`../dist/${GENERATED}`, import.meta.url))
  )
    return;
  if (!existsSync(new URL('../tsconfig.json', import.meta.url))) {
    // An installed package carries no sources to compile: it was packed without its build.
    fail(
      `dist/${entry} is missing from this package: it was packed without its build; pack it with "npm run package".`,
    );
  }
  let tsc;
  try {
    tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    fail(`dist/${entry} is missing and TypeScript is not installed: run "npm ci && npm run build".`);
  }
  // stdout belongs to the Airbyte protocol: compiler output goes to stderr.
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: root, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) fail('Building source-fauna failed; see the compiler output above.');
  const generated = spawnSync(process.execPath, ['dist/src/build/config-validator.js'], {
    cwd: root,
    stdio: ['ignore', 2, 2],
  });
  if (generated.status !== 0) fail(`Generating dist/${GENERATED} failed; see the output above.`);
}

function fail(message) {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}
