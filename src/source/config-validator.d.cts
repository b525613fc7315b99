// The spec's connection schema compiled by ajv at build time (src/build/config-validator.ts).
import type { ValidateFunction } from 'ajv';

declare const validate: ValidateFunction;
export = validate;
