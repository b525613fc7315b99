import { X509Certificate } from 'node:crypto';
import { createSecureContext, type SecureContextOptions } from 'node:tls';
import { fileURLToPath } from 'node:url';
import type { ErrorObject } from 'ajv';
import { CREATED_AT } from './created-at.js';
import { domainProblem, portProblem, schemeProblem, secretProblem } from './connection-fields.js';
import validate from './config-validator.cjs';

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
export type Deletions =
  { mode: 'ignore' } | { mode: 'deleted_field'; column: string; invalidCursor: InvalidCursorBehavior };

/** PEM texts, as given; `skipVerify` turns certificate checks off. */
export interface TlsConfig {
  ca?: string;
  cert?: string;
  key?: string;
  passphrase?: string;
  skipVerify: boolean;
}

export interface TunnelConfig {
  host: string;
  port: number;
  user: string;
  auth: { privateKey: string } | { password: string };
  /** known_hosts lines or SHA256: fingerprints the bastion's host key must match; empty = accept any. */
  knownHosts: string;
}

export interface ConnectionConfig {
  domain: string;
  port: number;
  scheme: 'http' | 'https';
  secret: string;
  timeoutMs: number;
  maxRetries: number;
  /** At most this many queries in flight (spec field max_concurrency). */
  maxConcurrency: number;
  tls: TlsConfig;
  tunnel?: TunnelConfig;
}

/** Column and paging settings; they apply to every stream. */
export interface StreamSettings {
  dataColumn: boolean;
  /** Top-level data fields become typed columns (those of the catalog's schema at read time). */
  dataFieldsAsColumns: boolean;
  /** A created_at column: the creation time in each document's id (created-at.ts). */
  createdAtColumn: boolean;
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
  /** The query API: FQL v4, or FQL v10 with its event feeds. */
  fqlVersion: FqlVersion;
  /** `databases.scope: "tree"`: the key's database and its descendants (src/source/tree/). */
  tree?: TreeConfig;
  /** A Fauna export archive to read instead of the live database (src/source/archive/). */
  archive?: ArchiveConfig;
}

export interface TreeConfig {
  layout: 'union' | 'namespaces';
  /** Glob patterns over database paths; empty: every database. */
  include: string[];
  exclude: string[];
}

export interface ArchiveConfig {
  /** The folder or the S3 prefix that holds the export, or one above it. */
  location: { folder: string } | { s3: S3Location };
  /** The export to read; undefined: the newest complete one. */
  exportId?: string;
  includeHashedPassword: boolean;
  /** A folder of FSL files that types a simple-format export (src/source/archive/fsl.ts). */
  schemaDirectory?: string;
}

export interface S3Location {
  bucket: string;
  prefix: string;
  /** Absent: the default AWS credential chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  region: string;
  /** An S3-compatible store, addressed path-style. */
  endpoint?: string;
  /** Attempts of each request (503 and other transient answers are retried): max_retries + 1. */
  maxAttempts: number;
}

export type FqlVersion = '4' | '10';

/** The config breaks the spec or the column rules of docs/configuration.md; the message names the field. */
export class ConfigError extends Error {}

// Columns every record may carry; an additional column with one of these names would overwrite it.
const RESERVED_COLUMNS = ['ref', 'ts', 'data', 'ttl'];

interface RawCollection {
  name?: string;
  index?: string;
  data_column: boolean;
  data_fields_as_columns: boolean;
  created_at_column: boolean;
  additional_columns?: AdditionalColumn[];
  page_size: number;
  deletions:
    | { deletion_mode: 'ignore' }
    | { deletion_mode: 'deleted_field'; column: string; invalid_cursor_behavior?: InvalidCursorBehavior };
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
  fql_version: FqlVersion;
  export_archive?: {
    location: string;
    export_id?: string;
    include_hashed_password: boolean;
    schema_directory?: string;
    s3?: { aws_access_key_id?: string; aws_secret_access_key?: string; region_name?: string; endpoint?: string };
  };
  tls?: {
    ca_certificate?: string;
    client_certificate?: string;
    client_key?: string;
    client_key_password?: string;
    skip_certificate_verification?: boolean;
  };
  tunnel_method?: RawTunnel;
  databases: { scope: 'this' | 'tree'; layout?: TreeConfig['layout']; include?: string[]; exclude?: string[] };
}

type RawTunnel =
  | { tunnel_method: 'NO_TUNNEL' }
  | {
      tunnel_method: 'SSH_KEY_AUTH' | 'SSH_PASSWORD_AUTH';
      tunnel_host: string;
      tunnel_port?: number;
      tunnel_user: string;
      ssh_key?: string;
      tunnel_user_password?: string;
      known_hosts?: string;
    };

/** Validates a config against the spec (filling its defaults) and the column rules. */
export function parseConfig(input: unknown): SourceConfig {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ConfigError(
      "The config must be a JSON object of the connector's fields (see the spec); fix the config file",
    );
  }
  const raw = structuredClone(input) as Record<string, unknown>;
  // Without `collection` the defaults inside it must still apply: validate an empty one.
  raw.collection ??= {};
  if (!validate(raw)) throw new ConfigError(describe(validate.errors ?? []));
  const config = raw as unknown as RawConfig;
  // With an archive, the live database is optional: an absent secret leaves it unnamed.
  if (config.secret === undefined && config.export_archive === undefined)
    throw new ConfigError('Missing config field secret');
  config.secret ??= '';
  checkConnectionFields(config);
  const collection = config.collection;
  checkCollectionFields(collection);
  const deletions: Deletions =
    collection.deletions.deletion_mode === 'deleted_field'
      ? // Ajv fills no defaults inside a oneOf branch.
        {
          mode: 'deleted_field',
          column: collection.deletions.column,
          invalidCursor: collection.deletions.invalid_cursor_behavior ?? 'fail',
        }
      : { mode: 'ignore' };
  const additionalColumns = (collection.additional_columns ?? []).map((c) => ({ ...c, required: c.required ?? true }));
  checkColumnNames(additionalColumns, deletions, collection.created_at_column);
  const name = collection.name ?? '';
  const index = collection.index ?? '';
  if (name === '' && index !== '') {
    throw new ConfigError(
      'collection.index needs collection.name: an Incremental Sync Index belongs to one named collection',
    );
  }
  if (index !== '' && config.fql_version === '10') {
    throw new ConfigError(
      'collection.index is an FQL v4 index, and fql_version is "10": FQL v10 syncs every collection ' +
        'incrementally from its event feed, with no index; leave collection.index empty',
    );
  }
  if (collection.data_fields_as_columns && !collection.data_column) {
    throw new ConfigError(
      'collection.data_fields_as_columns needs collection.data_column: fields without a column of their own ' +
        'are exported in the data column',
    );
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
      tls: tlsConfig(config.tls ?? {}),
      ...tunnelConfig(config.tunnel_method),
    },
    ...(name !== '' && { single: { collection: name, index } }),
    settings: {
      dataColumn: collection.data_column,
      dataFieldsAsColumns: collection.data_fields_as_columns,
      createdAtColumn: collection.created_at_column,
      additionalColumns,
      pageSize: collection.page_size,
      deletions,
    },
    sampleSize: config.discover_sample_size,
    fqlVersion: config.fql_version,
    ...(config.databases.scope === 'tree' && { tree: treeConfig(config.databases, name, additionalColumns) }),
    ...(config.export_archive !== undefined && { archive: archiveConfig(config.export_archive, config.max_retries) }),
  };
}

// Ajv fills no defaults inside an object given without them.
function treeConfig(raw: RawConfig['databases'], collection: string, columns: AdditionalColumn[]): TreeConfig {
  if (collection !== '') {
    throw new ConfigError(
      'collection.name with databases.scope "tree" is not supported: leave collection.name empty to read every ' +
        'collection of the tree, and pick streams in the catalog',
    );
  }
  if (columns.some((column) => column.name === 'database')) {
    throw new ConfigError(
      'collection.additional_columns has a column named "database": with databases.scope "tree" that column holds ' +
        'the database path; rename the additional column',
    );
  }
  const patterns = (field: 'include' | 'exclude') => {
    const list = raw[field] ?? [];
    if (list.some((pattern) => pattern.trim() === ''))
      throw new ConfigError(`databases.${field} holds an empty pattern: remove it, or write the path glob it meant`);
    return list;
  };
  return { layout: raw.layout ?? 'union', include: patterns('include'), exclude: patterns('exclude') };
}

function archiveConfig(raw: NonNullable<RawConfig['export_archive']>, maxRetries: number): ArchiveConfig {
  const exportId = raw.export_id === undefined || raw.export_id === '' ? undefined : raw.export_id;
  const schemaDirectory = raw.schema_directory || undefined;
  return {
    location: archiveLocation(raw, maxRetries),
    ...(exportId !== undefined && { exportId }),
    ...(schemaDirectory !== undefined && { schemaDirectory }),
    includeHashedPassword: raw.include_hashed_password,
  };
}

function archiveLocation(raw: NonNullable<RawConfig['export_archive']>, maxRetries: number): ArchiveConfig['location'] {
  const { location } = raw;
  const invalid = (why: string) => new ConfigError(`Invalid config field export_archive.location: ${why}`);
  if (location.trim() === '')
    throw invalid('it is empty; give the folder or the s3://bucket/prefix that holds the export');
  const s3 = /^s3:\/\/([^/]+)\/?(.*)$/.exec(location);
  if (s3 !== null) {
    const settings = raw.s3 ?? {};
    const keyId = settings.aws_access_key_id || undefined;
    const secretKey = settings.aws_secret_access_key || undefined;
    if ((keyId === undefined) !== (secretKey === undefined)) {
      throw new ConfigError(
        'export_archive.s3.aws_access_key_id and aws_secret_access_key go together: set both, or neither for the default AWS credential chain',
      );
    }
    const endpoint = settings.endpoint || undefined;
    if (endpoint !== undefined && !/^https?:\/\/[^/]/.test(endpoint)) {
      throw new ConfigError(
        `Invalid config field export_archive.s3.endpoint: '${endpoint}' is not an http:// or https:// URL`,
      );
    }
    return {
      s3: {
        bucket: s3[1]!,
        prefix: s3[2]!,
        ...(keyId !== undefined && { credentials: { accessKeyId: keyId, secretAccessKey: secretKey! } }),
        region: settings.region_name || 'us-east-1',
        ...(endpoint !== undefined && { endpoint }),
        maxAttempts: maxRetries + 1,
      },
    };
  }
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) return { folder: location };
  if (!location.startsWith('file://')) {
    throw invalid(`'${location}' is not a folder path, a file:// URL or an s3://bucket/prefix`);
  }
  try {
    return { folder: fileURLToPath(location) };
  } catch (error) {
    throw invalid((error as Error).message);
  }
}

function tlsConfig(raw: NonNullable<RawConfig['tls']>): TlsConfig {
  const pem = (text: string | undefined) => (text === undefined || text.trim() === '' ? undefined : text.trim());
  const ca = pem(raw.ca_certificate);
  const cert = pem(raw.client_certificate);
  const key = pem(raw.client_key);
  if ((cert === undefined) !== (key === undefined)) {
    throw new ConfigError('tls.client_certificate and tls.client_key go together: set both for mutual TLS, or neither');
  }
  const passphrase = raw.client_key_password || undefined;
  if (ca !== undefined) checkCertificates('tls.ca_certificate', ca);
  if (cert !== undefined && key !== undefined) {
    checkCertificates('tls.client_certificate', cert);
    checkPem(
      'tls.client_key',
      'the PEM private key of the client certificate (with tls.client_key_password if it is encrypted)',
      { cert, key, passphrase },
    );
  }
  return {
    ...(ca !== undefined && { ca }),
    ...(cert !== undefined && { cert }),
    ...(key !== undefined && { key }),
    ...(passphrase !== undefined && { passphrase }),
    skipVerify: raw.skip_certificate_verification ?? false,
  };
}

/** Each PEM block must parse (OpenSSL itself skips what is not a certificate, silently). */
function checkCertificates(field: string, text: string): void {
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0)
    throw new ConfigError(
      `${field} is not a PEM certificate: paste it with its -----BEGIN CERTIFICATE----- and -----END CERTIFICATE----- lines`,
    );
  for (const block of blocks) {
    try {
      new X509Certificate(block);
    } catch (error) {
      throw new ConfigError(`${field} is not a PEM certificate (${(error as Error).message})`);
    }
  }
}

/** OpenSSL's word on a PEM field, now rather than at the first connection; its message holds no key material. */
function checkPem(field: string, what: string, options: SecureContextOptions): void {
  try {
    createSecureContext(options);
  } catch (error) {
    throw new ConfigError(`${field} is not ${what} (${(error as Error).message})`);
  }
}

function tunnelConfig(raw: RawTunnel | undefined): { tunnel?: TunnelConfig } {
  if (raw === undefined || raw.tunnel_method === 'NO_TUNNEL') return {};
  // As Airbyte's tunnels: values trimmed, and a key pasted with literal \n made multi-line again.
  const auth =
    raw.tunnel_method === 'SSH_KEY_AUTH'
      ? { privateKey: (raw.ssh_key ?? '').trim().replaceAll('\\n', '\n') }
      : { password: raw.tunnel_user_password ?? '' };
  return {
    tunnel: {
      host: raw.tunnel_host.trim(),
      port: raw.tunnel_port ?? 22,
      user: raw.tunnel_user.trim(),
      auth,
      knownHosts: raw.known_hosts ?? '',
    },
  };
}

/** Every secret a config holds, to mask in the output: the Fauna secret, SSH key or password, TLS key, S3 keys. */
export function configSecrets(input: unknown): string[] {
  const config = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const field = (object: unknown, name: string): unknown =>
    typeof object === 'object' && object !== null ? (object as Record<string, unknown>)[name] : undefined;
  const values = [
    field(config, 'secret'),
    field(config.tls, 'client_key'),
    field(config.tls, 'client_key_password'),
    field(config.tunnel_method, 'ssh_key'),
    field(config.tunnel_method, 'tunnel_user_password'),
    field(field(config.export_archive, 's3'), 'aws_access_key_id'),
    field(field(config.export_archive, 's3'), 'aws_secret_access_key'),
  ];
  const secrets = values.filter((value): value is string => typeof value === 'string' && value.trim() !== '');
  // Keys are also masked as used (trimmed, a literal \n made a newline) and line by line, should a line be quoted alone.
  const forms = secrets.flatMap((s) => {
    const multiline = s.replaceAll('\\n', '\n');
    return [s, s.trim(), multiline, multiline.trim()];
  });
  const lines = forms
    .flatMap((s) => s.split('\n'))
    .map((line) => line.trim())
    .filter((line) => line.length >= 16 && !line.startsWith('-----'));
  return [...new Set([...forms, ...lines])];
}

// Bounds the spec cannot declare (see the note above connectionSpecification in spec.ts).
const PAGE_SIZE = { min: 1, max: 100_000 };

function checkConnectionFields(config: RawConfig): void {
  const problems: Array<[string, string | undefined]> = [
    ['domain', domainProblem(config.domain)],
    ['port', portProblem(config.port)],
    ['scheme', schemeProblem(config.scheme)],
    ['secret', config.secret === '' && config.export_archive !== undefined ? undefined : secretProblem(config.secret)],
  ];
  for (const [field, problem] of problems) {
    if (problem !== undefined) throw new ConfigError(`Invalid config field ${field}: ${problem}`);
  }
}

function checkCollectionFields(collection: RawCollection): void {
  const size = collection.page_size;
  if (size < PAGE_SIZE.min || size > PAGE_SIZE.max) {
    const bound = size < PAGE_SIZE.min ? `>= ${PAGE_SIZE.min}` : `<= ${PAGE_SIZE.max}`;
    throw new ConfigError(
      `Invalid config field collection.page_size: must be ${bound}: the documents read per query, ` +
        `${PAGE_SIZE.min} to ${PAGE_SIZE.max} (the default, 64, suits most documents; lower it for large ones)`,
    );
  }
  if (collection.deletions.deletion_mode === 'deleted_field' && collection.deletions.column === '') {
    throw new ConfigError(
      'Invalid config field collection.deletions.column: it is empty; name the column that holds the ' +
        'deletion time, e.g. deleted_at',
    );
  }
}

function checkColumnNames(columns: AdditionalColumn[], deletions: Deletions, withCreatedAt: boolean): void {
  const seen = new Set<string>();
  const reserved = withCreatedAt ? [...RESERVED_COLUMNS, CREATED_AT] : RESERVED_COLUMNS;
  if (deletions.mode === 'deleted_field' && reserved.includes(deletions.column)) {
    throw new ConfigError(`Deleted At Column cannot have reserved name '${deletions.column}'`);
  }
  for (const { name } of columns) {
    if (reserved.includes(name) || (deletions.mode === 'deleted_field' && name === deletions.column)) {
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
  if (field.startsWith('tunnel_method')) {
    return (
      'Invalid config field tunnel_method: expected {"tunnel_method": "NO_TUNNEL"}, {"tunnel_method": "SSH_KEY_AUTH", ' +
      '"tunnel_host", "tunnel_user", "ssh_key"} or {"tunnel_method": "SSH_PASSWORD_AUTH", "tunnel_host", "tunnel_user", ' +
      '"tunnel_user_password"} (and optionally "tunnel_port", "known_hosts")'
    );
  }
  if (field.startsWith('collection.deletions')) {
    return (
      'Invalid config field collection.deletions: expected {"deletion_mode": "ignore"} or ' +
      '{"deletion_mode": "deleted_field", "column": "<column name>"}, the latter optionally with "invalid_cursor_behavior": "fail" or "continue"'
    );
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
