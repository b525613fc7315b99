// RECORD lines. The hot path of a sync: each document is decoded once (decodeDocument) and its
// line serialized once, around a prefix computed once per stream.
import type { JsonObject } from '../airbyte/types.js';
import {
  decodeDocument,
  DecodedDocument,
  decodeValue,
  microsToIso,
  type AirbyteValue,
  type DocumentFields,
} from './export/decode.js';
import { setField, stringifyJson } from '../fauna/json.js';
import { KIND_BITS, wireKind } from './export/kinds.js';
import { escapeKey, selectPath, type WireObject, type WireValue } from '../fauna/wire.js';
import { fieldColumns } from './columns.js';
import type { AdditionalColumn, StreamSettings } from './config.js';
import { CREATED_AT, createdAt, ID_EPOCH_MICROS } from './created-at.js';
import { SetupError } from './errors.js';
import { pythonRepr } from './repr.js';

export class RecordLines {
  private readonly head: string;
  private readonly fixed: { [column: string]: string };
  private readonly dataColumn: boolean;
  private readonly createdAtColumn: boolean;
  private readonly columns: AdditionalColumn[];
  private readonly deletionColumn: string | undefined;
  /** Data-field columns and the kinds each accepts; undefined unless data_fields_as_columns. */
  private readonly fields: Map<string, number> | undefined;

  /**
   * `jsonSchema` is the configured stream's: the data-field columns are read from it. `fixed`:
   * columns of the same value in every record, first (a database tree's `database` column);
   * `namespace`: the stream's, if it has one.
   */
  constructor(
    private readonly stream: string,
    settings: StreamSettings,
    jsonSchema?: JsonObject,
    { fixed = {}, namespace }: { fixed?: { [column: string]: string }; namespace?: string } = {},
  ) {
    this.fixed = fixed;
    const named = namespace === undefined ? '' : `"namespace":${JSON.stringify(namespace)},`;
    this.head = `{"type":"RECORD","record":{${named}"stream":${JSON.stringify(stream)},"data":`;
    this.dataColumn = settings.dataColumn;
    this.createdAtColumn = settings.createdAtColumn;
    this.fields = settings.dataColumn && settings.dataFieldsAsColumns ? fieldColumns(settings, jsonSchema) : undefined;
    this.columns = settings.additionalColumns;
    this.deletionColumn = settings.deletions.mode === 'deleted_field' ? settings.deletions.column : undefined;
  }

  /** Whether records take more of a document than its decoded fields: data fields as columns, additional columns. */
  get needsWire(): boolean {
    return this.fields !== undefined || this.columns.length > 0;
  }

  /**
   * The record of a document as Get returns it, or already decoded (only when !needsWire); the
   * ref and ts are returned for cursors.
   */
  document(document: WireValue | DecodedDocument, emittedAt: number): { line: string; ref: string; ts: number } {
    if (document instanceof DecodedDocument) {
      if (this.needsWire) throw new TypeError(`The records of ${this.stream} need each document's wire value`);
      return this.record(document.fields, emittedAt);
    }
    return this.record(decodeDocument(document, this.dataColumn), emittedAt, document);
  }

  private record(
    fields: DocumentFields,
    emittedAt: number,
    document?: WireValue,
  ): { line: string; ref: string; ts: number } {
    const record: { [column: string]: AirbyteValue } = { ...this.fixed, ref: fields.ref, ts: fields.ts };
    let changes: Change[] | undefined;
    if (this.fields !== undefined) {
      changes = splitData(this.fields, document!, fields.data, record);
    } else if (this.dataColumn) {
      record.data = fields.data;
    }
    record.ttl = fields.ttl;
    // No wing knows when a collection was created (its ts is its last change): ids are bounded
    // below by their own epoch only.
    if (this.createdAtColumn) record[CREATED_AT] = createdAt(fields.ref, fields.ts, ID_EPOCH_MICROS);
    for (const column of this.columns) {
      const value = selectPath(document!, column.path);
      if (value !== undefined) record[column.name] = decodeValue(value);
      else if (!column.required) record[column.name] = null;
      else {
        throw new SetupError(
          `The path ${pythonRepr(column.path)} does not exist in document Ref(${fields.ref}, collection=${this.stream}) ` +
            `(required column '${column.name}'; make it optional or fix its path)`,
        );
      }
    }
    return { line: this.line(record, emittedAt, changes), ref: fields.ref, ts: fields.ts };
  }

  /** The record of a deleted document: its ref, the deletion's ts, and that time as RFC 3339 UTC. */
  deletion(ref: string, ts: number, emittedAt: number): string {
    return this.line({ ...this.fixed, ref, ts, [this.deletionColumn!]: microsToIso(ts) }, emittedAt);
  }

  private line(record: { [column: string]: AirbyteValue }, emittedAt: number, changes?: Change[]): string {
    const meta = changes === undefined ? '' : `,"meta":${JSON.stringify({ changes })}`;
    return `${this.head}${stringifyJson(record)},"emitted_at":${emittedAt}${meta}}}\n`;
  }
}

/**
 * Data fields as columns: each field with a column goes there when its value is of a kind the
 * column declares; every other field stays, unchanged, in `data` (null when none is left). A
 * value kept out of its column is reported in meta.changes: a typed destination column must
 * only receive values of its type (PyAirbyte's DuckDB cache fails the whole write otherwise).
 */
function splitData(
  columns: Map<string, number>,
  document: WireValue,
  data: { [field: string]: AirbyteValue },
  record: { [column: string]: AirbyteValue },
): Change[] | undefined {
  const wire = wireData(document);
  let rest: { [field: string]: AirbyteValue } | undefined;
  let changes: Change[] | undefined;
  for (const field in data) {
    const accepted = columns.get(field);
    if (accepted !== undefined && (accepted & KIND_BITS[wireKind(wire[field])]) !== 0) {
      setField(record, field, data[field]!);
      continue;
    }
    setField((rest ??= {}), field, data[field]!);
    if (accepted !== undefined)
      (changes ??= []).push({ field, change: 'NULLED', reason: 'SOURCE_SERIALIZATION_ERROR' });
  }
  record.data = rest ?? null;
  return changes;
}

/** An AirbyteRecordMessageMetaChange: the column `field` did not get the document's value. */
interface Change {
  field: string;
  change: 'NULLED';
  reason: 'SOURCE_SERIALIZATION_ERROR';
}

/** The wire fields of a document's data, unwrapped from the @obj that protects "@" keys. */
function wireData(document: WireValue): WireObject {
  const data = (document as WireObject).data as WireObject | undefined;
  if (data === undefined) return {};
  return escapeKey(data) === '@obj' ? (data['@obj'] as WireObject) : data;
}
