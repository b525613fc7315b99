// The npm package as a user gets it: packed from sources that were never built (the release
// procedure, `npm run package`, must build them itself), installed from the tarball into an empty
// folder without dev dependencies, then its two commands run from node_modules/.bin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertValidMessage } from '../helpers/protocol.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
// What a clone holds that packing may use; dist/ is left out on purpose.
const SOURCES = [
  'package.json',
  'package-lock.json',
  '.npmrc',
  'tsconfig.json',
  'tsconfig.package.json',
  'README.md',
  'LICENSE',
  'bin',
  'src',
  'emulator',
];
// The Node.js running this test runs npm and the installed commands too (CI runs it on two).
const env = { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}` };

function run(command: string, args: string[], options: SpawnSyncOptions): string {
  const result = spawnSync(command, args, { encoding: 'utf8', env, ...options });
  assert.equal(
    result.status,
    0,
    `${command} ${args.join(' ')} failed:\n${String(result.stdout)}\n${String(result.stderr)}`,
  );
  return String(result.stdout);
}

function messages(stdout: string): { type: string; [key: string]: any }[] {
  return stdout
    .trim()
    .split('\n')
    .map((line) => {
      const message = JSON.parse(line) as { type: string };
      assertValidMessage(message);
      return message;
    });
}

/** Starts the installed `fauna-emulator --demo` on a free port; resolves once it listens. */
function startDemo(bin: string): Promise<{ url: URL; secret: string; stop(): Promise<void> }> {
  const child = spawn(bin, ['--demo', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  return new Promise((resolve, reject) => {
    child.on('close', (code) => reject(new Error(`fauna-emulator --demo exited with ${code}: ${stderr}`)));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const listening = /listening on (\S+)\n/.exec(stdout);
      const secret = /read-only key secret: (\S+)\n/.exec(stderr);
      if (listening && secret) {
        resolve({
          url: new URL(listening[1]!),
          secret: secret[1]!,
          stop: () => {
            child.kill('SIGTERM');
            return exited;
          },
        });
      }
    });
  });
}

test('npm run package packs unbuilt sources; the tarball installs without dev dependencies and its commands work', async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'source-fauna-package-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  const clone = join(work, 'clone');
  mkdirSync(clone);
  for (const source of SOURCES) cpSync(join(root, source), join(clone, source), { recursive: true });
  // The dev dependencies (TypeScript) that a clone's `npm ci` installs.
  symlinkSync(join(root, 'node_modules'), join(clone, 'node_modules'), 'dir');

  run('npm', ['run', 'package', '--', '--pack-destination', work], { cwd: clone });
  const tarballs = readdirSync(work).filter((name) => name.endsWith('.tgz'));
  assert.equal(tarballs.length, 1, `one tarball in ${readdirSync(work).join(', ')}`);
  const tarball = join(work, tarballs[0]!);
  // `tar -tv` lines: mode, owner, size, date, time, path.
  const listing = execFileSync('tar', ['-tvzf', tarball], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.split(/\s+/));
  const files = listing.map((fields) => fields[5]!.replace(/^package\//, ''));
  const unpacked = listing.reduce((sum, fields) => sum + Number(fields[2]), 0);
  for (const file of [
    'package.json',
    'README.md',
    'LICENSE',
    'bin/source-fauna.js',
    'bin/fauna-emulator.js',
    'dist/src/cli.js',
    'dist/emulator/cli.js',
  ]) {
    assert.ok(files.includes(file), `the package holds ${file}`);
  }
  const strays = files.filter(
    (f) => /^(src|emulator|test|demo|bench|dist\/(test|demo|bench))\//.test(f) || f.endsWith('.map'),
  );
  assert.deepEqual(strays, [], 'no sources, tests or source maps in the package');
  t.diagnostic(`package: ${statSync(tarball).size} bytes packed, ${unpacked} bytes unpacked, ${files.length} files`);

  const app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true }));
  run('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', tarball], { cwd: app });
  const installed = readdirSync(join(app, 'node_modules'));
  for (const dev of ['typescript', 'faunadb', 'yaml', '@types'])
    assert.ok(!installed.includes(dev), `${dev} is not installed`);
  const bin = (name: string) => join(app, 'node_modules', '.bin', name);

  const [spec] = messages(run(bin('source-fauna'), ['spec'], { cwd: app }));
  assert.equal(spec!.type, 'SPEC');
  assert.ok(spec!.spec.connectionSpecification.properties.domain, 'the spec has the domain field');

  const demo = await startDemo(bin('fauna-emulator'));
  try {
    const config = join(work, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({ domain: demo.url.hostname, port: Number(demo.url.port), scheme: 'http', secret: demo.secret }),
    );
    const status = messages(run(bin('source-fauna'), ['check', '--config', config], { cwd: app })).find(
      (m) => m.type === 'CONNECTION_STATUS',
    );
    assert.deepEqual(status?.connectionStatus, { status: 'SUCCEEDED' });
  } finally {
    await demo.stop();
  }
});
