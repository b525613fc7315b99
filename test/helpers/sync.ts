// Inputs and outputs of connector runs: configs for a local server, catalogs from a discover,
// and the records, states and traces of a read.
import assert from 'node:assert/strict';
import { Ajv, type ValidateFunction } from 'ajv';
import { runCli, spawnCli, type CliInputs, type CliResult, type Message } from './cli.js';
import type { EmulatorHandle } from './emulator.js';
import { q, writeNow } from './fixtures.js';

export interface ServerAddress {
  host: string;
  port: number;
}

/** A connector config for the local server; `collection` settings merge into the defaults. */
export function sourceConfig(server: ServerAddress, collection: object = {}, extra: object = {}): object {
  return {
    domain: server.host,
    port: server.port,
    scheme: 'http',
    secret: 'secret',
    max_retries: 2,
    collection: { page_size: 2, deletions: { deletion_mode: 'ignore' }, ...collection },
    ...extra,
  };
}

export async function discoverCatalog(config: object): Promise<Message> {
  const result = await runCli(['discover'], { config });
  assert.equal(result.code, 0, `discover failed: ${result.stdout}${result.stderr}`);
  const catalogs = result.messages.filter((m) => m.type === 'CATALOG');
  assert.equal(catalogs.length, 1);
  return catalogs[0].catalog;
}

/** A configured catalog of the discovered streams (all, or those named), in one sync mode. */
export function configuredCatalog(
  catalog: Message,
  syncMode: 'full_refresh' | 'incremental',
  names?: string[],
): object {
  const streams = catalog.streams.filter((s: Message) => names === undefined || names.includes(s.name));
  return {
    streams: streams.map((stream: Message) => ({
      stream,
      sync_mode: syncMode,
      destination_sync_mode: syncMode === 'incremental' ? 'append_dedup' : 'overwrite',
      ...(syncMode === 'incremental' && { cursor_field: ['ts'] }),
      primary_key: [['ref']],
    })),
  };
}

export async function read(inputs: CliInputs): Promise<CliResult> {
  return runCli(['read'], inputs);
}

/**
 * A read during which, as its first checkpoint (STATE) arrives, documents of `ids` (in id order)
 * change straight on the server: the first (already emitted) and the last (not read yet) are
 * updated to `version: 2`, the one before the last is deleted, and a new one is created. With the
 * number of records emitted before those writes, which tells that they came in the middle.
 */
export async function readWritingAhead(
  server: EmulatorHandle,
  inputs: CliInputs,
  collection: string,
  ids: string[],
): Promise<{ result: CliResult; recordsBeforeWrite: number; deleted: string }> {
  const deleted = ids.at(-2)!;
  const running = spawnCli(['read'], inputs);
  let recordsBeforeWrite = -1;
  let seen = 0;
  running.onMessage((message) => {
    if (message.type === 'RECORD') seen++;
    if (message.type !== 'STATE' || recordsBeforeWrite >= 0) return;
    recordsBeforeWrite = seen;
    for (const id of [ids[0]!, ids.at(-1)!])
      writeNow(server, q.Update(q.Ref(q.Collection(collection), id), { data: { version: 2 } }));
    writeNow(server, q.Delete(q.Ref(q.Collection(collection), deleted)));
    writeNow(server, q.Create(q.Collection(collection), { data: { i: 'new', version: 2 } }));
  });
  return { result: await running.result, recordsBeforeWrite, deleted };
}

export async function readOk(inputs: CliInputs): Promise<CliResult> {
  const result = await read(inputs);
  assert.equal(result.code, 0, `read failed: ${result.stdout.slice(-2000)}${result.stderr}`);
  return result;
}

export const records = (result: CliResult, stream?: string): Message[] =>
  result.messages
    .filter((m) => m.type === 'RECORD' && (stream === undefined || m.record.stream === stream))
    .map((m) => m.record);

export const states = (result: CliResult, stream?: string): Message[] =>
  result.messages
    .filter((m) => m.type === 'STATE' && (stream === undefined || m.state.stream.stream_descriptor.name === stream))
    .map((m) => m.state);

export const errors = (result: CliResult): Message[] =>
  result.messages.filter((m) => m.type === 'TRACE' && m.trace.type === 'ERROR').map((m) => m.trace.error);

export const statuses = (result: CliResult, stream: string): string[] =>
  result.messages
    .filter(
      (m) =>
        m.type === 'TRACE' &&
        m.trace.type === 'STREAM_STATUS' &&
        m.trace.stream_status.stream_descriptor.name === stream,
    )
    .map((m) => m.trace.stream_status.status);

/** The last record of each document over `results` (in order): what a deduplicating destination keeps. */
export function latestByRef(
  ...results: CliResult[]
): Map<string, { data?: { version?: number }; deleted_at?: string }> {
  const latest = new Map<string, { data?: { version?: number }; deleted_at?: string }>();
  for (const record of results.flatMap((result) => records(result))) latest.set(record.data.ref, record.data);
  return latest;
}

/** The state file for the next read: the last state of each stream, as the platform builds it. */
export function nextState(result: CliResult, previous: Message[] = []): Message[] {
  const byStream = new Map<string, Message>(previous.map((s) => [s.stream.stream_descriptor.name, s]));
  for (const state of states(result)) {
    byStream.set(state.stream.stream_descriptor.name, { type: 'STREAM', stream: state.stream });
  }
  return [...byStream.values()];
}

/** The refs of record data, sorted, for set comparisons. */
export const refs = (data: Message[]): string[] => data.map((r) => r.data.ref as string).sort();

// CAT's lenient date-time check: "YYYY-M-D[ T]h:m:s[.frac]..." (CustomFormatChecker.check_datetime in
// airbyte-integrations/bases/connector-acceptance-test/connector_acceptance_test/utils/asserts.py of airbytehq/airbyte).
const DATE_TIME = /^\d{4}-\d{1,2}-\d{1,2}[ T]\d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * CAT's basic-read schema validation: every record matches its stream's discovered json_schema
 * with top-level additionalProperties forced to false, and its primary key is a scalar.
 */
export function assertRecordsMatchCatalog(result: CliResult, catalog: Message): void {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat('date-time', DATE_TIME);
  ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
  const validators = new Map<string, ValidateFunction>(
    catalog.streams.map((stream: Message) => [
      stream.name,
      ajv.compile({ ...stream.json_schema, additionalProperties: false }),
    ]),
  );
  for (const record of records(result)) {
    const validate = validators.get(record.stream);
    assert.ok(validate, `a record of an undiscovered stream ${record.stream}`);
    assert.ok(
      validate(record.data),
      `${record.stream} record ${JSON.stringify(record.data)}: ${JSON.stringify(validate.errors)}`,
    );
    assert.equal(typeof record.data.ref, 'string');
  }
}

/**
 * The acceptance tests' state checks, plus ours: each stream ends with a state, recordCount counts
 * the records since the stream's previous state, and no state repeats the previous one with no
 * records between.
 */
export function assertStateMessages(result: CliResult, streams: string[]): void {
  assert.ok(states(result).length >= streams.length);
  for (const state of states(result)) {
    assert.equal(state.type, 'STREAM');
    assert.equal(typeof state.sourceStats?.recordCount, 'number');
  }
  for (const stream of streams) {
    const mine = result.messages.filter(
      (m) =>
        (m.type === 'RECORD' && m.record.stream === stream) ||
        (m.type === 'STATE' && m.state.stream.stream_descriptor.name === stream),
    );
    assert.equal(mine.at(-1)?.type, 'STATE', `${stream}: the last message is a state`);
    let count = 0;
    let previous: string | undefined;
    for (const message of mine) {
      if (message.type === 'RECORD') {
        count++;
        continue;
      }
      assert.equal(
        message.state.sourceStats.recordCount,
        count,
        `${stream}: recordCount counts the records since the last state`,
      );
      const serialized = JSON.stringify(message.state.stream.stream_state);
      assert.ok(count > 0 || serialized !== previous, `${stream}: a repeated state with no records between`);
      previous = serialized;
      count = 0;
    }
  }
}
