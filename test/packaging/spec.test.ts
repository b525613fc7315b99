// The committed spec.json is the spec Airbyte users' connections were configured with, and
// spec-0.1.10.yaml the one of the Python connector this one replaces (the previous image of the
// same definition id, which Airbyte's acceptance test compares with). The connector's real `spec`
// output may add to them, never break them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { breakingChanges } from './spec-compat.js';

type Schema = { [key: string]: any };

const root = new URL('../../../', import.meta.url);
const golden = JSON.parse(readFileSync(new URL('spec.json', root), 'utf8')) as Schema;
const python = parse(readFileSync(new URL('test/packaging/spec-0.1.10.yaml', root), 'utf8')) as Schema;

function currentSpec(): Schema {
  const r = spawnSync(process.execPath, [fileURLToPath(new URL('bin/source-fauna.js', root)), 'spec'], {
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  const messages = r.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Schema);
  assert.deepEqual(
    messages.map((m) => m.type),
    ['SPEC'],
  );
  return messages[0].spec as Schema;
}

test('the spec of the connector is backward compatible with spec.json', (t) => {
  const current = currentSpec();
  assert.deepEqual(breakingChanges(golden.connectionSpecification, current.connectionSpecification), []);
  if (JSON.stringify(current) !== JSON.stringify(golden)) {
    t.diagnostic('spec.json differs from `source-fauna spec` in compatible ways; refresh it (README, Development).');
  }
});

test('the spec of the connector is backward compatible with airbyte-source-fauna 0.1.10', () => {
  assert.deepEqual(breakingChanges(python.connectionSpecification, currentSpec().connectionSpecification), []);
});

test("against 0.1.10, the comparison reports what Airbyte's test reported of the 0.4.0 spec", () => {
  // The constraints 0.4.0 declared in its spec, which CAT's TestSpec.test_backward_compatibility failed on.
  const spec = structuredClone(currentSpec().connectionSpecification) as Schema;
  Object.assign(spec.properties.domain, { minLength: 1 });
  Object.assign(spec.properties.port, { minimum: 1, maximum: 65535 });
  Object.assign(spec.properties.scheme, { enum: ['https', 'http'] });
  Object.assign(spec.properties.secret, { minLength: 1 });
  Object.assign(collection(spec).properties.page_size, { minimum: 1, maximum: 100000 });
  Object.assign(deletionVariants(spec)[1]!.properties.column, { minLength: 1 });
  assert.deepEqual(breakingChanges(python.connectionSpecification, spec), [
    '$.domain: minLength tightened from undefined to 1',
    '$.port: minimum tightened from undefined to 1',
    '$.port: maximum tightened from undefined to 65535',
    '$.scheme: enum declared on an existing property',
    '$.secret: minLength tightened from undefined to 1',
    '$.collection.page_size: minimum tightened from undefined to 1',
    '$.collection.page_size: maximum tightened from undefined to 100000',
    '$.collection.deletions<deletion_mode="deleted_field">.column: minLength tightened from undefined to 1',
  ]);
});

/** A copy of the golden connection specification with one change applied. */
function changed(change: (spec: Schema) => void): Schema {
  const copy = structuredClone(golden.connectionSpecification) as Schema;
  change(copy);
  return copy;
}
const collection = (spec: Schema) => spec.properties.collection;
const deletionVariants = (spec: Schema) => collection(spec).properties.deletions.oneOf as Schema[];

test('the comparison catches every kind of breaking change', () => {
  const breaking: Array<[string, (spec: Schema) => void, RegExp]> = [
    ['a removed property', (s) => delete s.properties.port, /property "port" removed/],
    [
      'a removed nested property',
      (s) => delete collection(s).properties.page_size,
      /collection: property "page_size" removed/,
    ],
    [
      'a retyped property',
      (s) => {
        s.properties.port.type = 'string';
      },
      /port: type \["integer"\] changed to \["string"\]/,
    ],
    [
      'a new required field',
      (s) => {
        s.required = [...(s.required ?? []), 'domain'];
      },
      /new required field "domain"/,
    ],
    [
      'a narrowed enum',
      (s) => {
        s.properties.fql_version.enum = ['4'];
      },
      /fql_version: enum value "10" removed/,
    ],
    [
      'a changed oneOf discriminator',
      (s) => {
        for (const v of deletionVariants(s)) {
          v.properties.mode = v.properties.deletion_mode;
          delete v.properties.deletion_mode;
        }
      },
      /oneOf discriminator "deletion_mode" changed/,
    ],
    [
      'a removed oneOf variant',
      (s) => {
        collection(s).properties.deletions.oneOf = deletionVariants(s).slice(0, 1);
      },
      /oneOf variant removed/,
    ],
    [
      'a tightened bound',
      (s) => {
        collection(s).properties.page_size.maximum = 1000;
      },
      /maximum tightened/,
    ],
    [
      'a new minimum',
      (s) => {
        s.properties.port.minimum = 1;
      },
      /port: minimum tightened/,
    ],
    [
      'a new minLength',
      (s) => {
        s.properties.secret.minLength = 1;
      },
      /secret: minLength tightened/,
    ],
    [
      'an enum on an existing property',
      (s) => {
        s.properties.scheme.enum = ['https', 'http'];
      },
      /scheme: enum declared/,
    ],
    [
      'a new pattern',
      (s) => {
        s.properties.domain.pattern = '^[a-z.]+$';
      },
      /domain: pattern changed/,
    ],
  ];
  for (const [name, change, expected] of breaking) {
    const problems = breakingChanges(golden.connectionSpecification, changed(change));
    assert.ok(
      problems.some((p) => expected.test(p)),
      `${name} must be reported, got ${JSON.stringify(problems)}`,
    );
  }
});

test('the comparison allows compatible additions', () => {
  const compatible: Array<[string, (spec: Schema) => void]> = [
    [
      'a new optional property',
      (s) => {
        s.properties.region = { type: 'string' };
      },
    ],
    [
      'a new enum value',
      (s) => {
        s.properties.fql_version.enum = [...s.properties.fql_version.enum, '11'];
      },
    ],
    [
      'a nullable type',
      (s) => {
        s.properties.domain.type = ['string', 'null'];
      },
    ],
    [
      'a new oneOf variant',
      (s) => {
        deletionVariants(s).push({ type: 'object', properties: { deletion_mode: { type: 'string', const: 'soft' } } });
      },
    ],
    [
      'a field no longer required',
      (s) => {
        s.required = [];
      },
    ],
    [
      'a new description',
      (s) => {
        s.properties.domain.description = 'Where Fauna listens.';
      },
    ],
  ];
  for (const [name, change] of compatible) {
    assert.deepEqual(breakingChanges(golden.connectionSpecification, changed(change)), [], name);
  }
});
