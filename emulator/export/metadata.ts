// `metadata_<PP>.json`, written last for each part: its presence marks the part complete. Printed
// as the core prints it (fauna/faunadb `ext/codex/src/main/scala/json/JSValue.scala`,
// `toPrettyString(60)`): one field a line, and an array on one line when short.

export interface PartMetadata {
  host_id: string;
  account_id: string;
  export_id: string;
  task_id: string;
  /** In task order: as requested (sorted), else creation order with Credential last. */
  collections: string[];
  snapshot_ts: string;
  doc_format: string;
  datafile_format: string;
  datafile_compression: boolean;
  datafile_ext: string;
  part: number;
  total_parts: number;
  files_count: number;
  /** On-disk (compressed) bytes of this part's data files. */
  files_bytes: number;
}

// An array fits on its line while its elements, joined by ", ", stay under this many characters.
const ONE_LINE_ARRAY_CHARS = 58;

function prettyValue(v: unknown): string {
  if (!Array.isArray(v)) return JSON.stringify(v);
  const items = v.map((x) => JSON.stringify(x));
  const joined = items.join(', ');
  if (items.length === 0) return '[]';
  if (joined.length < ONE_LINE_ARRAY_CHARS || items.length === 1) return `[ ${joined} ]`;
  return `[\n${items.map((x) => `    ${x}`).join(',\n')}\n  ]`;
}

export function metadataText(meta: PartMetadata): string {
  const lines = Object.entries(meta).map(([k, v]) => `  "${k}": ${prettyValue(v)}`);
  return `{\n${lines.join(',\n')}\n}\n`;
}
