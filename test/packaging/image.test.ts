// What Airbyte's acceptance tests check on the built image (test_image_labels,
// test_image_environment_variables), checked on the Dockerfile itself, plus the rest of the
// image contract: multi-stage build on the Node.js LTS that `engines` supports, pruned dev
// dependencies, non-root user, and one version everywhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { parse } from 'yaml';
import { execForm, imageConfig, parseDockerfile } from './dockerfile.js';

const root = new URL('../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

const stages = parseDockerfile(read('Dockerfile'));
const final = stages[stages.length - 1];
const image = imageConfig(final);
const metadata = parse(read('metadata.yaml')) as { data: Record<string, string> };
const pkg = JSON.parse(read('package.json')) as { version: string; engines: { node: string } };

test('labels io.airbyte.name and io.airbyte.version equal the metadata', () => {
  assert.equal(image.labels.get('io.airbyte.name'), metadata.data.dockerRepository);
  assert.equal(image.labels.get('io.airbyte.version'), metadata.data.dockerImageTag);
});

test('the image version is the package version', () => {
  assert.equal(metadata.data.dockerImageTag, pkg.version);
});

test('AIRBYTE_ENTRYPOINT equals the exec-form ENTRYPOINT joined by spaces', () => {
  assert.ok(image.entrypoint, 'the final stage has an ENTRYPOINT');
  const entrypoint = execForm(image.entrypoint.args);
  assert.ok(entrypoint, `ENTRYPOINT on line ${image.entrypoint.line} must use the exec form`);
  assert.equal(image.env.get('AIRBYTE_ENTRYPOINT'), entrypoint.join(' '));
});

test('the entry script is copied to the path the ENTRYPOINT runs and is executable', () => {
  const entrypoint = execForm(image.entrypoint!.args)!;
  const workdir = final.instructions.filter((i) => i.keyword === 'WORKDIR').at(-1)?.args;
  const copies = final.instructions.filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from'));
  const copy = copies
    .map((i) => i.args.split(/\s+/))
    .find(([, target]) => `${workdir}/${target.replace(/^\.\//, '')}` === entrypoint[0]);
  assert.ok(copy, `a COPY puts ${entrypoint[0]} in the image`);
  assert.ok(statSync(new URL(copy[0], root)).mode & 0o111, `${copy[0]} is executable`);
});

test('.dockerignore excludes everything but what the build copies, and lets all of that in', () => {
  const patterns = read('.dockerignore')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  assert.equal(patterns[0], '*', 'the context starts empty');
  const allowed = patterns.slice(1).map((p) => p.replace(/^!/, '').replace(/\/$/, ''));
  const sources = stages
    .flatMap((s) => s.instructions)
    .filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from'))
    .flatMap((i) => i.args.split(/\s+/).slice(0, -1));
  for (const source of sources) {
    const path = source.replace(/\/$/, '');
    assert.ok(
      allowed.some((a) => path === a || path.startsWith(`${a}/`)),
      `${source} is in the build context`,
    );
    assert.ok(statSync(new URL(path, root)), `${source} exists`);
  }
});

test('the image runs as a non-root user', () => {
  assert.ok(image.user, 'the final stage sets USER');
  assert.ok(!['root', '0', '0:0', 'root:root'].includes(image.user), `USER ${image.user} is not root`);
  const afterUser = final.instructions.slice(final.instructions.findIndex((i) => i.keyword === 'USER'));
  assert.ok(
    !afterUser.some((i) => i.keyword === 'USER' && /^(root|0)(:|$)/.test(i.args)),
    'no later USER switches back to root',
  );
});

test('multi-stage build on Node.js 24 LTS: npm ci without scripts, build, prune dev dependencies', () => {
  assert.ok(stages.length >= 2, 'a build stage and a runtime stage');
  // Node 20 reached its end of life in April 2026; 24 is maintained until April 2028.
  for (const stage of stages)
    assert.match(stage.from, /^node:24[.-]?[\w.-]*(slim|alpine)/, `${stage.from} is a Node.js 24 slim or alpine image`);
  assert.match(
    pkg.engines.node,
    /(^|\|\|)\s*>=\s*24(\.0)*\s*$/,
    `engines.node ${pkg.engines.node} supports the image's Node.js 24 and later`,
  );
  const build = stages.find((s) => s.name && final.instructions.some((i) => i.args.startsWith(`--from=${s.name} `)));
  assert.ok(build, 'the runtime stage copies from a named build stage');
  const runs = build.instructions
    .filter((i) => i.keyword === 'RUN')
    .map((i) => i.args)
    .join(' && ');
  assert.match(runs, /npm ci [^&]*--ignore-scripts/);
  assert.match(runs, /npm run build/);
  assert.match(runs, /npm prune [^&]*--omit=dev/);
  assert.ok(runs.indexOf('npm run build') < runs.indexOf('npm prune'), 'dev dependencies are pruned after the build');
  assert.ok(
    !final.instructions.some((i) => i.keyword === 'RUN' && /npm (ci|install)/.test(i.args)),
    'no install in the runtime stage',
  );
});

test('the Dockerfile reader handles the syntax these checks rely on', () => {
  const [build, runtime] = parseDockerfile(
    [
      'ARG BASE=node:20-alpine',
      'FROM node:20-alpine AS build',
      '# a comment',
      'RUN npm ci \\',
      '  # a comment inside a continuation',
      '  --ignore-scripts',
      'FROM node:20-alpine',
      'ENV LEGACY value with spaces',
      'ENV A="x y" B=z',
      'LABEL io.airbyte.name="a/b" \\',
      '      io.airbyte.version=1.2.3',
      'ENTRYPOINT node main.js',
      'USER 1000',
    ].join('\n'),
  );
  assert.equal(build!.name, 'build');
  assert.equal(build!.instructions[0]!.args, 'npm ci --ignore-scripts');
  const config = imageConfig(runtime!);
  assert.deepEqual(
    [...config.env],
    [
      ['LEGACY', 'value with spaces'],
      ['A', 'x y'],
      ['B', 'z'],
    ],
  );
  assert.deepEqual(
    [...config.labels],
    [
      ['io.airbyte.name', 'a/b'],
      ['io.airbyte.version', '1.2.3'],
    ],
  );
  assert.equal(
    execForm(config.entrypoint!.args),
    undefined,
    'a shell-form ENTRYPOINT is not mistaken for the exec form',
  );
  assert.equal(config.user, '1000');
});
