import type { AirbyteStream, JsonObject } from '../airbyte/types.js';
import type { MessageWriter } from '../airbyte/writer.js';
import { setField } from '../fauna/json.js';
import { CREATED_AT } from './created-at.js';
import { otherColumns } from './columns.js';
import type { SourceConfig, StreamSettings } from './config.js';
import { propertiesSchema, shapeSchema } from './sampling/json-schema.js';
import type { Shape } from './sampling/shape.js';

const TIMESTAMP = { format: 'date-time', airbyte_type: 'timestamp_with_timezone' };

/**
 * The json_schema of a stream: ref, ts, data, ttl, the data-field columns, the additional
 * columns, the deletion column. `data` is typed by the sampled shape when there is one; with
 * data fields as columns it holds only the fields without a column, so it is a bare object.
 */
export function streamSchema(settings: StreamSettings, data?: Shape): JsonObject {
  const properties: JsonObject = {
    ref: { type: 'string' },
    ts: { type: 'integer' },
  };
  if (settings.dataColumn) {
    if (settings.dataFieldsAsColumns) properties.data = { type: ['null', 'object'] };
    else properties.data = data === undefined || data.kinds === 0 ? { type: 'object' } : shapeSchema(data);
  }
  properties.ttl = { type: ['null', 'string'], ...TIMESTAMP };
  if (settings.createdAtColumn) properties[CREATED_AT] = { type: ['null', 'string'], ...TIMESTAMP };
  if (settings.dataColumn && settings.dataFieldsAsColumns && data !== undefined) {
    // Every field column is nullable: a document outside the sample may lack the field. A field
    // seen only as null has no type to give its column: it stays in data.
    const taken = otherColumns(settings);
    for (const [name, field] of Object.entries(propertiesSchema(data, true))) {
      if (!taken.has(name) && (field as JsonObject).type !== 'null') setField(properties, name, field);
    }
  }
  for (const column of settings.additionalColumns) {
    properties[column.name] = {
      type: column.required ? column.type : ['null', column.type],
      ...(column.format !== undefined && { format: column.format }),
      ...(column.airbyte_type !== undefined && { airbyte_type: column.airbyte_type }),
    };
  }
  if (settings.deletions.mode === 'deleted_field')
    properties[settings.deletions.column] = { type: ['null', 'string'], ...TIMESTAMP };
  return { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', additionalProperties: true, properties };
}

/** A stream discover found: a collection, whether it syncs incrementally, the shape of its sample. */
export interface FoundStream {
  name: string;
  incremental: boolean;
  shape: Shape | undefined;
}

export function catalogStream(found: FoundStream, settings: StreamSettings): AirbyteStream {
  return {
    name: found.name,
    json_schema: streamSchema(settings, found.shape),
    supported_sync_modes: found.incremental ? ['full_refresh', 'incremental'] : ['full_refresh'],
    source_defined_cursor: true,
    default_cursor_field: ['ts'],
    source_defined_primary_key: [['ref']],
    is_resumable: true,
  };
}

/** `discover` of a wing on one database: the CATALOG of the streams `find` lists with `client`, which it then closes. */
export async function emitCatalog<Client extends { close(): Promise<void> }>(
  client: Client,
  config: SourceConfig,
  out: MessageWriter,
  find: (client: Client, config: SourceConfig) => Promise<FoundStream[]>,
): Promise<number> {
  try {
    const streams = (await find(client, config)).map((found) => catalogStream(found, config.settings));
    await out.emit({ type: 'CATALOG', catalog: { streams } });
    return 0;
  } finally {
    await client.close();
  }
}
