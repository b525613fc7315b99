// `npm start -- --tenants`: a tree of tenant databases (one per customer, the same collections in
// each, one nested under `eu`) synced as one connection in the union layout (docs/database-trees.md):
// discover, a first incremental sync, changes in two tenants and a new tenant, and a second sync
// that brings exactly those.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import faunadb from 'faunadb';
import { startEmulator, type RunningEmulator } from '../emulator/index.js';
import { lastStates } from './catalog.js';
import { ensureSucceeded, plural, runConnector } from './connector.js';

const ROOT_SECRET = 'secret';
const q = faunadb.query;
const say = (line: string) => process.stdout.write(`${line}\n`);

function run(server: RunningEmulator, path: string, expr: unknown): void {
  const secret = path === '' ? ROOT_SECRET : `${ROOT_SECRET}:${path}:admin`;
  const answer = server.engine.query({ secret, body: JSON.stringify(expr) });
  if (answer.status >= 300) throw new Error(`setting up ${path || 'the root'} failed: ${answer.body.slice(0, 200)}`);
}

function addTenant(server: RunningEmulator, parent: string, name: string, users: string[]): string {
  run(server, parent, q.CreateDatabase({ name }));
  const path = parent === '' ? name : `${parent}/${name}`;
  run(server, path, q.Do(q.CreateCollection({ name: 'users' }), q.CreateCollection({ name: 'orders' })));
  run(server, path, q.Foreach(users, q.Lambda('u', q.Create(q.Collection('users'), { data: { name: q.Var('u') } }))));
  run(server, path, q.Create(q.Collection('orders'), { data: { total: users.length * 10 } }));
  return path;
}

/** Records per database path, as the union's `database` column says. */
function perDatabase(messages: Array<Record<string, any>>): string {
  const counts = new Map<string, number>();
  for (const m of messages)
    if (m.type === 'RECORD') counts.set(m.record.data.database, (counts.get(m.record.data.database) ?? 0) + 1);
  return (
    [...counts]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([path, n]) => `${path || '(root)'}: ${n}`)
      .join(', ') || 'none'
  );
}

export async function tenantsStory(out: string): Promise<void> {
  const file = (name: string) => join(out, name);
  const server = await startEmulator({ port: 0, secret: ROOT_SECRET });
  try {
    run(server, '', q.CreateDatabase({ name: 'eu' }));
    const tenants = [
      addTenant(server, '', 'acme', ['ada', 'alan']),
      addTenant(server, '', 'globex', ['grace']),
      addTenant(server, 'eu', 'initech', ['edsger', 'barbara', 'ken']),
    ];
    say(`Local Fauna on ${server.url} with tenant databases ${tenants.join(', ')} (users, orders in each).`);
    const config = {
      domain: server.host,
      port: server.port,
      scheme: 'http',
      secret: ROOT_SECRET,
      fql_version: '10',
      databases: { scope: 'tree', layout: 'union' },
    };
    writeFileSync(file('config.json'), `${JSON.stringify(config, null, 2)}\n`);

    const discover = await runConnector(['discover', '--config', file('config.json')], file('1-discover.jsonl'));
    ensureSucceeded('discover', discover);
    const streams = discover.messages.find((m) => m.type === 'CATALOG')!.catalog.streams as Array<Record<string, any>>;
    const catalog = {
      streams: streams.map((stream) => ({
        stream,
        sync_mode: 'incremental',
        cursor_field: ['ts'],
        destination_sync_mode: 'append_dedup',
        primary_key: stream.source_defined_primary_key,
      })),
    };
    writeFileSync(file('configured_catalog.json'), `${JSON.stringify(catalog, null, 2)}\n`);
    const keys = streams.map((s) => `${s.name} [${s.source_defined_primary_key.flat().join(', ')}]`).join(', ');
    say(`1. discover  ${plural(streams.length, 'stream')} for the whole tree, keyed by: ${keys}`);

    const readArgs = ['read', '--config', file('config.json'), '--catalog', file('configured_catalog.json')];
    const first = await runConnector(readArgs, file('2-sync-1.jsonl'));
    ensureSucceeded('sync 1', first);
    writeFileSync(file('state.json'), `${JSON.stringify(lastStates(first.messages), null, 2)}\n`);
    say(`2. sync 1    records by database: ${perDatabase(first.messages)}`);

    run(server, 'acme', q.Create(q.Collection('users'), { data: { name: 'alonzo' } }));
    run(server, 'eu/initech', q.Create(q.Collection('orders'), { data: { total: 99 } }));
    addTenant(server, '', 'umbrella', ['claude']);
    say('3. changes   a user in acme, an order in eu/initech, a new tenant umbrella');

    const second = await runConnector([...readArgs, '--state', file('state.json')], file('4-sync-2.jsonl'));
    ensureSucceeded('sync 2', second);
    say(`4. sync 2    records by database: ${perDatabase(second.messages)}`);
    say(`\nAirbyte messages, config, catalog and state are in ${out}; see docs/database-trees.md.`);
  } finally {
    await server.close();
  }
}
