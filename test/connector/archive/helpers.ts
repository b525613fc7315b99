// Export archives for the connector tests: the real core's archives (test/fixtures/core-exports,
// see its README), copies of them to damage, and configs that read them.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliResult } from '../../helpers/cli.js';
import type { EmulatorHandle } from '../../helpers/emulator.js';

export const CORE_EXPORTS = fileURLToPath(new URL('../../../../test/fixtures/core-exports/', import.meta.url));

/** The fixtures that hold a complete export (the failed one left no files). */
export const FIXTURES = readdirSync(CORE_EXPORTS, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== 'failed-collection-deleted')
  .map((entry) => entry.name);

export function archiveConfig(location: string, archive: object = {}, extra: object = {}): object {
  return { export_archive: { location, ...archive }, collection: { page_size: 1 }, ...extra };
}

/** Runs `body` on a copy of a fixture, to change; the copy is removed after. */
export async function withCopy(name: string, body: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'archive-'));
  try {
    cpSync(join(CORE_EXPORTS, name), dir, { recursive: true });
    await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The one file below `dir` whose path ends with `suffix`. */
export function fileEndingWith(dir: string, suffix: string): string {
  const found = (readdirSync(dir, { recursive: true }) as string[]).filter((name) => name.endsWith(suffix));
  if (found.length !== 1) throw new Error(`${found.length} files end with ${suffix} below ${dir}`);
  return join(dir, found[0]!);
}

/** The record lines of a read, without emitted_at, by stream. */
export function recordsByStream(result: CliResult): Map<string, any[]> {
  const streams = new Map<string, any[]>();
  for (const message of result.messages) {
    if (message.type !== 'RECORD') continue;
    const list = streams.get(message.record.stream) ?? [];
    list.push(message.record.data);
    streams.set(message.record.stream, list);
  }
  return streams;
}

/** The documents a fixture's README lists as exported, by collection: `| label | id | collection | yes... |`. */
export function listedDocuments(fixture: string): Map<string, string[]> {
  const readme = readFileSync(join(CORE_EXPORTS, fixture, 'README.md'), 'utf8');
  const listed = new Map<string, string[]>();
  for (const match of readme.matchAll(/^\| [^|]+ \| (\d+) \| (\w+) \| yes/gm)) {
    listed.set(match[2]!, [...(listed.get(match[2]!) ?? []), match[1]!]);
  }
  return listed;
}

/** Sets each metadata file's files_bytes to the bytes of its part's data files now there. */
export function recountBytes(dir: string): void {
  const names = readdirSync(dir, { recursive: true }) as string[];
  for (const name of names.filter((n) => /metadata_\d+\.json$/.test(n))) {
    const part = /metadata_(\d+)\.json$/.exec(name)![1];
    const bytes = names
      .filter((n) => new RegExp(`_${part}_\\d+\\.jsonl?(\\.gz)?$`).test(n))
      .reduce((sum, n) => sum + statSync(join(dir, n)).size, 0);
    const path = join(dir, name);
    writeFileSync(path, readFileSync(path, 'utf8').replace(/"files_bytes": \d+/, `"files_bytes": ${bytes}`));
  }
}

/** The local server's HTTP API with its root secret: each answer's JSON, asserted successful. */
export function localApi(server: EmulatorHandle) {
  const call = async (method: string, path: string, body?: object): Promise<any> => {
    const response = await fetch(`${server.url()}${path}`, {
      method,
      headers: { authorization: 'Bearer secret', 'x-format': 'tagged' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    assert.ok(response.ok, text);
    return JSON.parse(text);
  };
  return {
    call,
    fql: (query: string) => call('POST', '/query/1', { query }),
    /** `PUT /export/1/<id>`, then its `GET` until the job is no longer pending: its last answer. */
    async exportAndWait(id: string, body: object): Promise<any> {
      await call('PUT', `/export/1/${id}`, body);
      let job;
      while ((job = await call('GET', `/export/1/${id}`)).state === 'pending')
        await new Promise((r) => setTimeout(r, 20));
      return job;
    },
  };
}
