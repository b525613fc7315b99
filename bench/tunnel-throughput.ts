// Throughput of a full refresh through the SSH tunnel against the same read made directly, at the
// same concurrency (the connector's own), from the local server: a bastion of OpenSSH's sshd when
// it can run here (root, installed), else an in-process ssh2 server. Prints records/s per run.
//
// usage: node dist/bench/tunnel-throughput.js [--docs N] [--runs N] [--page-size N]
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import faunadb from 'faunadb';
import { startEmulator } from '../emulator/index.js';
import { sshdUnavailable, sshKeyPair, startPasswordBastion, startSshd } from '../test/helpers/ssh.js';

const q = faunadb.query;
const BIN = fileURLToPath(new URL('../../bin/source-fauna.js', import.meta.url));
const { values } = parseArgs({
  options: {
    docs: { type: 'string', default: '20000' },
    runs: { type: 'string', default: '3' },
    'page-size': { type: 'string', default: '1000' },
  },
});
const docs = Number(values.docs);

const emulator = await startEmulator({ port: 0 });
emulator.engine.query({ secret: 'secret', body: JSON.stringify(q.CreateCollection({ name: 'bench' })) });
for (let start = 0; start < docs; start += 1000) {
  const batch = Array.from({ length: Math.min(1000, docs - start) }, (_, i) => ({
    name: `item-${start + i}`,
    n: start + i,
    tags: ['a', 'b'],
  }));
  emulator.engine.query({
    secret: 'secret',
    body: JSON.stringify(q.Map(batch, q.Lambda('d', q.Create(q.Collection('bench'), { data: q.Var('d') })))),
  });
}

const dir = mkdtempSync(join(tmpdir(), 'source-fauna-tunnel-bench-'));
const key = sshKeyPair(dir, 'bench');
const useSshd = sshdUnavailable() === undefined;
const bastion = useSshd ? await startSshd(key.publicKey) : await startPasswordBastion('bench', 'bench-password');
const tunnel = useSshd
  ? {
      tunnel_method: 'SSH_KEY_AUTH',
      tunnel_host: bastion.host,
      tunnel_port: bastion.port,
      tunnel_user: bastion.user,
      ssh_key: key.privateKey,
    }
  : {
      tunnel_method: 'SSH_PASSWORD_AUTH',
      tunnel_host: bastion.host,
      tunnel_port: bastion.port,
      tunnel_user: 'bench',
      tunnel_user_password: 'bench-password',
    };
const base = {
  domain: '127.0.0.1',
  port: emulator.port,
  scheme: 'http',
  secret: 'secret',
  collection: { page_size: Number(values['page-size']) },
};
const catalog = {
  streams: [
    {
      stream: { name: 'bench', json_schema: {}, supported_sync_modes: ['full_refresh'] },
      sync_mode: 'full_refresh',
      destination_sync_mode: 'overwrite',
    },
  ],
};
writeFileSync(join(dir, 'catalog.json'), JSON.stringify(catalog));

async function read(name: string, config: object): Promise<number> {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(config));
  const started = performance.now();
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [BIN, 'read', '--config', file, '--catalog', join(dir, 'catalog.json')],
    { maxBuffer: 1 << 30 },
  );
  const seconds = (performance.now() - started) / 1000;
  const records = stdout.split('\n').filter((line) => line.startsWith('{"type":"RECORD"')).length;
  if (records !== docs) throw new Error(`${name}: ${records} records, expected ${docs}`);
  return docs / seconds;
}

console.log(
  `${docs} documents, page_size ${values['page-size']}, bastion: ${useSshd ? 'OpenSSH sshd' : 'in-process ssh2 server'}`,
);
try {
  for (let run = 1; run <= Number(values.runs); run++) {
    const direct = await read('direct', base);
    const tunnelled = await read('tunnel', { ...base, tunnel_method: tunnel });
    console.log(
      `run ${run}: direct ${direct.toFixed(0)} records/s, tunnel ${tunnelled.toFixed(0)} records/s (${((tunnelled / direct) * 100).toFixed(0)}%)`,
    );
  }
} finally {
  await bastion.stop();
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
}
