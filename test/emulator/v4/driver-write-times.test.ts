// Through the official v4 driver: write times on the core's 10 ms epoch grid when the server is
// idle, and the `typechecked` setting of a database made in v4, which v10 queries in it follow.
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import faunadb from 'faunadb';
import { fql } from 'fauna';
import { withEmulator } from '../../helpers/emulator.js';
import { q } from '../../helpers/driver.js';
import { v10Clients } from '../v10/driver.js';

describe('v4 write times and database settings through faunadb', () => {
  const emulator = withEmulator();
  let clients: ReturnType<typeof v10Clients> | undefined;
  after(() => clients?.close());

  test('idle writes fall on a 10 ms grid, in whole milliseconds, as the core commits in 10 ms epochs', async () => {
    const root: faunadb.Client = emulator.client('secret', 'http1');
    await root.query(q.CreateCollection({ name: 'ticks' }));
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      // More than one epoch apart: each write is alone in its epoch.
      await sleep(25);
      const doc: { ts: number } = await root.query(q.Create(q.Collection('ticks'), {}));
      times.push(doc.ts);
    }
    assert.ok(
      times.every((t) => t % 10_000 === 0),
      times.join(' '),
    );
  });

  test('CreateDatabase keeps typechecked, and v10 queries in that database follow it', async () => {
    const root: faunadb.Client = emulator.client('secret', 'http1');
    await root.query(q.CreateDatabase({ name: 'loose', typechecked: false }));
    clients = v10Clients(emulator, 'http1');
    const loose = clients.client('secret:loose:admin');
    assert.equal((await loose.query(fql`1 + 1`)).static_type, undefined);
    assert.equal((await clients.client().query(fql`1 + 1`)).static_type, 'Number');
    const db: { typechecked: boolean } = await root.query(q.Get(q.Database('loose')));
    assert.equal(db.typechecked, false);
  });
});
