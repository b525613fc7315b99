// Reads that outlive their snapshot, the same in FQL v4 and v10 (test/connector/snapshot-aging.test.ts,
// test/connector/v10/snapshot-aging.test.ts): the server's clock is moved past the history retention
// while the read runs.
import assert from 'node:assert/strict';
import { spawnCli, type CliResult, type Message } from './cli.js';
import { assertDocumented } from './documented.js';
import { advanceClock, type EmulatorHandle } from './emulator.js';
import { configuredCatalog, discoverCatalog, records, refs } from './sync.js';

export const MINUTE = 60e6;

/** The messages of the LOG messages of `level` that match `pattern`. */
export const logs = (result: CliResult, level: string, pattern: RegExp): string[] =>
  result.messages
    .filter((m) => m.type === 'LOG' && m.log.level === level && pattern.test(m.log.message))
    .map((m) => m.log.message);

/**
 * A full refresh of the collection `paused` (one document a page) with a pause longer than the
 * retention at its second checkpoint: it warns, as `documented` in the troubleshooting page says,
 * goes on at a new snapshot, and reads each of `ids` once.
 */
export async function fullRefreshPastRetention(
  server: EmulatorHandle,
  config: object,
  ids: string[],
  documented: string,
): Promise<void> {
  const catalog = configuredCatalog(await discoverCatalog(config), 'full_refresh');
  const running = spawnCli(['read'], { config, catalog });
  let checkpoints = 0;
  running.onMessage((message: Message) => {
    if (message.type === 'STATE' && ++checkpoints === 2) advanceClock(server, 20 * MINUTE);
  });
  const result = await running.result;
  assert.equal(result.code, 0, result.stdout.slice(-2000));
  const [warning] = logs(result, 'WARN', /aged out/);
  assert.match(
    warning!,
    /^paused: snapshot \d+ aged out of the collection's history retention during the read; reading on from the last document read, at snapshot \d+$/,
  );
  assertDocumented(warning, documented);
  assert.deepEqual(refs(records(result)), [...ids].sort(), 'every document once: nothing read again, nothing left out');
}
