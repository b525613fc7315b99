// `check` through the real CLI: its one CONNECTION_STATUS, whose message (and every WARN log)
// must be a documented one.
import assert from 'node:assert/strict';
import { runCli, type CliResult } from './cli.js';
import { assertDocumented } from './documented.js';

export interface CheckOutcome {
  result: CliResult;
  status: { status: string; message?: string };
}

export async function checkStatus(config: object): Promise<CheckOutcome> {
  const result = await runCli(['check'], { config });
  assert.equal(result.code, 0, result.stderr);
  const statuses = result.messages.filter((m) => m.type === 'CONNECTION_STATUS');
  assert.equal(statuses.length, 1, result.stdout);
  const status = statuses[0].connectionStatus;
  if (status.message !== undefined)
    assertDocumented(status.message.replace(/^Failed to connect to database: /, ''), 'check');
  for (const m of result.messages)
    if (m.type === 'LOG' && m.log.level === 'WARN') assertDocumented(m.log.message, 'check');
  return { result, status };
}
