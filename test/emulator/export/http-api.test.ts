// The rules of `/export/1/<id>` beside the archives (core-archives.test.ts): who may export, the
// body's validation in the core's order and words, routing, a database's view of the exports, the
// soft split of data files (made small here), and an export without an export path.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { withEmulator } from '../../helpers/emulator.js';
import { documents, listFiles } from './compare.js';

const exportPath = mkdtempSync(join(tmpdir(), 'fauna-export-api-'));
// Three documents of about 125 bytes each (tagged) a file.
const SOFT_LIMIT = 300;
const server = withEmulator({ exportPath, exportTuning: { softLimitBytes: SOFT_LIMIT, startDelayMs: 20 } });
const noPath = withEmulator({ exportTuning: { startDelayMs: 0 } });
const busyPath = mkdtempSync(join(tmpdir(), 'fauna-export-busy-'));
const busy = withEmulator({ exportPath: busyPath, exportTuning: { startDelayMs: 0 } });
after(() => {
  rmSync(exportPath, { recursive: true, force: true });
  rmSync(busyPath, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: Headers;
  text: string;
}

async function request(base: string, method: string, path: string, auth?: string, body?: string): Promise<Reply> {
  const headers: Record<string, string> = auth === undefined ? {} : { authorization: auth };
  const res = await fetch(`${base}${path}`, { method, headers, body });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

const bearer = (secret: string) => `Bearer ${secret}`;

async function query(secret: string, fql: string): Promise<unknown> {
  const res = await request(server.url(), 'POST', '/query/1', bearer(secret), JSON.stringify({ query: fql }));
  assert.equal(res.status, 200, res.text);
  return (JSON.parse(res.text) as { data: unknown }).data;
}

async function keyOf(role: string): Promise<string> {
  return ((await query('secret:shop:admin', `Key.create({ role: "${role}" })`)) as { secret: string }).secret;
}

async function done(base: string, id: string, secret: string): Promise<Record<string, unknown>> {
  for (;;) {
    const res = await request(base, 'GET', `/export/1/${id}`, bearer(secret));
    assert.equal(res.status, 200, res.text);
    const body = JSON.parse(res.text) as Record<string, unknown>;
    if (body.state !== 'pending') return body;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

let seeded = false;
async function seed(): Promise<void> {
  if (seeded) return;
  seeded = true;
  await query('secret', 'Database.create({ name: "shop" })');
  await query('secret:shop:admin', 'Collection.create({ name: "Customer" }); Collection.create({ name: "Order" })');
  await query(
    'secret:shop:admin',
    'Role.create({ name: "reader", privileges: [{ resource: "Customer", actions: { read: true } }] })',
  );
  for (let i = 0; i < 7; i++) await query('secret:shop:admin', `Customer.create({ name: "customer ${i}", n: ${i} })`);
}

describe('who may export', () => {
  it('no or an unknown secret: 401 with a Bearer challenge', async () => {
    await seed();
    for (const auth of [undefined, bearer('nope')]) {
      const res = await request(server.url(), 'PUT', '/export/1/who', auth, '{}');
      assert.deepEqual([res.status, res.text], [401, '{"error":"Access token required"}']);
      assert.equal(res.headers.get('www-authenticate'), 'Bearer');
      assert.equal(res.headers.get('content-type'), 'application/json;charset=utf-8');
    }
  });

  it('client keys and user-defined roles: 403, before the body is read', async () => {
    for (const role of ['client', 'reader']) {
      const res = await request(server.url(), 'PUT', '/export/1/who', bearer(await keyOf(role)), '{"doc_format":"x"}');
      assert.deepEqual([res.status, res.text], [403, '{"error":"Access denied"}']);
    }
  });

  it('admin, server and server-readonly keys export their own database (HTTP Basic too)', async () => {
    for (const role of ['admin', 'server', 'server-readonly']) {
      const secret = await keyOf(role);
      const basic = `Basic ${Buffer.from(`${secret}:`).toString('base64')}`;
      const res = await request(server.url(), 'PUT', `/export/1/by-${role}`, basic, '{"collections":["Order"]}');
      assert.equal(res.status, 201, res.text);
      assert.equal((await done(server.url(), `by-${role}`, secret)).state, 'complete');
    }
  });

  it('another database sees no export of this one, not even its parent', async () => {
    for (const secret of ['secret', 'secret:other:admin']) {
      if (secret !== 'secret') await query('secret', 'Database.create({ name: "other" })');
      const res = await request(server.url(), 'GET', '/export/1/by-admin', bearer(secret));
      assert.deepEqual([res.status, res.text], [404, '{"error":"Not found"}']);
      const cancel = await request(server.url(), 'DELETE', '/export/1/by-admin', bearer(secret));
      assert.equal(cancel.status, 404);
    }
  });
});

describe('the request body', () => {
  const put = (body: string | undefined) =>
    request(server.url(), 'PUT', '/export/1/body', bearer('secret:shop:admin'), body);

  it("is refused in the core's order and words", async () => {
    const cases: [string | undefined, string][] = [
      [undefined, 'Missing request body'],
      ['', 'Missing request body'],
      ['{"doc_format":"decorated","datafile_format":"csv"}', "Invalid doc_format 'decorated'"],
      ['{"datafile_format":"csv","collections":[]}', "Invalid datafile_format 'csv'"],
      ['{"collections":[],"doc_format":"simple"}', "'collections' cannot be empty"],
      ['{"collections":["Zed","Customer","Nope","Nope"]}', 'Collections not found: Nope, Zed'],
      ['{"collections":["Key"]}', 'Collections not found: Key'],
    ];
    for (const [body, message] of cases) {
      const res = await put(body);
      assert.deepEqual([res.status, res.text], [400, JSON.stringify({ error: message })], String(body));
    }
    const malformed = await put('{"doc_format":');
    assert.equal(malformed.status, 500);
    assert.match(malformed.text, /^\{"error":".+"\}$/);
  });

  it('gives fields of the wrong type their defaults; JSON that is no object acts as {}', async () => {
    const bodies = [
      '{"doc_format":5,"datafile_format":true,"datafile_compression":"yes","collections":"Customer"}',
      '{"collections":["Customer",5]}',
      'null',
      '[1,2]',
    ];
    for (const [i, body] of bodies.entries()) {
      const res = await request(server.url(), 'PUT', `/export/1/defaults-${i}`, bearer('secret:shop:admin'), body);
      assert.equal(res.status, 201, res.text);
      const r = JSON.parse(res.text) as Record<string, unknown>;
      assert.deepEqual(
        [r.collections, r.doc_format, r.datafile_format, r.datafile_compression, r.datafile_ext, r.state],
        [['Credential', 'Customer', 'Order'], 'tagged', 'json', false, 'json', 'pending'],
      );
    }
  });
});

describe('routing', () => {
  it('answers other paths under /export/1 with 404 and other methods with 405', async () => {
    for (const path of ['/export/1', '/export/1/', '/export/1/a/b']) {
      const res = await request(server.url(), 'GET', path, bearer('secret'));
      assert.deepEqual([res.status, res.text], [404, '{"error":"Not found"}'], path);
    }
    for (const method of ['POST', 'PATCH']) {
      const res = await request(server.url(), method, '/export/1/x', bearer('secret'), '{}');
      assert.deepEqual([res.status, res.text], [405, '{"error":"Method not allowed"}'], method);
    }
  });

  it('percent-decodes the export id into the directory name', async () => {
    const res = await request(
      server.url(),
      'PUT',
      '/export/1/a%20b',
      bearer('secret:shop:admin'),
      '{"collections":["Order"]}',
    );
    assert.equal(res.status, 201, res.text);
    const r = await done(server.url(), 'a%20b', 'secret:shop:admin');
    assert.equal(r.export_id, 'a b');
    assert.equal(r.path, `0/export_a b/${String(r.task_id)}`);
  });
});

describe('data files', () => {
  for (const [format, compression] of [
    ['json', false],
    ['jsonl', true],
  ] as const) {
    it(`are cut once they reach the soft limit (${format}${compression ? ', gzip' : ''})`, async () => {
      const id = `split-${format}`;
      const body = JSON.stringify({
        collections: ['Customer'],
        datafile_format: format,
        datafile_compression: compression,
      });
      const res = await request(server.url(), 'PUT', `/export/1/${id}`, bearer('secret:shop:admin'), body);
      assert.equal(res.status, 201, res.text);
      const r = await done(server.url(), id, 'secret:shop:admin');
      const dir = join(exportPath, 'core_out', String(r.path));
      const ext = String(r.datafile_ext);
      const files = listFiles(dir).filter((f) => f.startsWith('data/'));
      assert.deepEqual(
        files,
        [0, 1, 2].map((n) => `data/collections/Customer/Customer_00_00000${n}.${ext}`),
      );
      const names: string[] = [];
      for (const [i, file] of files.entries()) {
        const bytes = readFileSync(join(dir, file));
        const plain = compression ? gunzipSync(bytes) : bytes;
        // Every file but the last reaches the limit, and none goes past it by more than its last document.
        const docs = documents(file, bytes);
        if (i < files.length - 1) assert.ok(plain.length >= SOFT_LIMIT, `${file}: ${plain.length} bytes`);
        assert.ok(plain.length - Buffer.byteLength(docs[docs.length - 1]!) - 1 < SOFT_LIMIT, file);
        names.push(...docs.map((d) => (JSON.parse(d) as { name: string }).name));
      }
      assert.deepEqual(
        names,
        [0, 1, 2, 3, 4, 5, 6].map((n) => `customer ${n}`),
      );
      const meta = JSON.parse(readFileSync(join(dir, 'metadata_00.json'), 'utf8')) as Record<string, number>;
      assert.equal(meta.files_count, 3);
    });
  }

  it('a DELETE after completion changes nothing', async () => {
    const before = listFiles(join(exportPath, 'core_out'));
    const res = await request(server.url(), 'DELETE', '/export/1/split-json', bearer('secret:shop:admin'));
    assert.equal(res.status, 204);
    assert.equal((await done(server.url(), 'split-json', 'secret:shop:admin')).state, 'complete');
    assert.deepEqual(listFiles(join(exportPath, 'core_out')), before);
  });

  it('a DELETE while the task runs: it completes with no data file, as the core does when cancelled late', async () => {
    const admin = bearer('secret');
    await request(busy.url(), 'POST', '/query/1', admin, '{"query":"Collection.create({ name: \\"Big\\" })"}');
    // Enough documents that the task is still writing when the DELETE arrives.
    for (let i = 0; i < 2; i++) {
      const query = JSON.stringify({ query: 'Set.sequence(0, 10000).forEach(i => Big.create({ i: i }))' });
      assert.equal((await request(busy.url(), 'POST', '/query/1', admin, query)).status, 200);
    }
    const put = await request(busy.url(), 'PUT', '/export/1/late', admin, '{}');
    assert.equal(put.status, 201, put.text);
    // The task has started once its working directory exists.
    const working = join(busyPath, 'core_tmp', String((JSON.parse(put.text) as { path: string }).path));
    while (!existsSync(working)) await new Promise((resolve) => setTimeout(resolve, 1));
    assert.equal((await request(busy.url(), 'DELETE', '/export/1/late', admin)).status, 204);
    const r = await done(busy.url(), 'late', 'secret');
    assert.deepEqual([r.state, r.error], ['complete', undefined]);
    const dir = join(busyPath, 'core_out', String(r.path));
    assert.deepEqual(listFiles(dir), ['metadata_00.json']);
    const meta = JSON.parse(readFileSync(join(dir, 'metadata_00.json'), 'utf8')) as Record<string, number>;
    assert.deepEqual([meta.files_count, meta.files_bytes], [0, 0]);
    assert.deepEqual(listFiles(join(busyPath, 'core_tmp')), []);
  });

  it('without an export path, the task fails with an internal error', async () => {
    const res = await request(noPath.url(), 'PUT', '/export/1/nowhere', bearer('secret'), '{}');
    assert.equal(res.status, 201, res.text);
    const r = await done(noPath.url(), 'nowhere', 'secret');
    assert.deepEqual([r.state, r.error], ['failed', 'internal error']);
  });
});
