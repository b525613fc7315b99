// `fauna-emulator --export-path DIR` exports as the core does: the database of
// test/fixtures/core-exports/seed-database.mjs, seeded on the local server through the drivers and
// exported with each fixture's request, gives the fixture's archive and answers
// (compare.ts says what is mapped), its Credential documents included.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { assertSameArchive, httpBody, responseShape } from './compare.js';
import { seedExportDb, seedWideDb, type ExportDb } from './seed.js';

const BIN = fileURLToPath(new URL('../../../../bin/fauna-emulator.js', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../../../../test/fixtures/core-exports/', import.meta.url));
const ROOT_SECRET = 'secret';
const WIDE_DB_SECRET = `${ROOT_SECRET}:widedb:admin`;

// Exports of the exportdb fixtures made by the index-scan path, as the local server's are; the
// table-scan ones hold the same documents in storage order.
const EXPORTDB_FIXTURES = [
  'tagged-json',
  'tagged-json-gz',
  'tagged-jsonl',
  'tagged-jsonl-gz',
  'simple-json',
  'simple-json-gz',
  'simple-jsonl',
  'simple-jsonl-gz',
  'default-body',
  'explicit-collections',
  'empty-collection-only',
];
const WIDEDB_FIXTURES = ['widedb-57', 'widedb-58', 'widedb-default', 'widedb-single-long'];

let url = '';
let exportPath = '';
let db: ExportDb;
let stop: () => Promise<void> = async () => {};

async function call(method: string, id: string, secret: string | undefined, body?: string) {
  const headers: Record<string, string> = secret === undefined ? {} : { authorization: `Bearer ${secret}` };
  const res = await fetch(`${url}/export/1/${encodeURIComponent(id)}`, { method, headers, body });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

async function finished(id: string, secret: string): Promise<string> {
  for (;;) {
    const res = await call('GET', id, secret);
    assert.equal(res.status, 200, res.text);
    if ((JSON.parse(res.text) as { state: string }).state !== 'pending') return res.text;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function fixtureExport(name: string): { id: string; taskDirs: string[]; root: string } {
  const account = join(FIXTURES, name, 'core_out', '0');
  const exportDir = readdirSync(account)[0]!;
  const root = join(account, exportDir);
  return { id: exportDir.slice('export_'.length), taskDirs: readdirSync(root), root };
}

function myTaskDir(id: string, taskId: string): string {
  return join(exportPath, 'core_out', '0', `export_${id}`, taskId);
}

/** PUTs the fixture's request as its own export id, then compares answers and archive. */
async function assertLikeFixture(name: string, secret: string): Promise<void> {
  const fixture = fixtureExport(name);
  const request = readFileSync(join(FIXTURES, name, 'request.json'), 'utf8');
  const put = await call('PUT', fixture.id, secret, request);
  assert.equal(put.status, 201, put.text);
  assert.equal(put.headers.get('content-type'), 'application/json;charset=utf-8');
  assert.deepEqual(
    Object.entries(responseShape(put.text)),
    Object.entries(responseShape(httpBody(join(FIXTURES, name, 'put-response.http')))),
  );
  const got = await finished(fixture.id, secret);
  assert.deepEqual(
    Object.entries(responseShape(got)),
    Object.entries(responseShape(httpBody(join(FIXTURES, name, 'get-response.http')))),
  );
  const taskId = (JSON.parse(got) as { task_id: string }).task_id;
  assertSameArchive(myTaskDir(fixture.id, taskId), join(fixture.root, fixture.taskDirs[0]!));
}

before(async () => {
  exportPath = mkdtempSync(join(tmpdir(), 'fauna-export-'));
  const child = spawn(process.execPath, [BIN, '--port', '0', '--export-path', exportPath], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  url = /^fauna-emulator listening on (http:\/\/\S+)$/.exec(line)?.[1] ?? assert.fail(`unexpected first line: ${line}`);
  stop = async () => {
    child.kill('SIGTERM');
    await once(child, 'exit');
  };
  [db] = await Promise.all([seedExportDb(url, ROOT_SECRET, 'exportdb'), seedWideDb(url, ROOT_SECRET, 'widedb')]);
});

after(async () => {
  await stop();
  rmSync(exportPath, { recursive: true, force: true });
});

describe('the archives of the core, remade by the local server', () => {
  for (const name of EXPORTDB_FIXTURES) it(name, () => assertLikeFixture(name, db.keys.admin));
  for (const name of WIDEDB_FIXTURES) it(name, () => assertLikeFixture(name, WIDE_DB_SECRET));

  it('leaves core_tmp behind empty', () => {
    assert.deepEqual(readdirSync(join(exportPath, 'core_tmp')), []);
  });
});

describe('edge cases', () => {
  it("a token of the credential's document may not export: 403, as a client key", async () => {
    const res = await call('PUT', 'by-token', db.token, '{}');
    assert.deepEqual([res.status, res.text], [403, '{"error":"Access denied"}']);
  });

  it('reused-export-id: a running export answers 200 or says what differs; a finished one is exported anew', async () => {
    const fixture = fixtureExport('reused-export-id');
    const first = readFileSync(join(FIXTURES, 'reused-export-id', 'request.json'), 'utf8');
    const put = await call('PUT', fixture.id, db.keys.admin, first);
    assert.equal(put.status, 201, put.text);
    const same = await call(
      'PUT',
      fixture.id,
      db.keys.admin,
      '{"collections":["Order","Customer","Order"],"datafile_format":"jsonl"}',
    );
    assert.equal(same.status, 200, same.text);
    assert.equal(JSON.parse(same.text).task_id, JSON.parse(put.text).task_id);
    const mismatch = await call('PUT', fixture.id, db.keys.admin, '{"doc_format":"simple","datafile_format":"jsonl"}');
    assert.equal(mismatch.status, 400);
    assert.equal(mismatch.text, httpBody(join(FIXTURES, 'reused-export-id', 'put-doc-format-mismatch.http')));
    const firstTask = JSON.parse(await finished(fixture.id, db.keys.admin)).task_id as string;

    const again = await call('PUT', fixture.id, db.keys.admin, '{"collections":["Empty"]}');
    assert.equal(again.status, 201, again.text);
    const secondTask = JSON.parse(await finished(fixture.id, db.keys.admin)).task_id as string;
    assert.notEqual(secondTask, firstTask);
    // The fixture's task directories, oldest first: the first export, then the Empty-only one.
    const [theirFirst, theirSecond] = fixture.taskDirs.sort();
    assertSameArchive(myTaskDir(fixture.id, firstTask), join(fixture.root, theirFirst!));
    assertSameArchive(myTaskDir(fixture.id, secondTask), join(fixture.root, theirSecond!));
  });

  it('failed-collection-deleted: a collection deleted before the task runs fails the export, and nothing is written', async () => {
    const expected = responseShape(httpBody(join(FIXTURES, 'failed-collection-deleted', 'get-response.http')));
    const id = String(expected.export_id);
    const doomed = String((expected.collections as string[])[0]);
    const secret = WIDE_DB_SECRET;
    const put = await call(
      'PUT',
      id,
      secret,
      readFileSync(join(FIXTURES, 'failed-collection-deleted', 'request.json'), 'utf8'),
    );
    assert.equal(put.status, 201, put.text);
    const deleted = await fetch(`${url}/query/1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}` },
      body: JSON.stringify({ query: `Collection.byName(${JSON.stringify(doomed)})!.delete()` }),
    });
    assert.equal(deleted.status, 200, await deleted.text());
    assert.deepEqual(Object.entries(responseShape(await finished(id, secret))), Object.entries(expected));
    assert.equal(existsSync(join(exportPath, 'core_out', '0', `export_${id}`)), false);
  });

  it('a DELETE before the task runs: 204, then the export is gone and nothing is written', async () => {
    const put = await call('PUT', 'cancelled', db.keys.admin, '{}');
    assert.equal(put.status, 201, put.text);
    const cancel = await call('DELETE', 'cancelled', db.keys.admin);
    assert.equal(cancel.status, 204);
    assert.equal(cancel.text, '');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const get = await call('GET', 'cancelled', db.keys.admin);
    assert.deepEqual([get.status, get.text], [404, '{"error":"Not found"}']);
    assert.equal(existsSync(join(exportPath, 'core_out', '0', 'export_cancelled')), false);
  });
});
