// The collections a v10 key can list (Collection.all(): their definitions), with what the read
// needs of each: its computed fields (not stored, so not data), its FSL field types (typed
// schema) and its history retention (how far back its feed and its cursors reach).
import type { FaunaClient, QueryAnswer } from '../../fauna/v10/client.js';
import type { Tagged } from '../../fauna/v10/tagged.js';
import type { Template } from '../../fauna/v10/template.js';
import { idEndsIn, type IdEnds } from './feed-ranges.js';
import {
  collectionsPage,
  databaseNamesPage,
  databasesAndCollections,
  nextPage,
  planStart,
  type PlanAsks,
} from './queries.js';
import { isObject } from '../../airbyte/json-kind.js';
import { early, type Early } from '../core/early.js';

type TaggedObject = { [key: string]: Tagged };

export interface CollectionInfo {
  name: string;
  /** Days of history kept; null: unlimited (a collection made in v4); 0: 15 minutes only. */
  historyDays: number | null;
  computed: Set<string>;
  /** The FSL field definitions, `{name: {signature, ...}}`; empty for a schemaless collection. */
  fields: TaggedObject;
}

const PAGE_SIZE = 1000;

export interface SetPage {
  data: Tagged[];
  after?: string;
}

/** A set page as v10 answers it: `@set {data, after?}` for a set, `{data, after?}` from Set.paginate. */
export function setPage(value: Tagged): SetPage {
  const object = value as TaggedObject | null;
  const page = (
    object !== null && typeof object === 'object' && '@set' in object ? object['@set'] : object
  ) as TaggedObject | null;
  if (page === null || typeof page !== 'object' || !Array.isArray(page.data)) {
    throw new TypeError(`Fauna answered a set page without data: ${JSON.stringify(value).slice(0, 200)}`);
  }
  return { data: page.data, ...(typeof page.after === 'string' && { after: page.after }) };
}

/** Every collection the key can list, from the first page on (`first`, when the caller asked for it already). */
export async function listCollections(client: FaunaClient, first?: Tagged): Promise<CollectionInfo[]> {
  return (await allOf(client, collectionsPage(PAGE_SIZE), first)).map(collectionInfo);
}

/** What the plan's first round trip brought besides the collections: event source tokens, the first answers of reads, id ends. */
export interface PlanExtras {
  tokens: Map<string, string>;
  /** By collection: the `readStart` answer, with the snapshot (txn_ts) of the round trip. */
  starts: Map<string, Early<QueryAnswer>>;
  ends: Map<string, IdEnds>;
}

/**
 * Every collection the key can list, and what `asks` asks for (by name; none for a name the
 * database lacks), all from the same first round trip. Should it fail, the collections are
 * listed alone and nothing else is made: each stream then sends its own queries, and a failure
 * is its stream's.
 */
export async function listWithExtras(
  client: FaunaClient,
  asks: PlanAsks,
  size: number,
): Promise<{ collections: CollectionInfo[] } & PlanExtras> {
  let answer: QueryAnswer;
  try {
    answer = await client.query(planStart(PAGE_SIZE, asks, size));
  } catch {
    return { collections: await listCollections(client), tokens: new Map(), starts: new Map(), ends: new Map() };
  }
  const data = answer.data as { collections: Tagged; sources: Tagged[]; starts: Tagged[]; ends: Tagged[] };
  const tokens = new Map<string, string>();
  asks.sources.forEach((name, i) => {
    const token = (data.sources[i] as { '@stream'?: unknown } | null)?.['@stream'];
    if (typeof token === 'string') tokens.set(name, token);
  });
  const started = new Map<string, Early<QueryAnswer>>();
  asks.starts.forEach((name, i) => {
    if (data.starts[i] !== null) started.set(name, early({ data: data.starts[i]!, txnTs: answer.txnTs }));
  });
  const ends = new Map<string, IdEnds>();
  asks.ends.forEach((name, i) => {
    if (data.ends[i] !== null) ends.set(name, idEndsIn(data.ends[i]!));
  });
  return { collections: await listCollections(client, data.collections), tokens, starts: started, ends };
}

/**
 * The names of the databases directly inside the key's database (none for a key that is not
 * admin), and, `withCollections`, the first page of its collection definitions from the same round trip.
 */
export async function listDatabases(
  client: FaunaClient,
  withCollections = false,
): Promise<{ names: string[]; collections?: Tagged }> {
  const first = withCollections
    ? ((await client.query(databasesAndCollections(PAGE_SIZE))).data as { databases: Tagged; collections: Tagged })
    : undefined;
  const names = (await allOf(client, databaseNamesPage(PAGE_SIZE), first?.databases)).filter(
    (name) => typeof name === 'string',
  );
  return { names, ...(first !== undefined && { collections: first.collections }) };
}

/** Every item of the set whose first page `first` asks for (`answered`: its answer, when the caller has it). */
async function allOf(client: FaunaClient, first: Template, answered?: Tagged): Promise<Tagged[]> {
  const items: Tagged[] = [];
  let page = setPage(answered ?? (await client.query(first)).data);
  for (;;) {
    items.push(...page.data);
    if (page.after === undefined) return items;
    page = setPage((await client.query(nextPage(page.after, PAGE_SIZE))).data);
  }
}

function collectionInfo(definition: Tagged): CollectionInfo {
  const doc = ((definition as TaggedObject)['@doc'] ?? definition) as TaggedObject;
  const days = doc.history_days as TaggedObject | null | undefined;
  const computed = doc.computed_fields;
  const fields = doc.fields;
  return {
    name: doc.name as string,
    historyDays: days === null || days === undefined ? (days === null ? null : 0) : Number(Object.values(days)[0]),
    computed: new Set(isObject(computed) ? Object.keys(computed) : []),
    fields: isObject(fields) ? fields : {},
  };
}
