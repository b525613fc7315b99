// Data fields as columns (collection.data_fields_as_columns): which top-level fields of `data`
// get a column of their own. Discover gives one to every sampled field whose name no other column
// takes; read takes the columns from the configured catalog's json_schema, so they stay as
// discovered until the user refreshes the schema, and never come from a new sample.
import type { JsonObject } from '../airbyte/types.js';
import { CREATED_AT } from './created-at.js';
import type { StreamSettings } from './config.js';
import { acceptedKinds } from './sampling/json-schema.js';

/**
 * Column names a data field can never take: ref, ts, data, ttl, created_at, the deletion column and the
 * additional columns (the user's own choice wins). Such a field stays in the data column.
 */
export function otherColumns(settings: StreamSettings): Set<string> {
  const names = new Set(['ref', 'ts', 'data', 'ttl', ...settings.additionalColumns.map((c) => c.name)]);
  if (settings.deletions.mode === 'deleted_field') names.add(settings.deletions.column);
  if (settings.createdAtColumn) names.add(CREATED_AT);
  return names;
}

/** The data-field columns of a configured stream (data_fields_as_columns on), each with the kinds (KIND_BITS) it accepts. */
export function fieldColumns(settings: StreamSettings, jsonSchema: JsonObject | undefined): Map<string, number> {
  const columns = new Map<string, number>();
  const properties = jsonSchema?.properties;
  if (typeof properties !== 'object' || properties === null) return columns;
  const taken = otherColumns(settings);
  for (const [name, schema] of Object.entries(properties)) {
    if (!taken.has(name)) columns.set(name, acceptedKinds(schema));
  }
  return columns;
}
