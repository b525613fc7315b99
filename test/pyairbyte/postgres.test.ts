// docs/running-without-platform.md's route into PostgreSQL (PyAirbyte's DuckDB cache, then a copy
// with psycopg), run as printed (only the server's port differs) against a real PostgreSQL server:
// ids, times and deletions must arrive exact, where PyAirbyte's PostgresCache would round ids.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { loadDemoData, productId, userIds } from '../../emulator/demo-data.js';
import { runCli } from '../helpers/cli.js';
import { withEmulator } from '../helpers/emulator.js';
import { q } from '../helpers/fixtures.js';
import { postgresBin, startPostgres, type PostgresServer } from '../helpers/postgres.js';
import { projectPython, REPOSITORY } from '../helpers/python.js';
import { PyAirbyteWorkspace } from './workspace.js';

const GUIDE = readFileSync(`${REPOSITORY}docs/running-without-platform.md`, 'utf8');
const SNIPPET = /^```python postgres\n([\s\S]*?)^```$/m.exec(GUIDE)?.[1];

describe('into PostgreSQL through the DuckDB cache, as the guide prints it', () => {
  const server = withEmulator();
  const bin = postgresBin();
  let secret: string;
  let python: string | undefined;
  let postgres: PostgresServer | undefined;
  let work: PyAirbyteWorkspace | undefined;

  before(async () => {
    secret = loadDemoData(server.emulator().engine, 'secret').secret;
    if (bin === undefined) return;
    python = projectPython('airbyte');
    if (python !== undefined) postgres = await startPostgres(bin);
  });
  after(async () => {
    work?.close();
    await postgres?.stop();
  });

  const skipped = (t: { skip(message: string): void }): boolean => {
    if (bin === undefined)
      t.skip('no PostgreSQL server binary (/usr/lib/postgresql/*/bin): apt-get install postgresql, as .ci/run does');
    else if (python === undefined) t.skip('python3 is not installed, so PyAirbyte cannot be run');
    return postgres === undefined;
  };

  const run = async (read: number): Promise<string> => {
    assert.ok(SNIPPET, 'the guide has a ```python postgres block');
    work ??= new PyAirbyteWorkspace(python!, secret);
    return (await work.runSnippet(SNIPPET, server.emulator(), `logs-${read}`, { POSTGRES_URL: postgres!.url })).printed;
  };

  /** Every ref the connector itself emits for `stream`, as text. */
  async function connectorRefs(stream: string): Promise<string[]> {
    const { host, port } = server.emulator();
    const result = await runCli(['read'], {
      config: { domain: host, port, scheme: 'http', secret },
      catalog: {
        streams: [
          {
            stream: { name: stream, json_schema: {}, supported_sync_modes: ['full_refresh'] },
            sync_mode: 'full_refresh',
            destination_sync_mode: 'overwrite',
          },
        ],
      },
    });
    return result.messages
      .filter((m) => m.type === 'RECORD')
      .map((m) => m.record.data.ref as string)
      .sort();
  }

  test('the first sync: typed columns, every id and time exact', async (t) => {
    if (skipped(t)) return;
    const printed = await run(1);
    assert.match(printed, /^users: 6 rows in PostgreSQL$/m);
    assert.match(printed, /^products: 3000 rows in PostgreSQL$/m);
    const types = await postgres!.query(
      `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'users' ORDER BY ordinal_position`,
    );
    assert.equal(
      types,
      [
        'ref\ttext',
        'ts\tbigint',
        'data\tjsonb',
        'ttl\ttimestamp with time zone',
        'deleted_at\ttimestamp with time zone',
      ].join('\n'),
    );
    for (const stream of ['users', 'products']) {
      assert.deepEqual(
        (await postgres!.query(`SELECT ref FROM ${stream} ORDER BY ref`)).split('\n'),
        await connectorRefs(stream),
        `${stream}: every id, every digit`,
      );
    }
    assert.equal(
      await postgres!.query(`SELECT data->>'big_counter', data->>'max_long' FROM users WHERE ref = '${userIds.ada}'`),
      '9007199254740993\t9223372036854775807',
    );
    assert.equal(
      await postgres!.query(`SELECT ttl AT TIME ZONE 'UTC' FROM users WHERE ref = '${userIds.grace}'`),
      '2100-01-01 00:00:00',
    );
    assert.equal(await postgres!.query('SELECT count(*) FROM users WHERE deleted_at IS NOT NULL'), '0');
  });

  test('after a deletion, the second sync marks that row alone, at the deletion time', async (t) => {
    if (skipped(t)) return;
    const client = server.rootClient();
    const users = q.Collection('users');
    await client.query(q.Delete(q.Ref(users, userIds.edsger)));
    const events = await client.query<{ data: { ts: number; action: string; document: { id: string } }[] }>(
      q.Paginate(q.Documents(users), { events: true, size: 100 }),
    );
    const removed = events.data.find((e) => e.action === 'remove' && e.document.id === userIds.edsger)!;
    const printed = await run(2);
    assert.match(printed, /^users: 6 rows in PostgreSQL$/m);
    const marked = await postgres!.query(
      `SELECT ref, (extract(epoch FROM deleted_at) * 1000000)::bigint, ts FROM users WHERE deleted_at IS NOT NULL`,
    );
    assert.equal(marked, `${userIds.edsger}\t${removed.ts}\t${removed.ts}`);
    assert.equal(await postgres!.query('SELECT count(*), count(DISTINCT ref) FROM products'), '3000\t3000');
    assert.equal(await postgres!.query(`SELECT count(*) FROM products WHERE ref = '${productId(1)}'`), '1');
  });
});
