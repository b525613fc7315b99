// Backward compatibility of the connector's config schema: would every config that was valid
// under the previous spec still be valid, with the same meaning, under the current one? The rules
// are those of Airbyte's acceptance test, TestSpec.test_backward_compatibility
// (airbytehq/airbyte, airbyte-integrations/bases/connector-acceptance-test/connector_acceptance_test/
// utils/backward_compatibility.py): its SpecDiffChecker fails on a removed property, a new
// `required` entry, a changed or narrowed `type`, a narrowed enum and an enum declared on an
// existing property; its validate_previous_configs then validates configs generated from the
// previous schema against the current one, which fails on any constraint a previous config may
// break (a new or tighter bound, length, pattern, format or const, additionalProperties false, a
// removed oneOf variant or a changed discriminator). New optional properties, new enum values,
// new oneOf variants and widened types pass.

type Schema = { [key: string]: unknown };

const isSchema = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const types = (schema: Schema): string[] | undefined =>
  schema.type === undefined ? undefined : ([] as unknown[]).concat(schema.type).map(String);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Every backward-incompatible change from `previous` to `current`, one sentence each. */
export function breakingChanges(previous: Schema, current: Schema, path = '$'): string[] {
  const problems: string[] = [];
  const add = (what: string) => problems.push(`${path}: ${what}`);

  const before = types(previous);
  const after = types(current);
  if (before && !after) {
    // Dropping `type` accepts more values: compatible.
  } else if (before && after) {
    for (const t of before)
      if (!after.includes(t)) add(`type ${JSON.stringify(before)} changed to ${JSON.stringify(after)}`);
  } else if (!before && after) {
    add(`type ${JSON.stringify(after)} declared where any type was allowed`);
  }

  if (previous.const !== undefined && !same(previous.const, current.const))
    add(`const ${JSON.stringify(previous.const)} changed`);

  if (previous.enum === undefined && current.enum !== undefined) add('enum declared on an existing property');
  for (const value of list(previous.enum)) {
    if (current.enum !== undefined && !list(current.enum).some((v) => same(v, value)))
      add(`enum value ${JSON.stringify(value)} removed`);
  }

  const wasRequired = new Set(list(previous.required));
  for (const name of list(current.required))
    if (!wasRequired.has(name)) add(`new required field ${JSON.stringify(name)}`);

  if (previous.additionalProperties !== false && current.additionalProperties === false)
    add('additionalProperties became false');

  for (const [keyword, tighter] of [
    ['minimum', 1],
    ['minLength', 1],
    ['minItems', 1],
    ['maximum', -1],
    ['maxLength', -1],
    ['maxItems', -1],
  ] as const) {
    const was = previous[keyword];
    const now = current[keyword];
    if (typeof now === 'number' && (typeof was !== 'number' || (now - was) * tighter > 0))
      add(`${keyword} tightened from ${String(was)} to ${now}`);
  }
  for (const keyword of ['exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minProperties', 'maxProperties']) {
    if (current[keyword] !== undefined && !same(current[keyword], previous[keyword]))
      add(`${keyword} ${JSON.stringify(current[keyword])} declared`);
  }
  for (const keyword of ['pattern', 'format']) {
    if (current[keyword] !== undefined && current[keyword] !== previous[keyword])
      add(`${keyword} changed to ${String(current[keyword])}`);
  }
  if (previous.const === undefined && current.const !== undefined)
    add(`const ${JSON.stringify(current.const)} declared`);

  const previousProperties = isSchema(previous.properties) ? previous.properties : {};
  const currentProperties = isSchema(current.properties) ? current.properties : {};
  for (const [name, schema] of Object.entries(previousProperties)) {
    const next = currentProperties[name];
    if (next === undefined) add(`property ${JSON.stringify(name)} removed`);
    else if (isSchema(schema) && isSchema(next)) problems.push(...breakingChanges(schema, next, `${path}.${name}`));
  }

  if (isSchema(previous.items) && isSchema(current.items))
    problems.push(...breakingChanges(previous.items, current.items, `${path}[]`));

  problems.push(...oneOfChanges(previous, current, path));
  return problems;
}

/** The property that has a `const` in every variant: Airbyte's oneOf discriminator. */
function discriminator(variants: Schema[]): string | undefined {
  const first = variants[0];
  if (!first || !isSchema(first.properties)) return undefined;
  return Object.keys(first.properties).find((name) =>
    variants.every(
      (v) => isSchema(v.properties) && isSchema(v.properties[name]) && v.properties[name].const !== undefined,
    ),
  );
}

function oneOfChanges(previous: Schema, current: Schema, path: string): string[] {
  const before = list(previous.oneOf).filter(isSchema);
  const after = list(current.oneOf).filter(isSchema);
  if (before.length === 0) return [];
  if (after.length === 0) return [`${path}: oneOf removed`];
  const key = discriminator(before);
  if (key === undefined) return [];
  if (discriminator(after) !== key)
    return [`${path}: oneOf discriminator ${JSON.stringify(key)} changed to ${JSON.stringify(discriminator(after))}`];
  const constOf = (variant: Schema) => (variant.properties as Schema)[key] as Schema;
  return before.flatMap((variant) => {
    const value = constOf(variant).const;
    const match = after.find((v) => same(constOf(v).const, value));
    const where = `${path}<${key}=${JSON.stringify(value)}>`;
    return match ? breakingChanges(variant, match, where) : [`${where}: oneOf variant removed`];
  });
}
