// The set-up guide's FQL, exactly as docs/setup-fauna.md prints it, run against the local server
// with the official driver; then the connector checks and discovers with the key it created.
// Blocks tagged `fql full-refresh` or `fql incremental` belong to one path of the guide; untagged
// `fql` blocks to both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import faunadb from 'faunadb';
import { startEmulator } from '../../emulator/index.js';
import { runCli } from '../helpers/cli.js';

const guide = readFileSync(new URL('../../../docs/setup-fauna.md', import.meta.url), 'utf8');
const blocks = [...guide.matchAll(/^```fql(?: ([\w-]+))?\n([\s\S]*?)^```$/gm)].map(([, tag, source]) => ({
  tag,
  source,
}));

/** FQL v4 shell syntax is JavaScript over the driver's query functions. */
function fql(source: string): unknown {
  return new Function('q', `with (q) { return (${source}); }`)(faunadb.query);
}

for (const path of ['full-refresh', 'incremental']) {
  test(`the guide's ${path} set-up gives a key the connector can sync with`, async () => {
    const server = await startEmulator({ port: 0 });
    const client = new faunadb.Client({ secret: 'secret', domain: server.host, port: server.port, scheme: 'http' });
    try {
      let secret: string | undefined;
      for (const block of blocks.filter((b) => b.tag === undefined || b.tag === path)) {
        const result = (await client.query(fql(block.source) as faunadb.Expr)) as { secret?: string };
        secret = result.secret ?? secret;
      }
      assert.ok(secret, 'the guide creates a key');
      const config = { domain: server.host, port: server.port, scheme: 'http', secret };

      const check = await runCli(['check'], { config });
      assert.equal(check.code, 0, check.stderr);
      assert.deepEqual(check.messages.find((m) => m.type === 'CONNECTION_STATUS')?.connectionStatus, {
        status: 'SUCCEEDED',
      });

      const discover = await runCli(['discover'], { config });
      assert.equal(discover.code, 0, discover.stderr);
      const streams = (discover.messages.find((m) => m.type === 'CATALOG')?.catalog.streams ?? []) as Array<{
        name: string;
        supported_sync_modes: string[];
      }>;
      const modes = Object.fromEntries(streams.map((s) => [s.name, s.supported_sync_modes]));
      assert.deepEqual(modes, {
        products: ['full_refresh'],
        users: path === 'incremental' ? ['full_refresh', 'incremental'] : ['full_refresh'],
      });
    } finally {
      await client.close({ force: true });
      await server.close();
    }
  });
}
