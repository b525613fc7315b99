// Test data on the local server, written with the official driver.
import assert from 'node:assert/strict';
import faunadb from 'faunadb';
import type { EmulatorHandle } from './emulator.js';

export const q = faunadb.query;

/** A collection with history kept forever, and optionally its [ts, ref] incremental index. */
export async function createCollection(client: faunadb.Client, name: string, index?: string): Promise<void> {
  await client.query(q.CreateCollection({ name, history_days: null }));
  if (index !== undefined) {
    await client.query(
      q.CreateIndex({
        name: index,
        source: q.Collection(name),
        terms: [],
        values: [{ field: 'ts' }, { field: 'ref' }],
      }),
    );
  }
}

/** Creates documents with the given data (one transaction each); returns their ids in order. */
export async function createDocuments(client: faunadb.Client, collection: string, data: object[]): Promise<string[]> {
  const ids: string[] = [];
  for (const fields of data) {
    const doc = await client.query<{ ref: faunadb.values.Ref }>(q.Create(q.Collection(collection), { data: fields }));
    ids.push(doc.ref.id);
  }
  return ids;
}

export function update(client: faunadb.Client, collection: string, id: string, data: object): Promise<unknown> {
  return client.query(q.Update(q.Ref(q.Collection(collection), id), { data }));
}

export function remove(client: faunadb.Client, collection: string, id: string): Promise<unknown> {
  return client.query(q.Delete(q.Ref(q.Collection(collection), id)));
}

/** A key with a custom read-only role over the given privileges; returns its secret. */
export async function readOnlyKey(
  client: faunadb.Client,
  role: string,
  privileges: faunadb.ExprArg[],
): Promise<string> {
  await client.query(q.CreateRole({ name: role, privileges }));
  const key = await client.query<{ secret: string }>(q.CreateKey({ name: role, role: q.Role(role) }));
  return key.secret;
}

export const read = (resource: faunadb.ExprArg): faunadb.ExprArg => ({ resource, actions: { read: true } });

/** Runs a v4 query straight on the server's engine, at once, past its HTTP latency; v10 sees its writes too. */
export function writeNow(server: EmulatorHandle, expr: unknown): void {
  const response = server.emulator().engine.query({ secret: 'secret', body: JSON.stringify(expr) });
  assert.ok(response.status < 300, response.body);
}
