import { Ajv, type ErrorObject } from 'ajv';
import { domainProblem, secretProblem } from './connection-fields.js';
import { connectionSpecification } from './spec.js';

export interface AdditionalColumn {
  name: string;
  path: string[];
  type: string;
  format?: string;
  airbyte_type?: string;
  required: boolean;
}

export type Deletions = { mode: 'ignore' } | { mode: 'deleted_field'; column: string };

export interface ConnectionConfig {
  domain: string;
  port: number;
  scheme: 'http' | 'https';
  secret: string;
  timeoutMs: number;
  maxRetries: number;
}

/** Column and paging settings; they apply to every stream. */
export interface StreamSettings {
  dataColumn: boolean;
  additionalColumns: AdditionalColumn[];
  pageSize: number;
  deletions: Deletions;
}

export interface SourceConfig {
  connection: ConnectionConfig;
  /** Single-collection mode: the one collection, and its user-chosen index ('' = full refresh only). */
  single?: { collection: string; index: string };
  settings: StreamSettings;
}

/** The config breaks the spec or the seed's column rules; the message names the field. */
export class ConfigError extends Error {}

// Columns every record may carry; an additional column with one of these names would overwrite it.
const RESERVED_COLUMNS = ['ref', 'ts', 'data', 'ttl'];

const ajv = new Ajv({ useDefaults: true, allErrors: false, strict: false });
ajv.addKeyword({ keyword: 'airbyte_secret' });
ajv.addKeyword({ keyword: 'order' });
const validate = ajv.compile(connectionSpecification);

interface RawCollection {
  name?: string;
  index?: string;
  data_column: boolean;
  additional_columns?: AdditionalColumn[];
  page_size: number;
  deletions: { deletion_mode: 'ignore' } | { deletion_mode: 'deleted_field'; column: string };
}

interface RawConfig {
  domain: string;
  port: number;
  scheme: 'http' | 'https';
  secret: string;
  collection: RawCollection;
  request_timeout_seconds: number;
  max_retries: number;
}

/** Validates a config against the spec (filling its defaults) and the column rules. */
export function parseConfig(input: unknown): SourceConfig {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ConfigError('The config must be a JSON object of the connector\'s fields (see the spec); fix the config file');
  }
  const raw = structuredClone(input) as Record<string, unknown>;
  // Without `collection` the defaults inside it must still apply: validate an empty one.
  raw.collection ??= {};
  if (!validate(raw)) throw new ConfigError(describe(validate.errors ?? []));
  const config = raw as unknown as RawConfig;
  checkConnectionFields(config);
  const collection = config.collection;
  const deletions: Deletions = collection.deletions.deletion_mode === 'deleted_field'
    ? { mode: 'deleted_field', column: collection.deletions.column }
    : { mode: 'ignore' };
  const additionalColumns = (collection.additional_columns ?? []).map((c) => ({ ...c, required: c.required ?? true }));
  checkColumnNames(additionalColumns, deletions);
  const name = collection.name ?? '';
  const index = collection.index ?? '';
  if (name === '' && index !== '') {
    throw new ConfigError('collection.index needs collection.name: an Incremental Sync Index belongs to one named collection');
  }
  return {
    connection: {
      domain: config.domain,
      port: config.port,
      scheme: config.scheme,
      secret: config.secret,
      timeoutMs: config.request_timeout_seconds * 1000,
      maxRetries: config.max_retries,
    },
    ...(name !== '' && { single: { collection: name, index } }),
    settings: { dataColumn: collection.data_column, additionalColumns, pageSize: collection.page_size, deletions },
  };
}

function checkConnectionFields(config: RawConfig): void {
  const domain = domainProblem(config.domain);
  if (domain !== undefined) throw new ConfigError(`Invalid config field domain: ${domain}`);
  const secret = secretProblem(config.secret);
  if (secret !== undefined) throw new ConfigError(`Invalid config field secret: ${secret}`);
}

function checkColumnNames(columns: AdditionalColumn[], deletions: Deletions): void {
  const seen = new Set<string>();
  if (deletions.mode === 'deleted_field' && RESERVED_COLUMNS.includes(deletions.column)) {
    throw new ConfigError(`Deleted At Column cannot have reserved name '${deletions.column}'`);
  }
  for (const { name } of columns) {
    if (RESERVED_COLUMNS.includes(name) || (deletions.mode === 'deleted_field' && name === deletions.column)) {
      throw new ConfigError(`Additional column cannot have reserved name '${name}'`);
    }
    if (seen.has(name)) throw new ConfigError(`Additional column cannot have duplicate name '${name}'`);
    seen.add(name);
  }
}

function describe(errors: ErrorObject[]): string {
  const error = errors[0];
  if (!error) return 'The config does not match the spec';
  const field = error.instancePath.slice(1).replaceAll('/', '.');
  if (field.startsWith('collection.deletions')) {
    return 'Invalid config field collection.deletions: expected {"deletion_mode": "ignore"} or '
      + '{"deletion_mode": "deleted_field", "column": "<column name>"}';
  }
  if (error.keyword === 'required') {
    const missing = (error.params as { missingProperty: string }).missingProperty;
    return `Missing config field ${field === '' ? missing : `${field}.${missing}`}`;
  }
  if (error.keyword === 'enum') {
    const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
    return `Invalid config field ${field}: must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return `Invalid config field ${field === '' ? '(root)' : field}: ${error.message ?? 'invalid'}`;
}
