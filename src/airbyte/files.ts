import { readFileSync } from 'node:fs';

export type InputFile = 'config' | 'catalog' | 'state';

/**
 * An input file the connector cannot use: unreadable, not JSON, or (the state) not an Airbyte
 * state. The user fixes it, so it is a config_error; the message names the file and the fix.
 */
export class InputError extends Error {}

const FIX: Record<InputFile, string> = {
  config: "pass the path of the connector's JSON config file",
  catalog: 'pass the path of a configured catalog (JSON) built from the output of discover',
  state: 'pass the path of the state the connector last emitted, or leave out --state to sync from scratch',
};

export function readJsonFile(path: string, what: InputFile): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'it is a folder'
            : (err as Error).message;
    throw new InputError(`Cannot read the ${what} file '${path}': ${reason}; ${FIX[what]}`);
  }
  if (text.trim() === '') throw new InputError(`The ${what} file '${path}' is empty; ${FIX[what]}`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // JSON.parse's message quotes the input, and a config file holds the secret: say no more.
    throw new InputError(`The ${what} file '${path}' is not valid JSON; fix its syntax or ${FIX[what]}`);
  }
}
