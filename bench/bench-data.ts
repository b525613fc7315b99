// The bench's data, written straight to the in-process server's engine (set-up, not measured).
import faunadb from 'faunadb';
import type { RunningEmulator } from '../emulator/index.js';

const q = faunadb.query;
export const SECRET = 'secret';
const BATCH = 1000;

function run(emulator: RunningEmulator, expr: unknown): void {
  const response = emulator.engine.query({ secret: SECRET, body: JSON.stringify(expr) });
  if (response.status >= 300)
    throw new Error(`loading the bench data failed: ${response.status} ${response.body.slice(0, 500)}`);
}

/**
 * A collection of small documents with the usual mix (strings, numbers, a boolean, an array, a
 * time, a ref), and its [ts, ref] index for incremental syncs when `index` is set.
 */
export function loadDocuments(emulator: RunningEmulator, collection: string, count: number, index = false): void {
  run(emulator, q.CreateCollection({ name: collection }));
  run(emulator, q.If(q.Exists(q.Collection('owners')), null, q.CreateCollection({ name: 'owners' })));
  if (index)
    run(
      emulator,
      q.CreateIndex({
        name: `${collection}_by_ts`,
        source: q.Collection(collection),
        values: [{ field: 'ts' }, { field: 'ref' }],
      }),
    );
  for (let start = 0; start < count; start += BATCH) {
    const batch = [];
    for (let i = start; i < Math.min(count, start + BATCH); i++) {
      batch.push({
        name: `item-${i}`,
        n: i,
        price: i / 100,
        active: i % 2 === 0,
        tags: ['a', `t${i % 10}`],
        created: new faunadb.values.FaunaTime(new Date(1_600_000_000_000 + i * 1000).toISOString()),
        owner: q.Ref(q.Collection('owners'), String(1 + (i % 50))),
      });
    }
    run(emulator, q.Map(batch, q.Lambda('d', q.Create(q.Collection(collection), { data: q.Var('d') }))));
  }
}

/** `count` collections of one document each; returns their names. */
export function loadSmallCollections(emulator: RunningEmulator, count: number): string[] {
  const names = Array.from({ length: count }, (_, i) => `small_${String(i).padStart(3, '0')}`);
  run(emulator, q.Foreach(names, q.Lambda('name', q.CreateCollection({ name: q.Var('name') }))));
  run(emulator, q.Foreach(names, q.Lambda('name', q.Create(q.Collection(q.Var('name')), { data: { one: 1 } }))));
  return names;
}
