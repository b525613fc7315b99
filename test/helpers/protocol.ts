import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';

// CI lays the shared folder next to the repository: <repo>/../shared/airbyte_protocol.yaml.
const PROTOCOL_PATH = fileURLToPath(new URL('../../../../shared/airbyte_protocol.yaml', import.meta.url));

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

/** Fails unless `message` is a valid AirbyteMessage of the shared protocol file. */
export function assertValidMessage(message: unknown): void {
  const validate = messageValidator();
  if (!validate(message)) {
    assert.fail(`invalid Airbyte message ${JSON.stringify(message)}: ${JSON.stringify(validate.errors)}`);
  }
}
