// metadata.yaml against the rules Airbyte's metadata validator applies, and proof that the rules
// catch what they are meant to catch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { metadataProblems } from './metadata-rules.js';

const metadata = parse(readFileSync(new URL('../../../metadata.yaml', import.meta.url), 'utf8')) as {
  metadataSpecVersion: string;
  data: Record<string, unknown>;
};

test('metadata.yaml is valid connector metadata', () => {
  assert.deepEqual(metadataProblems(metadata), []);
});

test('metadata.yaml describes a database source for Airbyte', () => {
  const data = metadata.data;
  assert.equal(data.connectorType, 'source');
  assert.equal(data.connectorSubtype, 'database');
  assert.equal(data.license, 'MIT');
  assert.ok((data.tags as string[]).includes('language:typescript'));
  // Through a tunnel the connector reaches only the bastion (as Airbyte's database sources declare).
  assert.deepEqual(data.allowedHosts, { hosts: ['${domain}', '${tunnel_method.tunnel_host}'] });
});

type Releases = { breakingChanges: Record<string, Record<string, unknown>> };
const breakingChange = (data: Record<string, unknown>) => (data.releases as Releases).breakingChanges['1.0.0']!;

test('version 1.0.0 declares the ttl type change, with the migration guide the docs link to', () => {
  assert.equal(metadata.data.dockerImageTag, '1.0.0');
  const change = breakingChange(metadata.data);
  assert.match(String(change.message), /`ttl` column of every stream/);
  assert.match(String(change.message), /refresh the streams/);
  // Every stream has ttl, and streams are the user's collections: no list of names can scope it,
  // and a breaking change without scopedImpact applies to every stream.
  assert.equal(change.scopedImpact, undefined);
  const guide = readFileSync(new URL('../../../docs/migration-1.0.md', import.meta.url), 'utf8');
  assert.match(guide, /Refresh/);
  assert.match(readFileSync(new URL('../../../README.md', import.meta.url), 'utf8'), /\(docs\/migration-1\.0\.md\)/);
  assert.deepEqual(
    (metadata.data.connectorTestSuitesOptions as Array<{ suite: string }>).map((s) => s.suite),
    ['unitTests', 'integrationTests', 'acceptanceTests'],
  );
});

function broken(change: (data: Record<string, unknown>) => void) {
  const copy = structuredClone(metadata);
  change(copy.data);
  return metadataProblems(copy);
}

test('the rules reject broken metadata', () => {
  const cases: Array<[string, (data: Record<string, unknown>) => void, RegExp]> = [
    ['missing required field', (d) => delete d.githubIssueLabel, /githubIssueLabel/],
    [
      'unknown field',
      (d) => {
        d.dockerTag = '1.0.0';
      },
      /dockerTag/,
    ],
    [
      'bad enum',
      (d) => {
        d.connectorSubtype = 'nosql';
      },
      /allowed values/,
    ],
    [
      'bad uuid',
      (d) => {
        d.definitionId = 'fauna';
      },
      /uuid/,
    ],
    [
      'wrong type',
      (d) => {
        d.tags = 'language:typescript';
      },
      /tags must be array/,
    ],
    [
      'tag not semver',
      (d) => {
        d.dockerImageTag = 'latest';
      },
      /not a semver/,
    ],
    [
      'no language tag',
      (d) => {
        d.tags = ['keyword:fauna'];
      },
      /language:<LANG>/,
    ],
    [
      'tag without value',
      (d) => {
        d.tags = ['language:typescript', 'fauna'];
      },
      /<KEY>:<VALUE>/,
    ],
    [
      'major without breaking change',
      (d) => {
        d.dockerImageTag = '2.0.0';
      },
      /breakingChanges/,
    ],
    [
      'breaking change without deadline',
      (d) => {
        delete breakingChange(d).upgradeDeadline;
      },
      /upgradeDeadline/,
    ],
    [
      'breaking change with a bad deadline',
      (d) => {
        breakingChange(d).upgradeDeadline = 'March 2027';
      },
      /must match format "date"/,
    ],
    [
      'breaking change under a version that is not x.y.z',
      (d) => {
        (d.releases as Releases).breakingChanges = { v1: breakingChange(d) };
      },
      /additional properties \(v1\)/,
    ],
    [
      'a scope that is not a stream scope',
      (d) => {
        breakingChange(d).scopedImpact = [{ scopeType: 'field', impactedScopes: ['users'] }];
      },
      /scopeType/,
    ],
    [
      'an empty stream scope',
      (d) => {
        breakingChange(d).scopedImpact = [{ scopeType: 'stream', impactedScopes: [] }];
      },
      /impactedScopes/,
    ],
    [
      'an unknown test suite',
      (d) => {
        d.connectorTestSuitesOptions = [{ suite: 'cdkTests' }];
      },
      /allowed values/,
    ],
  ];
  for (const [name, change, expected] of cases) {
    const problems = broken(change);
    assert.ok(
      problems.some((p) => expected.test(p)),
      `${name}: ${JSON.stringify(problems)}`,
    );
  }
});
