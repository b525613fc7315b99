// The connector under the real PyAirbyte, with its defaults, as docs/running-without-platform.md
// shows: the guide's snippet runs as printed (only the server's port differs), reads the demo
// database into PyAirbyte's default DuckDB cache, then, after changes, reads again from the state
// PyAirbyte kept. PyAirbyte runs offline, with its cache, logs, temp files and HOME in a temp folder.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import { parse as parseLossless } from 'lossless-json';
import { loadDemoData, productId, userIds } from '../../emulator/demo-data.js';
import { runCli } from '../helpers/cli.js';
import { withEmulator } from '../helpers/emulator.js';
import { q } from '../helpers/fixtures.js';
import { projectPython, REPOSITORY } from '../helpers/python.js';
import { PyAirbyteWorkspace } from './workspace.js';

const GUIDE = readFileSync(`${REPOSITORY}docs/running-without-platform.md`, 'utf8');
const SNIPPET = /^```python pyairbyte\n([\s\S]*?)^```$/m.exec(GUIDE)?.[1];

interface UserRow {
  ref: string;
  ts: number;
  data: string | null;
  deleted_at: string | null;
  deleted_at_us: number | null;
}
interface Cache {
  tables: { users: UserRow[]; products: { ref: string; ts: number; data: string }[] };
  states: Record<string, { stream: { stream_state: Record<string, unknown> } }>;
}

describe('PyAirbyte with its defaults, into its DuckDB cache', () => {
  const server = withEmulator();
  let secret: string;
  let python: string | undefined;
  let work: PyAirbyteWorkspace;

  before(() => {
    secret = loadDemoData(server.emulator().engine, 'secret').secret;
  });
  after(() => work?.close());

  /** Runs the guide's snippet once; returns what it printed and what the connector logged. */
  async function runSnippet(run: number, t: TestContext): Promise<{ printed: string; connectorLog: string }> {
    assert.ok(SNIPPET, 'the guide has a ```python pyairbyte block');
    work ??= new PyAirbyteWorkspace(python!, secret);
    const started = performance.now();
    const result = await work.runSnippet(SNIPPET, server.emulator(), `logs-${run}`);
    t.diagnostic(
      `PyAirbyte read ${run}: ${((performance.now() - started) / 1000).toFixed(1)} s, Python start included`,
    );
    return result;
  }

  const dumpCache = (): Promise<Cache> => work.dumpCache<Cache>(['users', 'products']);

  const byRef = (rows: UserRow[]): Map<string, UserRow> => new Map(rows.map((row) => [row.ref, row]));
  const warnings = (log: string): number =>
    log.split('\n').filter((line) => line.includes("Stream 'products' has no Incremental Sync Index")).length;

  test('the first read brings both tables, every value of the every-type user exact', async (t) => {
    python = projectPython('airbyte');
    if (python === undefined) {
      t.skip('python3 is not installed, so PyAirbyte cannot be run');
      return;
    }
    const { printed, connectorLog } = await runSnippet(1, t);
    assert.match(printed, /^products: 3000 rows$/m);
    assert.match(printed, /^users: 6 rows$/m);
    assert.equal(
      warnings(connectorLog),
      1,
      'products, asked for incremental without an index, is read in full with one warning',
    );
    const cache = await dumpCache();
    assert.equal(cache.tables.users.length, 6);
    assert.equal(cache.tables.products.length, 3000);
    const ada = byRef(cache.tables.users).get(userIds.ada)!;
    assert.match(ada.data!, /"big_counter":9007199254740993[,}]/);
    assert.match(ada.data!, /"max_long":9223372036854775807[,}]/);
    // Every value as the connector itself emits it, compared without rounding any number.
    const direct = await runCli(['read'], {
      config: {
        domain: server.emulator().host,
        port: server.emulator().port,
        scheme: 'http',
        secret,
        collection: { name: 'users' },
      },
      catalog: {
        streams: [
          {
            stream: { name: 'users', json_schema: {}, supported_sync_modes: ['full_refresh'] },
            sync_mode: 'full_refresh',
            destination_sync_mode: 'overwrite',
          },
        ],
      },
    });
    const line = direct.stdout.split('\n').find((l) => l.includes(`"ref":"${userIds.ada}"`))!;
    const record = parseLossless(line) as { record: { data: { data: unknown } } };
    assert.deepEqual(parseLossless(ada.data!), record.record.data.data);
    assert.deepEqual(cache.states.products?.stream.stream_state, {}, 'a stream read in full keeps no cursor');
    assert.ok(cache.states.users?.stream.stream_state.updates_cursor);
  });

  test('after an update, a deletion and a create, the second read brings them, one row per ref', async (t) => {
    if (python === undefined) {
      t.skip('python3 is not installed, so PyAirbyte cannot be run');
      return;
    }
    const client = server.rootClient();
    const users = q.Collection('users');
    await client.query(q.Update(q.Ref(users, userIds.alan), { data: { name: 'Alan M. Turing' } }));
    await client.query(q.Delete(q.Ref(users, userIds.edsger)));
    await client.query(
      q.Create(q.Ref(users, userIds.barbara), { data: { name: 'Barbara Liskov', email: 'barbara@example.com' } }),
    );
    await client.query(q.Delete(q.Ref(q.Collection('products'), productId(1000))));
    const events = await client.query<{ data: { ts: number; action: string; document: { id: string } }[] }>(
      q.Paginate(q.Documents(users), { events: true, size: 100 }),
    );
    const removed = events.data.find((e) => e.action === 'remove' && e.document.id === userIds.edsger)!;

    const { printed, connectorLog } = await runSnippet(2, t);
    assert.match(printed, /^users: 7 rows$/m);
    assert.match(printed, /^products: 3000 rows$/m);
    assert.equal(warnings(connectorLog), 1);
    const cache = await dumpCache();
    const rows = byRef(cache.tables.users);
    assert.equal(rows.size, cache.tables.users.length, 'deduplicated by ref');
    assert.deepEqual([...rows.keys()].sort(), Object.values(userIds).sort());
    assert.equal(JSON.parse(rows.get(userIds.alan)!.data!).name, 'Alan M. Turing');
    assert.equal(rows.get(userIds.alan)!.deleted_at, null);
    assert.equal(JSON.parse(rows.get(userIds.barbara)!.data!).name, 'Barbara Liskov');
    const deleted = rows.get(userIds.edsger)!;
    assert.equal(deleted.deleted_at_us, removed.ts, "the deletion time is the remove event's");
    assert.equal(deleted.ts, removed.ts);
    assert.equal(deleted.data, null);
    assert.match(rows.get(userIds.ada)!.data!, /"big_counter":9007199254740993[,}]/);
    // products is read in full: its rows are current, but nothing tells the cache a product is gone.
    assert.equal(cache.tables.products.length, 3000);
    assert.ok(cache.tables.products.some((row) => row.ref === productId(1000)));
    assert.deepEqual(readdirSync(join(work.dir, 'home')), [], 'nothing of PyAirbyte lands in HOME');
  });
});
