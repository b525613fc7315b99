// PyAirbyte with its defaults reads a database written in FQL v10, in FQL v10 mode, as
// docs/fql-v10.md shows (the snippet runs as printed, only the server's port differs): the first
// read brings every document, the second only the changes since, from the event feeds, with a
// row for the deleted document, deduplicated by ref in PyAirbyte's DuckDB cache.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Client } from 'fauna';
import { withEmulator } from '../helpers/emulator.js';
import { projectPython, REPOSITORY } from '../helpers/python.js';
import { createV10Collection, fql, run, v10Client } from '../connector/v10/helpers.js';
import { PyAirbyteWorkspace } from './workspace.js';

const GUIDE = readFileSync(`${REPOSITORY}docs/fql-v10.md`, 'utf8');
const SNIPPET = /^```python pyairbyte-v10\n([\s\S]*?)^```$/m.exec(GUIDE)?.[1];

interface Row {
  ref: string;
  ts: number;
  data: string | null;
  deleted_at: string | null;
  deleted_at_us: number | null;
}
interface Cache {
  tables: { orders: Row[] };
  states: Record<string, { stream: { stream_state: Record<string, unknown> } }>;
}

describe('PyAirbyte with its defaults, FQL v10 mode', () => {
  const server = withEmulator();
  let client: Client;
  let work: PyAirbyteWorkspace;

  before(async () => {
    client = v10Client(server);
    await createV10Collection(client, 'orders');
    for (let i = 1; i <= 5; i++)
      await run(client, fql`orders.create({ id: ${String(i)}, total: ${i}, big: ${9007199254740993n + BigInt(i)} })`);
  });
  after(() => {
    client.close();
    work?.close();
  });

  async function runSnippet(read: number): Promise<string> {
    assert.ok(SNIPPET, 'the v10 page has a ```python pyairbyte-v10 block');
    return (await work.runSnippet(SNIPPET, server.emulator(), `logs-${read}`)).printed;
  }

  const dumpCache = (): Promise<Cache> => work.dumpCache<Cache>(['orders']);

  test('two reads: every document, then the changes since from the feed, deletions included', async (t) => {
    const python = projectPython('airbyte');
    if (python === undefined) {
      t.skip('python3 is not installed, so PyAirbyte cannot be run');
      return;
    }
    work = new PyAirbyteWorkspace(python, 'secret');
    assert.match(await runSnippet(1), /^orders: 5 rows$/m);
    const first = await dumpCache();
    assert.equal(first.tables.orders.length, 5);
    assert.match(first.tables.orders.find((row) => row.ref === '1')!.data!, /"big":9007199254740994[,}]/);
    assert.equal(first.states.orders?.stream.stream_state.fql_version, '10');

    await run(client, fql`orders.byId("2")!.update({ total: 20 })`);
    const removed = (await client.query(fql`orders.byId("3")!.delete()`)).txn_ts!;
    await run(client, fql`orders.create({ id: "6", total: 6 })`);

    // The count is the cache's table: the five documents and the one created.
    assert.match(await runSnippet(2), /^orders: 6 rows$/m);
    const rows = new Map((await dumpCache()).tables.orders.map((row) => [row.ref, row]));
    assert.deepEqual([...rows.keys()].sort(), ['1', '2', '3', '4', '5', '6']);
    assert.equal(JSON.parse(rows.get('2')!.data!).total, 20);
    assert.equal(rows.get('3')!.deleted_at_us, removed);
    assert.equal(rows.get('3')!.data, null);
    assert.equal(rows.get('6')!.deleted_at, null);
    assert.equal(rows.get('1')!.ts, first.tables.orders.find((row) => row.ref === '1')!.ts);
  });
});
