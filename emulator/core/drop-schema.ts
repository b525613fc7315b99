// Dropping a schema document, the same for both APIs: v4's Delete(Collection(c)) and friends, v10's
// `.delete()` on a collection, index, role, key or database definition.
import { Collection } from '../store/collection.js';
import type { Database, Key } from '../store/database.js';
import { Index } from '../store/sorted-index.js';
import type { Ctx } from './context.js';

/** Removes a schema document (Delete(Collection(c)) and friends); undone if the transaction fails. */
export function dropSchema(ctx: Ctx, db: Database, native: string, name: string): void {
  const maps: Record<string, Map<string, unknown>> = {
    collections: db.collections,
    indexes: db.indexes,
    roles: db.roles,
    keys: db.keys,
    databases: db.databases,
    functions: db.functions,
    access_providers: db.accessProviders,
    tokens: db.tokens,
  };
  const map = maps[native];
  const item = map?.get(name);
  if (!map || item === undefined) return;
  map.delete(name);
  const undo: (() => void)[] = [() => map.set(name, item)];
  if (item instanceof Index) {
    const list = item.source.indexes;
    list.splice(list.indexOf(item), 1);
    undo.push(() => list.push(item));
  }
  if (item instanceof Collection) {
    // Its indexes go with it, as on Fauna.
    for (const index of [...item.indexes]) dropSchema(ctx, db, 'indexes', index.spec.name);
  }
  if (native === 'keys' || native === 'tokens') {
    const key = item as Key;
    ctx.state.keysBySecret.delete(key.secret);
    undo.push(() => ctx.state.keysBySecret.set(key.secret, key));
  }
  ctx.undo.push(() => undo.forEach((u) => u()));
}
