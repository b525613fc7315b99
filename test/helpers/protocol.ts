import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';

// The official schema, kept unchanged in the repository (see test/airbyte-protocol/README.md).
const PROTOCOL_PATH = fileURLToPath(new URL('../../../test/airbyte-protocol/airbyte_protocol.yaml', import.meta.url));

let validator: ValidateFunction | undefined;

function messageValidator(): ValidateFunction {
  if (!validator) {
    const schema = parse(readFileSync(PROTOCOL_PATH, 'utf8')) as { $id: string };
    const ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addSchema(schema);
    validator = ajv.getSchema(`${schema.$id}#/definitions/AirbyteMessage`);
    assert.ok(validator, 'AirbyteMessage is defined in airbyte_protocol.yaml');
  }
  return validator;
}

/** Fails unless `message` is a valid AirbyteMessage of the official protocol schema. */
export function assertValidMessage(message: unknown): void {
  const validate = messageValidator();
  if (!validate(message)) {
    assert.fail(`invalid Airbyte message ${JSON.stringify(message)}: ${JSON.stringify(validate.errors)}`);
  }
}
