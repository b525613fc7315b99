import type { AirbyteStream, JsonObject } from '../airbyte/types.js';
import type { StreamSettings } from './config.js';
import type { StreamPlan } from './streams/plan.js';

const TIMESTAMP = { format: 'date-time', airbyte_type: 'timestamp_with_timezone' };

/** The json_schema of a stream: ref, ts, data, ttl, the additional columns, the deletion column. */
export function streamSchema(settings: StreamSettings): JsonObject {
  const properties: JsonObject = {
    ref: { type: 'string' },
    ts: { type: 'integer' },
  };
  if (settings.dataColumn) properties.data = { type: 'object' };
  properties.ttl = { type: ['null', 'string'], ...TIMESTAMP };
  for (const column of settings.additionalColumns) {
    properties[column.name] = {
      type: column.required ? column.type : ['null', column.type],
      ...(column.format !== undefined && { format: column.format }),
      ...(column.airbyte_type !== undefined && { airbyte_type: column.airbyte_type }),
    };
  }
  if (settings.deletions.mode === 'deleted_field') properties[settings.deletions.column] = { type: ['null', 'string'], ...TIMESTAMP };
  return { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', additionalProperties: true, properties };
}

export function airbyteStream(plan: StreamPlan, settings: StreamSettings): AirbyteStream {
  return {
    name: plan.name,
    json_schema: streamSchema(settings),
    supported_sync_modes: plan.index === undefined ? ['full_refresh'] : ['full_refresh', 'incremental'],
    source_defined_cursor: true,
    default_cursor_field: ['ts'],
    source_defined_primary_key: [['ref']],
    is_resumable: true,
  };
}
