// RECORD lines. The hot path of a sync: each document is decoded once (decodeDocument) and its
// line serialized once, around a prefix computed once per stream.
import { decodeDocument, decodeValue, microsToIso, selectPath, type AirbyteValue } from '../fauna/decode.js';
import { stringifyJson } from '../fauna/json.js';
import type { WireValue } from '../fauna/query.js';
import type { AdditionalColumn, StreamSettings } from './config.js';
import { SetupError } from './errors.js';
import { pythonRepr } from './repr.js';

export class RecordLines {
  private readonly head: string;
  private readonly dataColumn: boolean;
  private readonly columns: AdditionalColumn[];
  private readonly deletionColumn: string | undefined;

  constructor(private readonly stream: string, settings: StreamSettings) {
    this.head = `{"type":"RECORD","record":{"stream":${JSON.stringify(stream)},"data":`;
    this.dataColumn = settings.dataColumn;
    this.columns = settings.additionalColumns;
    this.deletionColumn = settings.deletions.mode === 'deleted_field' ? settings.deletions.column : undefined;
  }

  /** The record of a document as Get returns it; the ref and ts are returned for cursors. */
  document(document: WireValue, emittedAt: number): { line: string; ref: string; ts: number } {
    const fields = decodeDocument(document, this.dataColumn);
    const record: { [column: string]: AirbyteValue } = { ref: fields.ref, ts: fields.ts };
    if (this.dataColumn) record.data = fields.data;
    record.ttl = fields.ttl;
    for (const column of this.columns) {
      const value = selectPath(document, column.path);
      if (value !== undefined) record[column.name] = decodeValue(value);
      else if (!column.required) record[column.name] = null;
      else {
        throw new SetupError(
          `The path ${pythonRepr(column.path)} does not exist in document Ref(${fields.ref}, collection=${this.stream}) `
          + `(required column '${column.name}'; make it optional or fix its path)`,
        );
      }
    }
    return { line: this.line(record, emittedAt), ref: fields.ref, ts: fields.ts };
  }

  /** The record of a deleted document: its ref, the deletion's ts, and that time as RFC 3339 UTC. */
  deletion(ref: string, ts: number, emittedAt: number): string {
    return this.line({ ref, ts, [this.deletionColumn!]: microsToIso(ts) }, emittedAt);
  }

  private line(record: { [column: string]: AirbyteValue }, emittedAt: number): string {
    return `${this.head}${stringifyJson(record)},"emitted_at":${emittedAt}}}\n`;
  }
}
