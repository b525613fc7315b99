// `source-fauna`: the Airbyte source entry point. stdout carries Airbyte messages only, or the
// help that --help asks for. A wrong command line is reported on stderr with exit code 2;
// anything wrong in the input files is an Airbyte answer (a FAILED status for check, a config_error trace otherwise).
import { HELP, parseCommand, USAGE, UsageError, type Command } from './airbyte/args.js';
import { readJsonFile } from './airbyte/files.js';
import { errorTrace } from './airbyte/messages.js';
import { MessageWriter } from './airbyte/writer.js';
import { configSecrets } from './source/config.js';
import { describeFailure } from './source/errors.js';

// Each command loads only its own modules: a read starts its first query sooner without discover's sampling.
async function run(command: Command, out: MessageWriter): Promise<number> {
  if (command.command === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  if (command.command === 'spec') {
    const { specification } = await import('./source/spec.js');
    await out.emit({ type: 'SPEC', spec: specification });
    return 0;
  }
  const loadConfig = (): unknown => {
    const config = readJsonFile(command.config, 'config');
    out.redact(...configSecrets(config));
    return config;
  };
  if (command.command !== 'read') {
    if (command.command === 'check') return (await import('./source/check.js')).check(loadConfig, out);
    return (await import('./source/discover.js')).discover(loadConfig(), out);
  }
  const { read } = await import('./source/read.js');
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
