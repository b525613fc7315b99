import { parseArgs } from 'node:util';

export const USAGE =
  'usage: source-fauna spec | check --config F | discover --config F | read --config F --catalog F [--state F]';

/** What `--help` prints: the usage, then what each command answers. */
export const HELP = `${USAGE}

The Airbyte source for Fauna (FQL v4 and v10). Each command writes Airbyte messages on stdout,
one JSON object a line:
  spec                                      the configuration's JSON schema
  check --config F                          whether the config reaches and can read the database
  discover --config F                       the streams and their schemas
  read --config F --catalog F [--state F]   the records of the catalog's streams, with states
Guide: https://docs.airbyte.com/integrations/sources/fauna
`;

export type Command =
  | { command: 'help' }
  | { command: 'spec' }
  | { command: 'check' | 'discover'; config: string }
  | { command: 'read'; config: string; catalog: string; state?: string };

/** A command line that is not one of the four Airbyte commands; the message says what is wrong. */
export class UsageError extends Error {}

const OPTIONS = {
  spec: [],
  check: ['config'],
  discover: ['config'],
  read: ['config', 'catalog', 'state'],
} as const;

const REQUIRED: Record<keyof typeof OPTIONS, readonly string[]> = {
  spec: [],
  check: ['config'],
  discover: ['config'],
  read: ['config', 'catalog'],
};

export function parseCommand(argv: readonly string[]): Command {
  if (argv.some((arg) => arg === '--help' || arg === '-h')) return { command: 'help' };
  const [name, ...rest] = argv;
  if (name === undefined) throw new UsageError('missing command');
  if (!Object.hasOwn(OPTIONS, name)) throw new UsageError(`unknown command '${name}'`);
  const command = name as keyof typeof OPTIONS;
  const options = Object.fromEntries(OPTIONS[command].map((o) => [o, { type: 'string' as const }]));
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: [...rest], options, strict: true, allowPositionals: false }));
  } catch (err) {
    throw new UsageError(`${command}: ${(err as Error).message}`);
  }
  for (const required of REQUIRED[command]) {
    if (typeof values[required] !== 'string') throw new UsageError(`${command}: missing --${required} <file>`);
  }
  if (command === 'spec') return { command };
  if (command === 'read') {
    return {
      command,
      config: values.config as string,
      catalog: values.catalog as string,
      ...(typeof values.state === 'string' && { state: values.state }),
    };
  }
  return { command, config: values.config as string };
}
