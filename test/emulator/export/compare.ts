// Compares an export archive the local server wrote with one the core wrote (test/fixtures/
// core-exports): the same files, the same metadata text, the same document lines byte for byte
// once ids (numbered by first appearance), document times, task ids, host ids and a credential's
// BCrypt hash (salted anew on every run) are mapped. Key
// order inside a document's `data` object is the core's hash order, so it alone is compared as a set.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';

export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(d, entry.name));
      else out.push(relative(dir, join(d, entry.name)));
    }
  };
  walk(dir);
  return out.sort();
}

/** The body of a raw HTTP response file of a fixture. */
export function httpBody(file: string): string {
  const text = readFileSync(file, 'utf8');
  return text.slice(text.indexOf('\r\n\r\n') + 4);
}

/** An export response with its run's values (task id, snapshot time) replaced. */
export function responseShape(body: string): Record<string, unknown> {
  const r = JSON.parse(body) as Record<string, unknown>;
  assert.match(String(r.task_id), /^\d+$/);
  assert.equal(r.path, `${String(r.account_id)}/export_${String(r.export_id)}/${String(r.task_id)}`);
  assert.match(String(r.snapshot_ts), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3}|\.\d{6}|\.\d{9})?Z$/);
  return { ...r, path: '<path>', task_id: '<task>', snapshot_ts: '<ts>' };
}

/** The members of a JSON array or object text, as text, split at its top level. */
export function topLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inString = false;
  let start = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      if (--depth === 0 && i > start) parts.push(text.slice(start, i));
    } else if (c === ',' && depth === 1) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  return parts;
}

/** The documents of a data file, after gunzip and the format's framing checks. */
export function documents(file: string, bytes: Buffer): string[] {
  const text = (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  if (file.endsWith('.jsonl') || file.endsWith('.jsonl.gz')) {
    assert.ok(text.endsWith('\n') && !text.endsWith('\n\n'), `${file}: one newline after the last line`);
    return text.slice(0, -1).split('\n');
  }
  const docs = topLevel(text);
  assert.equal(text, `[${docs.join(',')}]`, `${file}: a compact JSON array`);
  return docs;
}

const TOP_TIMES =
  /^((?:\{"@object":)?\{"id":"<id\d+>","coll":(?:\{"@mod":"[^"]*"\}|"[^"]*"),"ts":)(\{"@time":"[^"]*"\}|"[^"]*")(,"ttl":(?:\{"@time":"[^"]*"\}|"[^"]*"))?/;

class IdMap {
  private readonly ids = new Map<string, string>();
  map(text: string): string {
    return text.replace(/"id":"(\d{6,})"/g, (_, id: string) => {
      if (!this.ids.has(id)) this.ids.set(id, `<id${this.ids.size}>`);
      return `"id":"${this.ids.get(id)}"`;
    });
  }
}

interface MappedDoc {
  head: string;
  data: unknown;
}

function mapDoc(doc: string, ids: IdMap): MappedDoc {
  const mapped = ids
    .map(doc)
    .replace(/,"hashed_password":"\$2a\$05\$[./A-Za-z0-9]{53}"\}$/, ',"hashed_password":"<bcrypt>"}')
    .replace(TOP_TIMES, (_, head: string, _ts: string, ttl?: string) =>
      ttl === undefined ? `${head}<ts>` : `${head}<ts>,"ttl":<ttl>`,
    );
  const members = topLevel(mapped);
  const last = members[members.length - 1] ?? '';
  if (!mapped.startsWith('{"@object"') && last.startsWith('"data":')) {
    return { head: members.slice(0, -1).join(','), data: JSON.parse(last.slice('"data":'.length)) };
  }
  return { head: mapped, data: undefined };
}

function metadataShape(text: string): string {
  return text
    .replace(/"host_id": "[0-9a-f-]{36}"/, '"host_id": "<host>"')
    .replace(/"task_id": "\d+"/, '"task_id": "<task>"')
    .replace(/"snapshot_ts": "[^"]+"/, '"snapshot_ts": "<ts>"')
    .replace(/"files_count": \d+/, '"files_count": <n>')
    .replace(/"files_bytes": \d+/, '"files_bytes": <n>');
}

/** Asserts that the task directory `mine` holds what the core's `theirs` holds. */
export function assertSameArchive(mine: string, theirs: string): void {
  const myFiles = listFiles(mine);
  assert.deepEqual(myFiles, listFiles(theirs), 'the same files');
  const dataFiles = myFiles.filter((f) => f.startsWith('data/'));

  const metaName = myFiles.find((f) => f.startsWith('metadata_'))!;
  const myMeta = readFileSync(join(mine, metaName), 'utf8');
  assert.equal(metadataShape(myMeta), metadataShape(readFileSync(join(theirs, metaName), 'utf8')));
  const meta = JSON.parse(myMeta) as { files_count: number; files_bytes: number };
  assert.equal(meta.files_count, dataFiles.length);
  assert.equal(
    meta.files_bytes,
    dataFiles.map((f) => statSync(join(mine, f)).size).reduce((a, b) => a + b, 0),
  );

  const myIds = new IdMap();
  const theirIds = new IdMap();
  for (const file of dataFiles) {
    const myBytes = readFileSync(join(mine, file));
    const theirBytes = readFileSync(join(theirs, file));
    if (file.endsWith('.gz'))
      assert.deepEqual(myBytes.subarray(0, 10), theirBytes.subarray(0, 10), `${file}: gzip header`);
    const myDocs = documents(file, myBytes).map((d) => mapDoc(d, myIds));
    const theirDocs = documents(file, theirBytes).map((d) => mapDoc(d, theirIds));
    assert.equal(myDocs.length, theirDocs.length, `${file}: documents`);
    myDocs.forEach((doc, i) => {
      assert.equal(doc.head, theirDocs[i]!.head, `${file}: document ${i}`);
      assert.deepEqual(doc.data, theirDocs[i]!.data, `${file}: document ${i}, its data object`);
    });
  }
}
