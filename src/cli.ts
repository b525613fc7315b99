// `source-fauna`: the Airbyte source entry point. stdout carries Airbyte messages only. A wrong
// command line is reported on stderr with exit code 2; anything wrong in the input files is an
// Airbyte answer (a FAILED status for check, a config_error trace otherwise).
import { parseCommand, USAGE, UsageError, type Command } from './airbyte/args.js';
import { readJsonFile } from './airbyte/files.js';
import { errorTrace } from './airbyte/messages.js';
import { MessageWriter } from './airbyte/writer.js';
import { check } from './source/check.js';
import { configSecrets } from './source/config.js';
import { discover } from './source/discover.js';
import { describeFailure } from './source/errors.js';
import { read } from './source/read.js';
import { specification } from './source/spec.js';

async function run(command: Command, out: MessageWriter): Promise<number> {
  if (command.command === 'spec') {
    await out.emit({ type: 'SPEC', spec: specification });
    return 0;
  }
  const loadConfig = (): unknown => {
    const config = readJsonFile(command.config, 'config');
    out.redact(...configSecrets(config));
    return config;
  };
  if (command.command !== 'read') return command.command === 'check' ? check(loadConfig, out) : discover(loadConfig(), out);
  const config = loadConfig();
  const catalog = readJsonFile(command.catalog, 'catalog');
  const state = command.state === undefined ? undefined : readJsonFile(command.state, 'state');
  return read(config, catalog, state, out);
}

async function main(): Promise<number> {
  const out = new MessageWriter();
  let code: number;
  try {
    code = await run(parseCommand(process.argv.slice(2)), out);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`source-fauna: ${error.message}\n${USAGE}\n`);
      code = 2;
    } else {
      await out.emit(errorTrace(describeFailure(error)));
      code = 1;
    }
  }
  await out.close();
  return code;
}

// No process.exit(): it could cut the last lines still queued for the stdout pipe.
process.exitCode = await main();
