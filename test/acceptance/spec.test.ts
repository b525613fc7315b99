// Airbyte's Connector Acceptance Tests, spec family (TestSpec in
// airbyte-integrations/bases/connector-acceptance-test/connector_acceptance_test/tests/test_core.py
// of airbytehq/airbyte), through the real CLI.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, test } from 'node:test';
import { Ajv } from 'ajv';
import { runCli, type Message } from '../helpers/cli.js';

type Schema = { [key: string]: unknown };

const GOLDEN = new URL('../../../spec.json', import.meta.url);
const SECRET_NAMES = new Set([
  'client_token',
  'access_token',
  'api_token',
  'token',
  'secret',
  'client_secret',
  'password',
  'key',
  'service_account_info',
  'service_account',
  'tenant_id',
  'certificate',
  'jwt',
  'credentials',
  'app_id',
  'appid',
  'refresh_token',
]);
const FORBIDDEN = [
  'not',
  'anyOf',
  'patternProperties',
  'prefixItems',
  'allOf',
  'if',
  'then',
  'else',
  'dependentSchemas',
  'dependentRequired',
];

let spec: { connectionSpecification: Schema } & Schema;

before(async () => {
  const result = await runCli(['spec']);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.messages.length, 1, 'exactly one message');
  const [message] = result.messages as Message[];
  assert.equal(message.type, 'SPEC');
  spec = message.spec;
});

/** Every schema node under `schema`, with its path and the name of the property it describes. */
function* nodes(
  schema: Schema,
  path = '#',
  name?: string,
): Generator<{ node: Schema; path: string; name: string | undefined }> {
  yield { node: schema, path, name };
  const properties = (schema.properties ?? {}) as { [key: string]: Schema };
  for (const [key, child] of Object.entries(properties)) yield* nodes(child, `${path}/properties/${key}`, key);
  if (schema.items && typeof schema.items === 'object') yield* nodes(schema.items as Schema, `${path}/items`);
  for (const keyword of ['oneOf', 'anyOf']) {
    for (const [i, variant] of ((schema[keyword] ?? []) as Schema[]).entries())
      yield* nodes(variant, `${path}/${keyword}/${i}`);
  }
}

const all = (): ReturnType<typeof nodes> => nodes(spec.connectionSpecification);

test('the spec equals the committed spec.json golden file', () => {
  assert.deepEqual(spec, JSON.parse(readFileSync(GOLDEN, 'utf8')));
});

test('both config shapes validate against the connection specification', () => {
  const validate = new Ajv({ strict: false }).compile(spec.connectionSpecification);
  const single = {
    domain: 'localhost',
    port: 8443,
    scheme: 'http',
    secret: 'secret',
    collection: {
      name: 'users',
      index: 'users_by_ts',
      data_column: true,
      additional_columns: [{ name: 'email', path: ['data', 'email'], type: 'string', required: false }],
      page_size: 2,
      deletions: { deletion_mode: 'deleted_field', column: 'deleted_at' },
    },
  };
  const python01 = {
    domain: 'db.fauna.com',
    port: 443,
    scheme: 'https',
    secret: 'fnA',
    collection: { page_size: 64, deletions: { deletion_mode: 'ignore' } },
  };
  for (const config of [single, python01, { secret: 'only' }])
    assert.ok(validate(config), JSON.stringify(validate.errors));
});

test('defaults are valid against their own schema', () => {
  const ajv = new Ajv({ strict: false });
  for (const { node, path } of all()) {
    if (!('default' in node)) continue;
    const { default: value, ...schema } = node;
    assert.ok(ajv.validate(schema, value), `${path}: default ${JSON.stringify(value)} is invalid`);
  }
});

test('enums have no duplicate values', () => {
  for (const { node, path } of all()) {
    if (Array.isArray(node.enum))
      assert.equal(new Set(node.enum.map((v) => JSON.stringify(v))).size, node.enum.length, path);
  }
});

test('oneOf: object parent, variants with properties, exactly one shared const discriminator', () => {
  let seen = 0;
  for (const { node, path } of all()) {
    const variants = node.oneOf as Schema[] | undefined;
    if (!variants) continue;
    seen++;
    assert.equal(node.type, 'object', path);
    const properties = variants.map((variant) => (variant.properties ?? {}) as { [key: string]: Schema });
    for (const p of properties) assert.ok(Object.keys(p).length > 0, `${path}: a variant without properties`);
    const shared = Object.keys(properties[0]!).filter((key) => properties.every((p) => key in p));
    const discriminators = shared.filter((key) => properties.every((p) => 'const' in p[key]!));
    assert.equal(discriminators.length, 1, `${path}: one const discriminator`);
    for (const p of properties) {
      const property = p[discriminators[0]!]!;
      if ('default' in property) assert.equal(property.default, property.const);
      if ('enum' in property) assert.deepEqual(property.enum, [property.const]);
    }
  }
  assert.ok(seen > 0, 'the deletions oneOf was checked');
});

test('secrets are marked airbyte_secret, and only string-like fields are', () => {
  for (const { node, path, name } of all()) {
    const types = [node.type].flat();
    const holdsSecret = types.some((t) => t === 'string' || t === 'integer' || t === 'number') && !('const' in node);
    if (name !== undefined && SECRET_NAMES.has(name) && holdsSecret) assert.equal(node.airbyte_secret, true, path);
    if (node.airbyte_secret === true) assert.ok(holdsSecret, `${path}: airbyte_secret on a non-secret type`);
  }
});

test('type arrays, empty objects, array items, forbidden keywords, $ref, additionalProperties', () => {
  for (const { node, path } of all()) {
    if (Array.isArray(node.type))
      assert.ok(node.type.length === 1 || (node.type.length === 2 && node.type[1] === 'null'), path);
    if (node.type === 'object')
      assert.ok(node.oneOf || Object.keys((node.properties ?? {}) as Schema).length > 0, `${path}: empty object`);
    if (node.type === 'array') {
      const items = node.items as Schema;
      assert.ok(items && !Array.isArray(items), `${path}: items must be one schema`);
      assert.ok(
        ['object', 'string', 'number', 'integer'].includes(items.type as string) || Array.isArray(items.enum),
        path,
      );
    }
    for (const keyword of FORBIDDEN) assert.ok(!(keyword in node), `${path} uses ${keyword}`);
    assert.ok(!('$ref' in node), `${path} uses $ref`);
    if ('additionalProperties' in node) assert.equal(node.additionalProperties, true, path);
  }
});

test('orders are unique among siblings; group and display_type are not misused', () => {
  for (const { node, path } of all()) {
    const properties = Object.values((node.properties ?? {}) as { [key: string]: Schema });
    const orders = properties.filter((p) => p.order !== undefined).map((p) => `${String(p.group)}:${String(p.order)}`);
    assert.equal(new Set(orders).size, orders.length, `${path}: duplicate order`);
    if (path !== '#' && !/^#\/properties\/[^/]+$/.test(path)) assert.ok(!('group' in node), `${path}: nested group`);
    if ('display_type' in node)
      assert.ok(node.oneOf && ['dropdown', 'radio'].includes(node.display_type as string), path);
  }
});
