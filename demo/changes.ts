// The data changes between the demo's two syncs: what an application would do to the database.
import type { Engine } from '../emulator/engine.js';
import {
  PRODUCT_COUNT,
  PRODUCTS,
  USERS,
  create,
  productId,
  remove,
  run,
  update,
  userIds,
} from '../emulator/demo-data.js';

export interface DemoChanges {
  created: string[];
  updated: string[];
  deleted: string[];
}

export function changeDemoData(engine: Engine, rootSecret: string): DemoChanges {
  const root = (expr: Parameters<typeof run>[2]) => run(engine, rootSecret, expr);
  root(
    create(USERS, userIds.barbara, {
      data: { name: 'Barbara Liskov', email: 'barbara@example.com', tags: ['abstraction'] },
    }),
  );
  root(update(USERS, userIds.alan, { email: 'alan.turing@example.com', tags: ['computing'] }));
  root(remove(USERS, userIds.edsger));
  root(remove(PRODUCTS, productId(PRODUCT_COUNT)));
  return {
    created: [`${USERS}/${userIds.barbara}`],
    updated: [`${USERS}/${userIds.alan}`],
    deleted: [`${USERS}/${userIds.edsger}`, `${PRODUCTS}/${productId(PRODUCT_COUNT)}`],
  };
}
