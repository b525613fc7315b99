// The rules Airbyte applies to a connector's metadata.yaml, reproduced for the tests: the JSON
// Schema ConnectorMetadataDefinitionV0 (airbytehq/airbyte,
// airbyte-ci/connectors/metadata_service/lib/metadata_service/models/src; the fields a source
// uses, with their types and enums, and no other field allowed; `releases` and
// `connectorTestSuitesOptions` whole, from ConnectorReleases.yaml, ConnectorBreakingChanges.yaml
// and ConnectorTestSuiteOptions.yaml) and the checks of
// metadata_service/validators/metadata_validator.py that need no network.
import { Ajv, type ErrorObject } from 'ajv';
import formats from 'ajv-formats';

// ajv-formats is CommonJS: under NodeNext its plugin is the default export's `default`.
const addFormats = formats.default;

const string = { type: 'string' };
const stringArray = { type: 'array', items: string };

// ConnectorBreakingChanges.yaml; its `type: const` of scopeType is written `const` alone here.
const versionBreakingChange = {
  type: 'object',
  additionalProperties: false,
  required: ['upgradeDeadline', 'message'],
  properties: {
    upgradeDeadline: { type: 'string', format: 'date' },
    message: string,
    deadlineAction: { type: 'string', enum: ['auto_upgrade', 'disable'] },
    migrationDocumentationUrl: { type: 'string', format: 'uri' },
    scopedImpact: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['scopeType', 'impactedScopes'],
        properties: { scopeType: { const: 'stream' }, impactedScopes: { type: 'array', minItems: 1, items: string } },
      },
    },
  },
};

const releases = {
  type: 'object',
  additionalProperties: false,
  required: ['breakingChanges'],
  properties: {
    isReleaseCandidate: { type: 'boolean' },
    rolloutConfiguration: { type: 'object' },
    breakingChanges: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      patternProperties: { '^\\d+\\.\\d+\\.\\d+$': versionBreakingChange },
    },
    migrationDocumentationUrl: { type: 'string', format: 'uri' },
  },
};

const testSuiteOptions = {
  type: 'object',
  additionalProperties: false,
  required: ['suite'],
  properties: {
    suite: { enum: ['unitTests', 'integrationTests', 'acceptanceTests', 'liveTests'] },
    testSecrets: { type: 'array', items: { type: 'object' } },
    testConnections: { type: 'array', items: { type: 'object' } },
  },
};

const metadataSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'ConnectorMetadataDefinitionV0',
  type: 'object',
  required: ['metadataSpecVersion', 'data'],
  additionalProperties: false,
  properties: {
    metadataSpecVersion: string,
    data: {
      type: 'object',
      required: [
        'name',
        'definitionId',
        'connectorType',
        'dockerRepository',
        'dockerImageTag',
        'license',
        'documentationUrl',
        'githubIssueLabel',
        'connectorSubtype',
        'releaseStage',
      ],
      additionalProperties: false,
      properties: {
        name: string,
        icon: string,
        definitionId: { type: 'string', format: 'uuid' },
        connectorType: { enum: ['destination', 'source'] },
        connectorSubtype: {
          enum: ['api', 'database', 'datalake', 'file', 'custom', 'message_queue', 'unknown', 'vectorstore'],
        },
        dockerRepository: string,
        dockerImageTag: string,
        license: string,
        documentationUrl: { type: 'string', format: 'uri' },
        githubIssueLabel: string,
        releaseStage: { enum: ['alpha', 'beta', 'generally_available', 'custom'] },
        supportLevel: { enum: ['community', 'certified', 'archived'] },
        releaseDate: { type: 'string', format: 'date' },
        protocolVersion: string,
        maxSecondsBetweenMessages: { type: 'integer' },
        tags: stringArray,
        allowedHosts: { type: 'object', properties: { hosts: stringArray } },
        suggestedStreams: { type: 'object', properties: { streams: stringArray } },
        releases,
        registryOverrides: { type: 'object' },
        resourceRequirements: { type: 'object' },
        connectorTestSuitesOptions: { type: 'array', items: testSuiteOptions },
        ab_internal: { type: 'object' },
        supportsRefreshes: { type: 'boolean' },
        supportsFileTransfer: { type: 'boolean' },
        externalDocumentationUrls: { type: 'array' },
      },
    },
  },
};

const ajv = new Ajv({ allErrors: true, strict: true });
addFormats(ajv);
const validateSchema = ajv.compile(metadataSchema);

// semver.org's regular expression: the validator parses dockerImageTag with Python's semver.
const semver =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** Every rule the metadata breaks, as readable sentences; empty when it is valid. */
export function metadataProblems(metadata: unknown): string[] {
  if (!validateSchema(metadata)) return (validateSchema.errors ?? []).map(describe);
  const data = (metadata as { data: Record<string, unknown> }).data;
  const problems: string[] = [];
  const tag = String(data.dockerImageTag);
  const version = semver.exec(tag);
  if (!version) problems.push(`dockerImageTag ${tag} is not a semver version`);
  const tags = (data.tags ?? []) as string[];
  if (!tags.some((t) => t.startsWith('language:')))
    problems.push('at least one tag must be of the form language:<LANG>');
  for (const t of tags) if (!t.includes(':')) problems.push(`tag ${t} is not of the form <KEY>:<VALUE>`);
  const isMajor =
    version !== null && version[1] !== '0' && version[2] === '0' && version[3] === '0' && version[4] === undefined;
  const breaking = (data.releases as { breakingChanges?: Record<string, unknown> } | undefined)?.breakingChanges;
  if (isMajor && !(breaking && tag in breaking))
    problems.push(`major version ${tag} needs a releases.breakingChanges entry`);
  if (version?.[4]?.includes('rc') && version[1] !== '0' && version[2] === '0' && version[3] === '0') {
    problems.push('release candidates of a major version are not allowed');
  }
  return problems;
}

function describe(error: ErrorObject): string {
  const extra = error.keyword === 'additionalProperties' ? ` (${String(error.params.additionalProperty)})` : '';
  return `${error.instancePath || '/'} ${error.message ?? error.keyword}${extra}`;
}
