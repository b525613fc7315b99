// The readers the v10 serve bench times: each reads the whole `bench` collection page by page over
// one keep-alive connection and returns how many documents it was served.
import { Pool } from 'undici';

export const PAGE = Number(process.env.BENCH_V10_PAGE ?? 1000);

/** A running fauna-emulator's two APIs, over one HTTP/1.1 keep-alive connection. */
export class Api {
  private readonly pool: Pool;

  constructor(url: string) {
    this.pool = new Pool(url, { connections: 1, pipelining: 1 });
  }

  private async post(path: string, body: string, headers: Record<string, string>): Promise<string> {
    const response = await this.pool.request({
      path,
      method: 'POST',
      headers: { authorization: 'Bearer secret', ...headers },
      body,
    });
    const text = await response.body.text();
    if (response.statusCode >= 300)
      throw new Error(`${path} failed with ${response.statusCode}: ${text.slice(0, 300)}`);
    return text;
  }

  v4(body: string): Promise<string> {
    return this.post('/', body, { 'x-faunadb-api-version': '4' });
  }

  /** A v10 query as the connector sends it: tagged, untypechecked; its answer's `data`. */
  async v10<T>(fql: unknown[]): Promise<T> {
    const text = await this.post('/query/1', JSON.stringify({ query: { fql } }), {
      'x-format': 'tagged',
      'x-typecheck': 'false',
    });
    return (JSON.parse(text) as { data: T }).data;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

interface V4Page {
  data: unknown[];
  after?: unknown;
}
interface V10Page {
  data: unknown[];
  after?: string;
}
type Tagged<T> = { '@set': T } | T;

const untag = <T>(page: Tagged<T>): T => (page as { '@set'?: T })['@set'] ?? (page as T);
const lastId = (data: unknown[], path: (d: unknown) => string) => BigInt(path(data.at(-1)));
const v4Id = (d: unknown) => (d as { ref: { '@ref': { id: string } } }).ref['@ref'].id;
const v10Id = (d: unknown) => (d as { '@doc': { id: string } })['@doc'].id;
const long = (n: number | bigint) => ({ value: { '@long': String(n) } });
const epoch = (ts: number) => ['Time.epoch(', long(ts), ', "microseconds")'];

/** The collection's snapshot now (µs) and the ids of its first and last documents. */
export async function bounds(api: Api): Promise<{ ts: number; first: bigint; last: bigint }> {
  const text = await api.v4(
    '{"object":{"ts":{"to_micros":{"now":null}},"first":{"paginate":{"documents":{"collection":"bench"}},"size":1},"last":{"paginate":{"documents":{"collection":"bench"}},"size":1,"before":null}}}',
  );
  const { ts, first, last } = (JSON.parse(text) as { resource: Record<string, { data: unknown[] }> & { ts: number } })
    .resource;
  const id = (page: { data: unknown[] }) => BigInt((page.data[0] as { '@ref': { id: string } })['@ref'].id);
  return { ts, first: id(first), last: id(last) };
}

/** v4: Map(Paginate(Documents(C), {size}), Lambda(x, Get(x))), page after page by cursor. */
export async function readV4(api: Api): Promise<number> {
  let served = 0;
  let after: string | undefined;
  do {
    const body = `{"map":{"lambda":"x","expr":{"get":{"var":"x"}}},"collection":{"paginate":{"documents":{"collection":"bench"}},"size":${PAGE}${after === undefined ? '' : `,"after":${after}`}}}`;
    const page = (JSON.parse(await api.v4(body)) as { resource: V4Page }).resource;
    served += page.data.length;
    after = page.after === undefined ? undefined : JSON.stringify(page.after);
  } while (after !== undefined);
  return served;
}

/** v10: `Collection("bench").all().pageSize(n)`, then `Set.paginate(after)`. */
export async function readV10(api: Api): Promise<number> {
  let page = untag(await api.v10<Tagged<V10Page>>(['Collection(', { value: 'bench' }, `).all().pageSize(${PAGE})`]));
  let served = page.data.length;
  while (page.after !== undefined) {
    page = untag(await api.v10<Tagged<V10Page>>(['Set.paginate(', { value: page.after }, ')']));
    served += page.data.length;
  }
  return served;
}

/**
 * v4 at the snapshot, as the connector's full refresh reads a range: At(T, Map(Paginate(Range(
 * Documents(C), Ref(lo), Ref(hi)), {size}), Lambda(x, Get(x)))), lo moved past each page's last id.
 */
export async function readV4At(api: Api, ts: number, first: bigint, last: bigint): Promise<number> {
  const ref = (id: bigint) => `{"ref":{"collection":"bench"},"id":"${id}"}`;
  let served = 0;
  for (let lo = first; lo <= last;) {
    const body = `{"at":${ts},"expr":{"map":{"lambda":"x","expr":{"get":{"var":"x"}}},"collection":{"paginate":{"range":{"documents":{"collection":"bench"}},"from":${ref(lo)},"to":${ref(last)}},"size":${PAGE}}}}`;
    const page = (JSON.parse(await api.v4(body)) as { resource: V4Page }).resource;
    served += page.data.length;
    if (page.after === undefined) break;
    lo = lastId(page.data, v4Id) + 1n;
  }
  return served;
}

/**
 * v10 at the snapshot by range, as the connector starts a range:
 * `at (Time.epoch(T, "microseconds")) { Collection("bench").all({ from, to }).pageSize(n) }`,
 * `from` moved past each page's last id.
 */
export async function readV10AtRange(api: Api, ts: number, first: bigint, last: bigint): Promise<number> {
  let served = 0;
  for (let lo = first; lo <= last;) {
    const range = { value: { from: String(lo), to: String(last) } };
    const page = untag(
      await api.v10<Tagged<V10Page>>([
        'at (',
        ...epoch(ts),
        ') { Collection(',
        { value: 'bench' },
        ').all(',
        range,
        `).pageSize(${PAGE}) }`,
      ]),
    );
    served += page.data.length;
    if (page.after === undefined) break;
    lo = lastId(page.data, v10Id) + 1n;
  }
  return served;
}

/**
 * v10 at the snapshot by cursor, as the connector reads on in a range: its first page inside
 * `at (T)`, then `at (Time.epoch(T, "microseconds")) { Set.paginate(after, n) }`.
 */
export async function readV10AtCursor(api: Api, ts: number): Promise<number> {
  const at = (body: unknown[]) => ['at (', ...epoch(ts), ') { ', ...body, ' }'];
  let page = untag(
    await api.v10<Tagged<V10Page>>(at(['Collection(', { value: 'bench' }, `).all().pageSize(${PAGE})`])),
  );
  let served = page.data.length;
  while (page.after !== undefined) {
    page = untag(await api.v10<Tagged<V10Page>>(at(['Set.paginate(', { value: page.after }, `, ${PAGE})`])));
    served += page.data.length;
  }
  return served;
}
