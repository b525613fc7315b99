// `npm start`: a real sync story against an embedded local Fauna. Starts the server on a free
// port, loads the demo database, then runs the connector CLI as Airbyte would: check, discover,
// a first sync (products in full refresh, users incremental), data changes, and an incremental
// sync with deletions from the state of the first. Messages go to files; the terminal gets a
// short summary per step.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startEmulator } from '../emulator/index.js';
import { loadDemoData } from '../emulator/demo-data.js';
import { changeDemoData } from './changes.js';
import { ensureSucceeded, plural, runConnector, type ConnectorRun } from './connector.js';
import { tenantsStory } from './tenants.js';
import { configuredCatalog, lastStates, type CatalogStream } from './catalog.js';

const ROOT_SECRET = 'secret';

const { values } = parseArgs({
  options: { out: { type: 'string' }, help: { type: 'boolean' }, tenants: { type: 'boolean' } },
});

function outputDirectory(): string {
  if (values.help) {
    process.stdout.write(
      'usage: npm start [-- --out DIR] [-- --tenants]   (Airbyte messages are written under DIR, default a new temp ' +
        'folder; --tenants: a tree of tenant databases synced as one connection)\n',
    );
    process.exit(0);
  }
  if (!values.out) return mkdtempSync(join(tmpdir(), 'source-fauna-demo-'));
  mkdirSync(values.out, { recursive: true });
  return resolve(values.out);
}

const say = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (run: { seconds: number }) => `${run.seconds.toFixed(2)} s`;

function syncSummary(run: ConnectorRun, streams: CatalogStream[]): string {
  return streams
    .map((s) => {
      const counts = run.perStream.get(s.name) ?? { records: 0, states: 0 };
      return `${s.name} (${s.syncMode}): ${plural(counts.records, 'record')}, ${plural(counts.states, 'state')}`;
    })
    .join(' | ');
}

async function main() {
  const out = outputDirectory();
  const file = (name: string) => join(out, name);
  const server = await startEmulator({ port: 0, secret: ROOT_SECRET });
  try {
    const { secret, documents } = loadDemoData(server.engine, ROOT_SECRET);
    const contents = Object.entries(documents)
      .map(([name, count]) => `${name} (${plural(count, 'document')})`)
      .join(', ');
    say(`Local Fauna on ${server.url} with the demo database: ${contents}.`);
    const config = {
      domain: server.host,
      port: server.port,
      scheme: 'http',
      secret,
      collection: { page_size: 250, deletions: { deletion_mode: 'deleted_field', column: 'deleted_at' } },
    };
    writeFileSync(file('config.json'), `${JSON.stringify(config, null, 2)}\n`);

    const check = await runConnector(['check', '--config', file('config.json')], file('1-check.jsonl'));
    ensureSucceeded('check', check);
    const status = check.messages.find((m) => m.type === 'CONNECTION_STATUS')?.connectionStatus;
    if (status?.status !== 'SUCCEEDED') throw new Error(`check answered ${status?.status}: ${status?.message}`);
    say(`1. check     ${status.status}  (${seconds(check)})`);

    const discover = await runConnector(['discover', '--config', file('config.json')], file('2-discover.jsonl'));
    ensureSucceeded('discover', discover);
    const catalog = configuredCatalog(discover.messages.find((m) => m.type === 'CATALOG')!.catalog);
    writeFileSync(file('configured_catalog.json'), `${JSON.stringify(catalog.configured, null, 2)}\n`);
    const modes = catalog.streams.map((s) => `${s.name} [${s.supported.join(', ')}]`).join(', ');
    say(`2. discover  ${catalog.streams.length} streams: ${modes}  (${seconds(discover)})`);

    const readArgs = ['read', '--config', file('config.json'), '--catalog', file('configured_catalog.json')];
    const first = await runConnector(readArgs, file('3-sync-1.jsonl'));
    ensureSucceeded('sync 1', first);
    writeFileSync(file('state.json'), `${JSON.stringify(lastStates(first.messages), null, 2)}\n`);
    say(`3. sync 1    ${syncSummary(first, catalog.streams)}  (${seconds(first)})`);

    const changes = changeDemoData(server.engine, ROOT_SECRET);
    say(
      `4. changes   created ${changes.created.join(', ')}; updated ${changes.updated.join(', ')}; deleted ${changes.deleted.join(', ')}`,
    );

    const second = await runConnector([...readArgs, '--state', file('state.json')], file('5-sync-2.jsonl'));
    ensureSucceeded('sync 2', second);
    say(`5. sync 2    ${syncSummary(second, catalog.streams)}  (${seconds(second)})`);

    say(`\nAirbyte messages, config, catalog and state are in ${out}`);
    say('Serve the same data by hand with `npx fauna-emulator --demo`; see docs/running.md.');
  } finally {
    await server.close();
  }
}

(values.tenants ? tenantsStory(outputDirectory()) : main()).catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
