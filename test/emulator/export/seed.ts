// The databases behind test/fixtures/core-exports, made on the local server by the fixtures' own
// seed scripts, through the official drivers. seed-widedb.mjs runs as it is; seed-database.mjs
// runs with the FQL the local server lacks replaced by what stores the same values (query
// arguments for `-9223372036854775808` and Bytes(...), divisions for NaN and the infinities).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const FIXTURES = new URL('../../../../test/fixtures/core-exports/', import.meta.url);

const SUBSTITUTIONS: [string, string][] = [
  ['long_min: -9223372036854775808,', 'long_min: ${-9223372036854775808n},'],
  ['bytes: Bytes("AAEC/w==")', 'bytes: ${new Uint8Array(Buffer.from("AAEC/w==", "base64"))}'],
  ['Bytes.fromBase64("aGVsbG8gd29ybGQ=")', '${new Uint8Array(Buffer.from("aGVsbG8gd29ybGQ=", "base64"))}'],
  ['bytes_empty: Bytes("")', 'bytes_empty: ${new Uint8Array(0)}'],
  ['Math.NaN', '0.0 / 0.0'],
  ['-Math.Infinity', '-1.0 / 0.0'],
  ['Math.Infinity', '1.0 / 0.0'],
];

export interface ExportDb {
  /** Secrets of keys of the database, by role (`reader` is a user-defined role). */
  keys: Record<'admin' | 'server' | 'server-readonly' | 'client' | 'reader', string>;
  /** A token of the credential's document, from `Credential.byDocument(…)!.login(…)`. */
  token: string;
}

function env(url: string, rootSecret: string, name: string): NodeJS.ProcessEnv {
  return { ...process.env, FAUNA_ENDPOINT: url, FAUNA_SECRET: rootSecret, DB_NAME: name };
}

export async function seedExportDb(url: string, rootSecret: string, name: string): Promise<ExportDb> {
  let script = readFileSync(new URL('seed-database.mjs', FIXTURES), 'utf8');
  for (const [from, to] of SUBSTITUTIONS) {
    assert.equal(script.split(from).length, 2, `seed-database.mjs has ${from} once`);
    script = script.replace(from, () => to);
  }
  // Next to this module, so that the script's imports resolve to the repository's drivers.
  const local = fileURLToPath(new URL('seed-database.local.mjs', import.meta.url));
  writeFileSync(local, script);
  // The "TTL passed" document lives a second, and is past its ttl before anyone exports.
  const { stdout } = await run(process.execPath, [local], { env: { ...env(url, rootSecret, name), TTL_WAIT_S: '1' } });
  return JSON.parse(stdout) as ExportDb;
}

export async function seedWideDb(url: string, rootSecret: string, name: string): Promise<void> {
  await run(process.execPath, [fileURLToPath(new URL('seed-widedb.mjs', FIXTURES))], {
    env: env(url, rootSecret, name),
  });
}
