// FQL v10 page entries that are not documents. A server that renders a later page of a snapshot
// read at the current time (as Set.paginate alone does on the core) answers a document deleted
// since the snapshot as a null document; anything else may come too. Such an entry is named in a
// WARN and skipped, never thrown: the feed from the snapshot brings what changed. A proxy in
// front of the local server rewrites the first later page, as such a server would answer it.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Client } from 'fauna';
import { assertDocumented } from '../../helpers/documented.js';
import { withEmulator } from '../../helpers/emulator.js';
import { configuredCatalog, discoverCatalog, readOk, records, refs } from '../../helpers/sync.js';
import { createV10Collection, DELETIONS, fql, run, v10Client, v10Config } from './helpers.js';

type Entry = { '@doc'?: { id: string; coll: unknown } } | null;

/**
 * Forwards every request to `target`; in the first answer to a Set.paginate query, the first
 * entry becomes the null document of its id (after `nulled(id)` ran) and the second a number.
 */
function rewritingProxy(target: string, nulled: (id: string) => Promise<void>): http.Server {
  let rewritten = false;
  return http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(
        Object.entries(request.headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name)),
      ) as Record<string, string>;
      const answer = await fetch(`${target}${request.url}`, { method: request.method!, headers, body });
      let text = await answer.text();
      if (!rewritten && answer.status === 200 && body.includes('Set.paginate')) {
        rewritten = true;
        const parsed = JSON.parse(text) as { data: { data: Entry[] } };
        const entries = parsed.data.data;
        const { id, coll } = entries[0]!['@doc']!;
        await nulled(id);
        entries[0] = { '@ref': { id, coll, exists: false, cause: 'not found' } } as unknown as Entry;
        entries[1] = { '@int': '7' } as unknown as Entry;
        text = JSON.stringify(parsed);
      }
      response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
      response.end(text);
    });
  });
}

describe('FQL v10: page entries that are not documents', () => {
  const server = withEmulator();
  let client: Client;
  let proxy: http.Server;
  let deleted: string | undefined;

  before(async () => {
    client = v10Client(server);
    proxy = rewritingProxy(server.url(), async (id) => {
      deleted = id;
      await run(client, fql`entries.byId(${id})!.delete()`);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  });
  after(async () => {
    await new Promise((resolve) => proxy.close(resolve));
    await client.close();
  });

  test('are named in a WARN and skipped; the feed brings the deletion', async () => {
    await createV10Collection(client, 'entries');
    const ids = (await run(
      client,
      fql`Set.sequence(0, 7).toArray().map(i => entries.create({ i: i }).id)`,
    )) as string[];
    const { port } = proxy.address() as AddressInfo;
    const config = {
      ...v10Config(server, { name: 'entries', page_size: 2, deletions: DELETIONS }, { max_concurrency: 1 }),
      port,
    };
    const catalog = configuredCatalog(await discoverCatalog(config), 'incremental');
    const result = await readOk({ config, catalog });

    assert.ok(deleted !== undefined, 'a later page was read');
    const warnings = result.messages
      .filter((m) => m.type === 'LOG' && m.log.level === 'WARN')
      .map((m) => m.log.message as string);
    assert.equal(warnings.length, 2, warnings.join('\n'));
    assert.match(
      warnings[0]!,
      new RegExp(
        `^entries: Skipped document ${deleted} \\(a null document, not found\\) in a page of 'entries' read at snapshot \\d+`,
      ),
    );
    assert.match(warnings[1]!, /^entries: Skipped an entry that is no document \(@int\) in a page of 'entries'/);
    for (const warning of warnings) assertDocumented(warning, 'v10 page entry that is not a document');

    const documents = records(result).filter((r) => r.data.deleted_at === undefined);
    const skipped = ids[ids.indexOf(deleted!) + 1]!;
    assert.deepEqual(
      refs(documents),
      ids.filter((id) => id !== deleted && id !== skipped).sort(),
      'every other document, once',
    );
    assert.deepEqual(
      records(result)
        .filter((r) => r.data.deleted_at !== undefined)
        .map((r) => r.data.ref),
      [deleted],
      'the deletion, from the feed',
    );
  });
});
