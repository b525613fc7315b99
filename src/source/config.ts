import { Ajv, type ErrorObject } from 'ajv';
import { connectionSpecification } from './spec.js';

export interface AdditionalColumn {
  name: string;
  path: string[];
  type: string;
  format?: string;
  airbyte_type?: string;
  required: boolean;
}

/** `invalidCursor`: what to do when deletions since the cursor may have left the history retention. */
export type InvalidCursorBehavior = 'fail' | 'continue';
export type Deletions = { mode: 'ignore' } | { mode: 'deleted_field'; column: string; invalidCursor: InvalidCursorBehavior };

export interface ConnectionConfig {
  domain: string;
  port: number;
  scheme: 'http' | 'https';
  secret: string;
  timeoutMs: number;
  maxRetries: number;
  /** At most this many queries in flight (spec field max_concurrency). */
  maxConcurrency: number;
}

/** Column and paging settings; they apply to every stream. */
export interface StreamSettings {
  dataColumn: boolean;
  /** Top-level data fields become typed columns (those of the catalog's schema at read time). */
  dataFieldsAsColumns: boolean;
  additionalColumns: AdditionalColumn[];
  pageSize: number;
  deletions: Deletions;
}

export interface SourceConfig {
  connection: ConnectionConfig;
  /** Single-collection mode: the one collection, and its user-chosen index ('' = full refresh only). */
  single?: { collection: string; index: string };
  settings: StreamSettings;
  /** Documents discover samples per collection to type `data`; 0 leaves it untyped. */
  sampleSize: number;
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
  data_fields_as_columns: boolean;
  additional_columns?: AdditionalColumn[];
  page_size: number;
  deletions: { deletion_mode: 'ignore' } | { deletion_mode: 'deleted_field'; column: string; invalid_cursor_behavior?: InvalidCursorBehavior };
}

interface RawConfig {
  domain: string;
  port: number;
  scheme: 'http' | 'https';
  secret: string;
  collection: RawCollection;
  request_timeout_seconds: number;
  max_retries: number;
  max_concurrency: number;
  discover_sample_size: number;
}

/** Validates a config against the spec (filling its defaults) and the column rules. */
export function parseConfig(input: unknown): SourceConfig {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ConfigError('The config must be a JSON object');
  }
  const raw = structuredClone(input) as Record<string, unknown>;
  // Without `collection` the defaults inside it must still apply: validate an empty one.
  raw.collection ??= {};
  if (!validate(raw)) throw new ConfigError(describe(validate.errors ?? []));
  const config = raw as unknown as RawConfig;
  const collection = config.collection;
  const deletions: Deletions = collection.deletions.deletion_mode === 'deleted_field'
    // Ajv fills no defaults inside a oneOf branch.
    ? { mode: 'deleted_field', column: collection.deletions.column, invalidCursor: collection.deletions.invalid_cursor_behavior ?? 'fail' }
    : { mode: 'ignore' };
  const additionalColumns = (collection.additional_columns ?? []).map((c) => ({ ...c, required: c.required ?? true }));
  checkColumnNames(additionalColumns, deletions);
  const name = collection.name ?? '';
  const index = collection.index ?? '';
  if (name === '' && index !== '') {
    throw new ConfigError('collection.index needs collection.name: an Incremental Sync Index belongs to one named collection');
  }
  if (collection.data_fields_as_columns && !collection.data_column) {
    throw new ConfigError('collection.data_fields_as_columns needs collection.data_column: fields without a column of their own '
      + 'are exported in the data column');
  }
  return {
    connection: {
      domain: config.domain,
      port: config.port,
      scheme: config.scheme,
      secret: config.secret,
      timeoutMs: config.request_timeout_seconds * 1000,
      maxRetries: config.max_retries,
      maxConcurrency: config.max_concurrency,
    },
    ...(name !== '' && { single: { collection: name, index } }),
    settings: {
      dataColumn: collection.data_column,
      dataFieldsAsColumns: collection.data_fields_as_columns,
      additionalColumns,
      pageSize: collection.page_size,
      deletions,
    },
    sampleSize: config.discover_sample_size,
  };
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
      + '{"deletion_mode": "deleted_field", "column": "<column name>"}, the latter optionally with "invalid_cursor_behavior": "fail" or "continue"';
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
