// `npm ci` runs no lifecycle scripts here (.npmrc: ignore-scripts), so a fresh clone has no
// dist/. Compile on first use instead of failing; the Docker image ships dist/ prebuilt.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export function ensureBuilt(entry) {
  if (existsSync(new URL(`../dist/${entry}`, import.meta.url))) return;
  let tsc;
  try {
    tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    process.stderr.write(`dist/${entry} is missing and TypeScript is not installed: run "npm ci && npm run build".\n`);
    process.exit(1);
  }
  // stdout belongs to the Airbyte protocol: compiler output goes to stderr.
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: root, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) {
    process.stderr.write('Building source-fauna failed; see the compiler output above.\n');
    process.exit(1);
  }
}
