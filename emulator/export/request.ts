// The body of `PUT /export/1/<id>` as the core reads it (fauna/faunadb
// `ext/api/src/main/scala/api/export/ExportDataEndpoint.scala`): a field of the wrong type takes its
// default, a wrong value of the right type is refused, and the refusals come in this order.
import type { Database } from '../store/database.js';

export type DocFormat = 'tagged' | 'simple';
export type DatafileFormat = 'json' | 'jsonl';

export interface ExportSettings {
  docFormat: DocFormat;
  datafileFormat: DatafileFormat;
  compression: boolean;
  /** Sorted and de-duplicated when the request names them; undefined for every collection. */
  collections: string[] | undefined;
}

/** The one native collection an export may name, and the one every default export ends with. */
export const CREDENTIAL = 'Credential';

export class BodyError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 500,
  ) {
    super(message);
  }
}

export function readSettings(body: string, db: Database): ExportSettings {
  if (body === '') throw new BodyError('Missing request body', 400);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    // The core answers malformed JSON from its generic exception mapper.
    throw new BodyError(`${(error as Error).message} Please create a ticket at https://support.fauna.com`, 500);
  }
  const fields = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed : {};
  const { doc_format, datafile_format, datafile_compression, collections } = fields as Record<string, unknown>;
  const docFormat = typeof doc_format === 'string' ? doc_format : 'tagged';
  if (docFormat !== 'tagged' && docFormat !== 'simple') throw new BodyError(`Invalid doc_format '${docFormat}'`, 400);
  const datafileFormat = typeof datafile_format === 'string' ? datafile_format : 'json';
  if (datafileFormat !== 'json' && datafileFormat !== 'jsonl')
    throw new BodyError(`Invalid datafile_format '${datafileFormat}'`, 400);
  const named =
    Array.isArray(collections) && collections.every((c) => typeof c === 'string')
      ? [...new Set(collections as string[])].sort()
      : undefined;
  if (named?.length === 0) throw new BodyError("'collections' cannot be empty", 400);
  const missing = named?.filter((name) => name !== CREDENTIAL && !db.collections.has(name)) ?? [];
  if (missing.length > 0) throw new BodyError(`Collections not found: ${missing.join(', ')}`, 400);
  return {
    docFormat,
    datafileFormat,
    compression: typeof datafile_compression === 'boolean' ? datafile_compression : false,
    collections: named,
  };
}

export function datafileExt(settings: ExportSettings): string {
  return settings.compression ? `${settings.datafileFormat}.gz` : settings.datafileFormat;
}
