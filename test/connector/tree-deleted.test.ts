// A database of a tree deleted while discover lists the tree, and while discover reads it, FQL v4
// and v10: discover goes on without it and a WARN names it (src/source/tree/list.ts, discover.ts).
// Each is deleted as the first request under its scoped secret arrives at the local server.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import faunadb from 'faunadb';
import { runCli, type CliResult } from '../helpers/cli.js';
import { seeingQueries, withEmulator } from '../helpers/emulator.js';
import { writeNow } from '../helpers/fixtures.js';
import { sourceConfig } from '../helpers/sync.js';

const q = faunadb.query;

/** ta: users; tb: users, and below it tb/sub: orders; tc: users. */
const TREE: [parent: string, name: string, collection: string][] = [
  ['', 'ta', 'users'],
  ['', 'tb', 'users'],
  ['tb', 'sub', 'orders'],
  ['', 'tc', 'users'],
];

const admin = (path: string) => (path === '' ? 'secret' : `secret:${path}:admin`);

for (const fql_version of ['4', '10']) {
  describe(`database tree, FQL v${fql_version}: a database deleted during discover`, () => {
    const server = withEmulator();
    const config = () => sourceConfig(server.emulator(), {}, { fql_version, databases: { scope: 'tree' } });

    /** A discover during which `path` is deleted as the first request under its `secret` arrives. */
    const discoverDeleting = (path: string, secret: string): Promise<CliResult> => {
      let deleted = false;
      return seeingQueries(
        server,
        (request) => {
          if (deleted || request.secret !== secret) return;
          deleted = true;
          writeNow(server, q.Delete(q.Database(path)));
        },
        () => runCli(['discover'], { config: config() }),
      );
    };

    const outcome = (result: CliResult) => {
      assert.equal(result.code, 0, result.stdout.slice(-2000) + result.stderr);
      const streams = result.messages
        .find((m) => m.type === 'CATALOG')
        .catalog.streams.map((s: { name: string }) => s.name);
      const warnings = result.messages
        .filter((m) => m.type === 'LOG' && m.log.level === 'WARN')
        .map((m) => m.log.message);
      return { streams: streams.sort(), warnings };
    };

    test('setup', async () => {
      for (const [parent, name, collection] of TREE) {
        await server.client(admin(parent)).query(q.CreateDatabase({ name }));
        const path = parent === '' ? name : `${parent}/${name}`;
        await server.client(admin(path)).query(q.CreateCollection({ name: collection }));
      }
    });

    test('while the tree is listed: its children are not listed, a WARN names it', async () => {
      // tb has a child: it is listed under its own admin secret (a database without children is not, in FQL v4).
      const { streams, warnings } = outcome(await discoverDeleting('tb', admin('tb')));
      assert.deepEqual(streams, ['users'], 'tb/sub and its orders are gone with tb');
      assert.deepEqual(warnings, ["Database 'tb' was deleted while the tree was listed: it is skipped"]);
    });

    test('while its collections are read: a WARN names it, the other databases make the catalog', async () => {
      const { streams, warnings } = outcome(await discoverDeleting('ta', 'secret:ta:server-readonly'));
      assert.deepEqual(streams, ['users']);
      assert.deepEqual(warnings, ["database 'ta' was deleted during discover: it is skipped"]);
    });
  });
}
