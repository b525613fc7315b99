import type { ConnectorSpecification, JsonObject } from '../airbyte/types.js';

export const DOCUMENTATION_URL = 'https://docs.airbyte.com/integrations/sources/fauna';

const deletions: JsonObject = {
  order: 5,
  type: 'object',
  title: 'Deletion Mode',
  description:
    'Whether incremental syncs report deleted documents. When enabled, each document deleted since the previous sync is ' +
    'emitted as a record with its ref, its ts and the deletion time in the column named here.',
  default: { deletion_mode: 'ignore' },
  oneOf: [
    {
      title: 'Disabled',
      type: 'object',
      required: ['deletion_mode'],
      properties: {
        deletion_mode: { order: 0, type: 'string', title: 'Deletion Mode', const: 'ignore' },
      },
    },
    {
      title: 'Enabled',
      type: 'object',
      required: ['deletion_mode', 'column'],
      properties: {
        deletion_mode: { order: 0, type: 'string', title: 'Deletion Mode', const: 'deleted_field' },
        column: {
          order: 1,
          type: 'string',
          title: 'Deleted At Column',
          description: 'Name of the column holding the RFC 3339 UTC time at which the document was deleted.',
          default: 'deleted_at',
        },
        invalid_cursor_behavior: {
          order: 2,
          type: 'string',
          title: 'Invalid Cursor Position Behavior',
          description:
            "What an incremental sync does when its deletions cursor is older than the collection's history retention " +
            '(history_days), so that deletions since then may have been purged: "fail" stops the stream with an error ' +
            'saying how to recover; "continue" syncs on with a warning naming the time span whose deletions may be missing.',
          default: 'fail',
          enum: ['fail', 'continue'],
        },
      },
    },
  ],
};

const additionalColumn: JsonObject = {
  type: 'object',
  title: 'Additional Column',
  required: ['name', 'path', 'type'],
  properties: {
    name: {
      order: 0,
      type: 'string',
      title: 'Column Name',
      description: 'Name of the column in the exported records.',
      minLength: 1,
    },
    path: {
      order: 1,
      type: 'array',
      title: 'Path',
      description:
        'Path to the value in the document, as for FQL Select, e.g. ["data", "name"]. On a ref, add "id" for the ' +
        'document id, or "collection", "id" for the collection name.',
      items: { type: 'string' },
      minItems: 1,
    },
    type: {
      order: 2,
      type: 'string',
      title: 'Type',
      description: 'JSON Schema type of the column.',
      enum: ['string', 'number', 'integer', 'boolean', 'object', 'array'],
    },
    format: {
      order: 3,
      type: 'string',
      title: 'Format',
      description: 'JSON Schema format of the column, e.g. date-time or date.',
    },
    airbyte_type: {
      order: 4,
      type: 'string',
      title: 'Airbyte Type',
      description: 'Airbyte type of the column, e.g. timestamp_with_timezone.',
    },
    required: {
      order: 5,
      type: 'boolean',
      title: 'Required',
      description:
        'A required column must exist in every document (the sync fails otherwise); an optional one is null when missing.',
      default: true,
    },
  },
};

const collection: JsonObject = {
  order: 4,
  type: 'object',
  title: 'Collection',
  description:
    'Which collections to export and how. With a Collection Name, that single collection is exported with the columns ' +
    'configured here; without one, every collection the secret can read becomes a stream.',
  properties: {
    name: {
      order: 0,
      type: 'string',
      title: 'Collection Name',
      description: 'The collection to export. Leave empty to export every collection the secret can read.',
    },
    index: {
      order: 1,
      type: 'string',
      title: 'Incremental Sync Index',
      description:
        'Index used for incremental syncs of the named collection: its source is the collection, it has no terms, and ' +
        'its values start with ts and ref. Leave empty for full refresh only. Without a Collection Name the index of ' +
        'each collection is found automatically.',
    },
    data_column: {
      order: 2,
      type: 'boolean',
      title: 'Data Column',
      description: 'Export the whole data object of each document in a "data" column.',
      default: true,
    },
    additional_columns: {
      order: 3,
      type: 'array',
      title: 'Additional Columns',
      description: 'Columns taken from each document by path.',
      items: additionalColumn,
    },
    page_size: {
      order: 4,
      type: 'integer',
      title: 'Page Size',
      description: 'Number of documents read per query, 1 to 100000. A checkpoint is emitted after every page.',
      default: 64,
    },
    deletions,
    data_fields_as_columns: {
      order: 6,
      type: 'boolean',
      title: 'Data Fields as Columns',
      description:
        "Export each top-level field of data seen by discover's sample as a typed column of its own. Fields without a " +
        "column (not sampled, named like another column, or holding a value of another type than the column's) stay " +
        'in the data column. Needs Data Column; refresh the source schema after changing it.',
      default: false,
    },
    created_at_column: {
      order: 7,
      type: 'boolean',
      title: 'Created At Column',
      description:
        'Export each document\'s creation time, read from its id, in a "created_at" column (date-time, millisecond ' +
        'precision). Null for ids the application chose that cannot hold one. Fauna never stored the creation time: ' +
        'see the limits in the documentation. Refresh the source schema after changing it.',
      default: false,
    },
  },
};

const tls: JsonObject = {
  order: 8,
  type: 'object',
  title: 'TLS',
  description: 'TLS settings for scheme https: a private CA to trust, a client certificate for mutual TLS.',
  properties: {
    ca_certificate: {
      order: 0,
      type: 'string',
      title: 'CA Certificate',
      description:
        'PEM certificate(s) of the CA that issued the certificate of your Fauna endpoint (or of its TLS proxy), trusted in ' +
        'addition to the public CAs. Leave empty for a publicly trusted certificate.',
      multiline: true,
    },
    client_certificate: {
      order: 1,
      type: 'string',
      title: 'Client Certificate',
      description: 'PEM client certificate for mutual TLS, when the endpoint asks for one.',
      multiline: true,
    },
    client_key: {
      order: 2,
      type: 'string',
      title: 'Client Key',
      description: 'PEM private key of the client certificate.',
      airbyte_secret: true,
      multiline: true,
    },
    client_key_password: {
      order: 3,
      type: 'string',
      title: 'Client Key Password',
      description: 'Passphrase of the client key, if it is encrypted.',
      airbyte_secret: true,
    },
    skip_certificate_verification: {
      order: 4,
      type: 'boolean',
      title: 'Skip Certificate Verification (insecure)',
      description:
        'Accept any server certificate, without checking who issued it or which name it is for. Anyone on the path can ' +
        'then read the secret and the data: use only for a test. Prefer CA Certificate.',
      default: false,
    },
  },
};

// Where both SSH logins go; then `ssh_key` or `tunnel_user_password` (order 4) and `known_hosts` (order 5).
const bastion: JsonObject = {
  tunnel_host: {
    order: 1,
    type: 'string',
    title: 'SSH Tunnel Jump Server Host',
    description: 'Hostname or IP address of the bastion (jump server) the connection to Fauna goes through.',
  },
  tunnel_port: {
    order: 2,
    type: 'integer',
    title: 'SSH Connection Port',
    description: 'Port of the SSH server on the bastion.',
    minimum: 0,
    maximum: 65536,
    default: 22,
    examples: ['22'],
  },
  tunnel_user: {
    order: 3,
    type: 'string',
    title: 'SSH Login Username',
    description: 'OS user on the bastion to log in as.',
  },
};

const knownHosts: JsonObject = {
  order: 5,
  type: 'string',
  title: 'Bastion Host Keys',
  description:
    'Host key(s) the bastion must present, as known_hosts lines (e.g. the output of ssh-keyscan) or SHA256: fingerprints. ' +
    'Leave empty to accept any host key and log its fingerprint.',
  multiline: true,
};

/** One `tunnel_method` variant that logs in to the bastion with `credential`. */
function sshLogin(method: string, title: string, description: string, credential: [string, JsonObject]): JsonObject {
  const [name, schema] = credential;
  return {
    title,
    required: ['tunnel_method', 'tunnel_host', 'tunnel_user', name],
    properties: {
      tunnel_method: { type: 'string', const: method, order: 0, description },
      ...bastion,
      [name]: { order: 4, ...schema },
      known_hosts: knownHosts,
    },
  };
}

const tunnelMethod: JsonObject = {
  order: 9,
  type: 'object',
  title: 'SSH Tunnel Method',
  description:
    'Whether to reach Fauna through an SSH bastion; the domain and port above are then as the bastion sees them.',
  oneOf: [
    {
      title: 'No Tunnel',
      required: ['tunnel_method'],
      properties: {
        tunnel_method: {
          type: 'string',
          const: 'NO_TUNNEL',
          order: 0,
          description: 'No SSH tunnel: connect to Fauna directly.',
        },
      },
    },
    sshLogin('SSH_KEY_AUTH', 'SSH Key Authentication', 'Connect through a bastion with an SSH key.', [
      'ssh_key',
      {
        type: 'string',
        title: 'SSH Private Key',
        description:
          "Private key (OpenSSH or PEM format, without passphrase) whose public key is in the user's authorized_keys.",
        airbyte_secret: true,
        multiline: true,
      },
    ]),
    sshLogin('SSH_PASSWORD_AUTH', 'Password Authentication', 'Connect through a bastion with a password.', [
      'tunnel_user_password',
      {
        type: 'string',
        title: 'Password',
        description: 'Password of the SSH user.',
        airbyte_secret: true,
      },
    ]),
  ],
};

const databases: JsonObject = {
  order: 13,
  type: 'object',
  title: 'Databases',
  description:
    'Which databases to read: the database of the key only, or it and every descendant (the database-per-tenant ' +
    'layout), as one connection. A path is the chain of database names below the key\'s database, joined with "/"; ' +
    "the key's own database is the empty path. See docs/database-trees.md.",
  default: { scope: 'this' },
  required: ['scope'],
  properties: {
    scope: {
      order: 0,
      type: 'string',
      title: 'Scope',
      description:
        '"this": the database of the key. "tree": it and every descendant, each read with a scoped server-readonly ' +
        'secret; needs an admin key.',
      default: 'this',
      enum: ['this', 'tree'],
    },
    layout: {
      order: 1,
      type: 'string',
      title: 'Layout',
      description:
        '"union": one stream per collection name across the databases, with a `database` column (the path) in the ' +
        'primary key. "namespaces": one stream per database and collection, the path as the stream\'s namespace.',
      default: 'union',
      enum: ['union', 'namespaces'],
    },
    include: {
      order: 2,
      type: 'array',
      title: 'Include',
      description:
        'Glob patterns over database paths (`*` within one name, `**` across "/"); only matching databases are read. ' +
        'Empty: every database of the tree.',
      items: { type: 'string' },
      default: [],
    },
    exclude: {
      order: 3,
      type: 'array',
      title: 'Exclude',
      description: 'Glob patterns over database paths; matching databases are not read.',
      items: { type: 'string' },
      default: [],
    },
  },
};

// A Fauna export archive read instead of the live database (docs/from-export.md).
const exportArchive: JsonObject = {
  order: 12,
  type: 'object',
  title: 'Export Archive',
  description:
    "Read a Fauna export (the core's /export/1, or a Snapshot Export) instead of the live database: every exported " +
    'collection becomes a stream. Domain and secret are then needed only to carry on from the export incrementally, ' +
    'with fql_version 10.',
  required: ['location'],
  properties: {
    location: {
      order: 0,
      type: 'string',
      title: 'Location',
      description:
        "The folder that holds the export (an export_path's core_out, or any folder above the export), as a path or file:// URL.",
      examples: ['/data/fauna-export', 'file:///data/fauna-export/core_out'],
    },
    export_id: {
      order: 1,
      type: 'string',
      title: 'Export ID',
      description: 'Which export to read when the location holds several. Default: the newest complete one.',
    },
    include_hashed_password: {
      order: 2,
      type: 'boolean',
      title: 'Include Hashed Passwords',
      description:
        'Keep the hashed_password field of Credential documents (a BCrypt hash). Off: the field is left out.',
      default: false,
    },
    schema_directory: {
      order: 3,
      type: 'string',
      title: 'FSL Schema Directory',
      description:
        'For an export in the simple format, which loses the types of its values: the folder of the .fsl files ' +
        "`fauna schema pull` wrote for the database. Each collection's fields are then typed as declared (Time, " +
        'Date, Bytes, references...), as a live sync types them. Unset: typed as the values allow.',
      examples: ['/data/fauna-schema'],
    },
  },
};

// domain, port, scheme, secret, collection.page_size and the deletion column carry no enum, bound
// or minLength here, although they have them: Airbyte's backward compatibility test wants every
// config valid under airbyte-source-fauna 0.1.10's spec (test/packaging/spec-0.1.10.yaml) to stay
// valid under this one. parseConfig checks them at run time instead, with a config_error.
export const connectionSpecification: JsonObject = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Fauna Spec',
  type: 'object',
  additionalProperties: true,
  properties: {
    domain: {
      order: 0,
      type: 'string',
      title: 'Domain',
      description: 'Domain of the Fauna endpoint, e.g. db.fauna.com, db.us.fauna.com or localhost.',
      default: 'db.fauna.com',
    },
    port: { order: 1, type: 'integer', title: 'Port', description: 'Endpoint port, 1 to 65535.', default: 443 },
    scheme: { order: 2, type: 'string', title: 'Scheme', description: 'URL scheme: https or http.', default: 'https' },
    secret: {
      order: 3,
      type: 'string',
      title: 'Fauna Secret',
      description:
        'Secret of a Fauna key, used to authenticate with the database. A read-only role is enough. Required unless an ' +
        'Export Archive is read.',
      airbyte_secret: true,
    },
    collection,
    request_timeout_seconds: {
      order: 5,
      type: 'integer',
      title: 'Request Timeout',
      description: 'Seconds to wait for one Fauna query before it is retried.',
      default: 60,
      minimum: 1,
      maximum: 600,
    },
    max_retries: {
      order: 6,
      type: 'integer',
      title: 'Maximum Retries',
      description:
        'How many times a query that failed with a rate limit, an unavailable server or a network error is retried.',
      default: 5,
      minimum: 0,
      maximum: 20,
    },
    max_concurrency: {
      order: 7,
      type: 'integer',
      title: 'Maximum Concurrency',
      description:
        'At most this many Fauna queries in flight at once, across all streams: streams and ranges of one collection are ' +
        'read concurrently within it. Lower it for a small server (the connector also backs off on 429 and 503).',
      default: 16,
      minimum: 1,
      maximum: 64,
    },
    tls,
    tunnel_method: tunnelMethod,
    discover_sample_size: {
      order: 10,
      type: 'integer',
      title: 'Discover Sample Size',
      description:
        'How many documents of each collection discover reads, spread over the collection, to infer the types of the ' +
        'fields of data (at most 8 MiB per collection). 0 declares data as an untyped object.',
      default: 1000,
      minimum: 0,
      maximum: 100000,
    },
    fql_version: {
      order: 11,
      type: 'string',
      title: 'FQL Version',
      description:
        'The Fauna query API the connector reads with. "4": FQL v4, with an Incremental Sync Index for each collection ' +
        'that syncs incrementally. "10": FQL v10, for databases written in v10; every collection syncs incrementally, ' +
        'deletions included, from its event feed, with no index to create. Changing it needs a reset of the connection.',
      default: '4',
      enum: ['4', '10'],
    },
    databases,
    export_archive: exportArchive,
  },
};

export const specification: ConnectorSpecification = {
  documentationUrl: DOCUMENTATION_URL,
  protocol_version: '0.18.0',
  connectionSpecification,
  supportsIncremental: true,
};
