// ESTIMATE traces (Airbyte protocol: AirbyteEstimateTraceMessage) through the real CLI, v4 and v10:
// per stream, early (after the first page), refreshed as the id ranges are read but not on every
// page, exact once the last range is read; a collection of one page, or none, gets its exact count.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CliResult, Message } from '../helpers/cli.js';
import { withEmulator } from '../helpers/emulator.js';
import { q } from '../helpers/fixtures.js';
import { assertValidMessage } from '../helpers/protocol.js';
import { configuredCatalog, discoverCatalog, readOk, records, sourceConfig } from '../helpers/sync.js';
import { createV10Collection, fql, run, v10Client, v10Config } from './v10/helpers.js';

const PAGE = 5;
const WIDE = 60;

interface Seen {
  /** The estimates of the stream, in order. */
  estimates: { row_estimate: number; byte_estimate: number }[];
  /** How many of the stream's records came before its first estimate. */
  recordsBefore: number;
  records: number;
  /** The bytes of its RECORD lines. */
  bytes: number;
}

function seen(result: CliResult, stream: string): Seen {
  const out: Seen = { estimates: [], recordsBefore: 0, records: 0, bytes: 0 };
  const lines = result.stdout.split('\n');
  result.messages.forEach((message: Message, i: number) => {
    if (message.type === 'RECORD' && message.record.stream === stream) {
      out.records++;
      out.bytes += lines[i]!.length + 1;
      if (out.estimates.length === 0) out.recordsBefore++;
    }
    if (message.type === 'TRACE' && message.trace.type === 'ESTIMATE' && message.trace.estimate.name === stream) {
      assert.equal(message.trace.estimate.type, 'STREAM');
      out.estimates.push(message.trace.estimate);
    }
  });
  return out;
}

/** A stream of several pages: estimated early, refreshed at most every tenth, exact at the end. */
function assertRefreshed(result: CliResult, stream: string, pages: number, earlyRecords: number): void {
  const s = seen(result, stream);
  assert.equal(s.records, WIDE);
  assert.ok(s.recordsBefore <= earlyRecords, `${stream}: first estimate after ${s.recordsBefore} records`);
  const first = s.estimates[0]!.row_estimate;
  assert.ok(Math.abs(first - WIDE) <= WIDE / 4, `${stream}: first estimate ${first} rows of ${WIDE}`);
  assert.ok(s.estimates.length > 1, `${stream}: refreshed`);
  assert.ok(s.estimates.length < pages && s.estimates.length <= 11, `${stream}: ${s.estimates.length} estimates`);
  assert.deepEqual(s.estimates.at(-1), { ...s.estimates.at(-1), row_estimate: WIDE, byte_estimate: s.bytes });
}

function assertExact(result: CliResult, stream: string): void {
  const s = seen(result, stream);
  assert.equal(s.estimates.length, 1, stream);
  assert.equal(s.estimates[0]!.row_estimate, s.records, stream);
  assert.equal(s.estimates[0]!.byte_estimate, s.bytes, stream);
}

describe('ESTIMATE traces', () => {
  const server = withEmulator();
  let v10: ReturnType<typeof v10Client>;

  before(async () => {
    const client = server.rootClient();
    for (const name of ['wide', 'single', 'none']) await client.query(q.CreateCollection({ name }));
    await client.query(
      q.CreateIndex({ name: 'wide_by_ts', source: q.Collection('wide'), values: [{ field: 'ts' }, { field: 'ref' }] }),
    );
    // Evenly spaced ids, so that the first page's share of the id span is its share of the documents.
    const ids = Array.from({ length: WIDE }, (_, i) => String(1000 + i * 7));
    await client.query(
      q.Map(ids, q.Lambda('id', q.Create(q.Ref(q.Collection('wide'), q.Var('id')), { data: { id: q.Var('id') } }))),
    );
    await client.query(q.Create(q.Collection('single'), { data: { n: 1 } }));
    v10 = v10Client(server);
    await createV10Collection(v10, 'items');
    await run(v10, fql`Set.sequence(0, ${WIDE}).forEach(i => items.create({ i: i }))`);
  });
  after(() => v10?.close());

  const validate = (result: CliResult): void => result.messages.forEach(assertValidMessage);

  test('v4 full refresh: refreshed per stream as its id ranges are read; one page or none, exact', async () => {
    const config = sourceConfig(server.emulator(), { page_size: PAGE }, { max_concurrency: 2 });
    const catalog = configuredCatalog(await discoverCatalog(config), 'full_refresh', ['wide', 'single', 'none']);
    const result = await readOk({ config, catalog });
    validate(result);
    assertRefreshed(result, 'wide', WIDE / PAGE, PAGE);
    assertExact(result, 'single');
    assertExact(result, 'none');
  });

  test('v4 incremental: estimated over the ts ranges of the scan', async () => {
    const config = sourceConfig(server.emulator(), { page_size: PAGE }, { max_concurrency: 2 });
    const catalog = configuredCatalog(await discoverCatalog(config), 'incremental', ['wide']);
    const result = await readOk({ config, catalog });
    validate(result);
    const s = seen(result, 'wide');
    assert.equal(s.records, WIDE);
    assert.ok(s.estimates.length >= 1);
    assert.equal(s.estimates.at(-1)!.row_estimate, WIDE);
  });

  test('v10 full refresh: refreshed as its id ranges are read', async () => {
    const config = v10Config(server, { page_size: PAGE }, { max_concurrency: 2 });
    const catalog = configuredCatalog(await discoverCatalog(config), 'full_refresh', ['items']);
    const result = await readOk({ config, catalog });
    validate(result);
    assert.equal(records(result, 'items').length, WIDE);
    // The first pages of both ranges come in one query, before the first estimate.
    assertRefreshed(result, 'items', WIDE / PAGE, 2 * PAGE);
  });
});
