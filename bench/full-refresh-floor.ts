// The floor of a full refresh: the same wire pages the connector fetches (same query, same page
// size, one keep-alive connection), parsed with JSON.parse and printed as one JSON line per
// document. No decoding, no Airbyte envelope, no state, no retries: what any reader must pay.
//
// usage: node full-refresh-floor.js <url> <secret> <collection> <page size>
import { once } from 'node:events';
import { Pool } from 'undici';

const [url, secret, collection, pageSizeText] = process.argv.slice(2);
if (!url || !secret || !collection || !pageSizeText) {
  process.stderr.write('usage: full-refresh-floor <url> <secret> <collection> <page size>\n');
  process.exit(2);
}
const pageSize = Number(pageSizeText);
const pool = new Pool(url, { connections: 1 });
const headers = { authorization: `Bearer ${secret}`, 'x-faunadb-api-version': '4', 'content-type': 'application/json' };

async function query(body: string): Promise<unknown> {
  const response = await pool.request({ path: '/', method: 'POST', headers, body });
  const text = await response.body.text();
  if (response.statusCode !== 200) throw new Error(`Fauna answered ${response.statusCode}: ${text}`);
  return (JSON.parse(text) as { resource: unknown }).resource;
}

interface Page {
  data: unknown[];
  after?: unknown;
}

const snapshot = await query('{"to_micros":{"now":null}}');
let after: unknown;
do {
  // At(snapshot, Map(Paginate(Documents(Collection(c)), {size, after}), Lambda('x', Get(Var('x'))))).
  // A Documents cursor is an array of @ref values, which evaluate to themselves: sent back as is.
  const paginate = {
    paginate: { documents: { collection } },
    size: pageSize,
    ...(after === undefined ? {} : { after }),
  };
  const body = JSON.stringify({
    at: snapshot,
    expr: { map: { lambda: 'x', expr: { get: { var: 'x' } } }, collection: paginate },
  });
  const page = (await query(body)) as Page;
  let chunk = '';
  for (const document of page.data) chunk += JSON.stringify(document) + '\n';
  if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
  after = page.after;
} while (after !== undefined);
await pool.close();
