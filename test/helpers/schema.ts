// Records against their discovered schema, as a strict destination would check them: ajv with
// ajv-formats (date-time, date) and nothing undeclared at the top level.
import assert from 'node:assert/strict';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { CliResult, Message } from './cli.js';
import { records } from './sync.js';

export function assertRecordsValidate(result: CliResult, catalog: Message): void {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const validators = new Map<string, ValidateFunction>(
    catalog.streams.map((stream: Message) => [
      stream.name,
      ajv.compile({ ...stream.json_schema, additionalProperties: false }),
    ]),
  );
  for (const record of records(result)) {
    const validate = validators.get(record.stream);
    assert.ok(validate, `a record of an undiscovered stream ${record.stream}`);
    assert.ok(
      validate(record.data),
      `${record.stream} ${JSON.stringify(record.data)}: ${JSON.stringify(validate.errors)}`,
    );
  }
}
