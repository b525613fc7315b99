// Archives that cannot be read as they are get an answer that names the file and what to do,
// never a sync that silently leaves documents out: check fails on what it verifies (metadata,
// counts, formats), read fails the stream on what only reading shows (a cut gzip, a line that is
// not JSON, a tag the export format does not have).
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, rmSync, truncateSync, writeFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../../helpers/cli.js';
import { configuredCatalog, discoverCatalog, read } from '../../helpers/sync.js';
import { archiveConfig, CORE_EXPORTS, withCopy, fileEndingWith, recountBytes } from './helpers.js';

async function checkMessage(dir: string, archive: object = {}): Promise<{ status: any; logs: string[] }> {
  const result = await runCli(['check'], { config: archiveConfig(dir, archive) });
  assert.equal(result.code, 0);
  const status = result.messages.find((m) => m.type === 'CONNECTION_STATUS').connectionStatus;
  return { status, logs: result.messages.filter((m) => m.type === 'LOG').map((m) => m.log.message) };
}

/** The error of a read of `stream` from `dir`, a damaged copy of `fixture` (whose discover gives the catalog). */
async function failedStream(dir: string, fixture: string, stream: string): Promise<string> {
  const catalog = await discoverCatalog(archiveConfig(join(CORE_EXPORTS, fixture)));
  const result = await read({
    config: archiveConfig(dir),
    catalog: configuredCatalog(catalog, 'full_refresh', [stream]),
  });
  assert.equal(result.code, 1);
  const trace = result.messages.find((m) => m.type === 'TRACE' && m.trace.type === 'ERROR');
  assert.equal(trace.trace.error.stream_descriptor.name, stream);
  assert.equal(trace.trace.error.failure_type, 'config_error');
  return trace.trace.error.message;
}

test('a part without its metadata: the export is not complete', async () => {
  await withCopy('tagged-jsonl', async (dir) => {
    rmSync(fileEndingWith(dir, 'metadata_00.json'));
    const { status } = await checkMessage(dir);
    assert.equal(status.status, 'FAILED');
    assert.match(status.message, /no metadata_<PP>\.json: the export is still running, or it failed or was cancelled/);
  });
});

test('files that do not match files_count and files_bytes; files of two formats', async () => {
  await withCopy('tagged-jsonl', async (dir) => {
    const customer = fileEndingWith(dir, 'Customer_00_000000.jsonl');
    writeFileSync(customer, readFileSync(customer, 'utf8') + '\n');
    let { status } = await checkMessage(dir);
    assert.equal(status.status, 'FAILED');
    assert.match(
      status.message,
      /metadata_00\.json lists 3 data file\(s\) of 4338 bytes for part 00, and 3 of 4339 bytes are there/,
    );
    const json = fileEndingWith(join(CORE_EXPORTS, 'tagged-json'), 'Order_00_000000.json');
    copyFileSync(json, join(dirname(customer), '..', 'Order', 'Order_00_000001.json'));
    ({ status } = await checkMessage(dir));
    assert.match(
      status.message,
      /Order_00_000001\.json is a \.json file and the export's files are \.jsonl: files of different exports are mixed/,
    );
  });
});

test('a gzip file cut short fails its stream, naming the file', async () => {
  await withCopy('tagged-jsonl-gz', async (dir) => {
    const order = fileEndingWith(dir, 'Order_00_000000.jsonl.gz');
    truncateSync(order, statSync(order).size - 12);
    recountBytes(dir);
    assert.equal((await checkMessage(dir)).status.status, 'SUCCEEDED');
    assert.match(
      await failedStream(dir, 'tagged-jsonl-gz', 'Order'),
      /Order_00_000000\.jsonl\.gz is not a whole gzip file \(unexpected end of file\)/,
    );
  });
});

test('a line that is not JSON, and a value of a tag the export does not have: the file and line', async () => {
  await withCopy('tagged-jsonl', async (dir) => {
    const order = fileEndingWith(dir, 'Order_00_000000.jsonl');
    const lines = readFileSync(order, 'utf8').split('\n');
    writeFileSync(order, [lines[0], lines[1]!.slice(0, -5), ...lines.slice(2)].join('\n'));
    const customer = fileEndingWith(dir, 'Customer_00_000000.jsonl');
    writeFileSync(customer, readFileSync(customer, 'utf8').replace('{"@int":"42"}', '{"@set":"42"}'));
    recountBytes(dir);
    assert.match(await failedStream(dir, 'tagged-jsonl', 'Order'), /Order_00_000000\.jsonl, line 2 is not JSON/);
    assert.match(
      await failedStream(dir, 'tagged-jsonl', 'Customer'),
      /Customer_00_000000\.jsonl, line 2 holds a value tagged @set/,
    );
  });
});

test('core_tmp working files are ignored with a note; an unknown export_id lists the ids there', async () => {
  await withCopy('reused-export-id', async (dir) => {
    const tmp = join(dir, 'core_tmp/0/export_next/1/data/collections/Order');
    mkdirSync(tmp, { recursive: true });
    writeFileSync(join(tmp, '000000_tmp.out'), '{"id":');
    const { status, logs } = await checkMessage(dir);
    assert.equal(status.status, 'SUCCEEDED');
    assert.ok(
      logs.some((l) => /1 working file\(s\) under core_tmp ignored/.test(l)),
      logs.join('\n'),
    );
    const unknown = await checkMessage(dir, { export_id: 'nope' });
    assert.equal(
      unknown.status.message.includes("No export 'nope'") && unknown.status.message.includes("'idem'"),
      true,
    );
  });
});
