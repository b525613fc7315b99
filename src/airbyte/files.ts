import { readFileSync } from 'node:fs';

/** An input file (config, catalog, state) that cannot be read or is not JSON. */
export class InputFileError extends Error {}

export function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw new InputFileError(`cannot read the ${what} file '${path}': ${reason}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // JSON.parse's message quotes the input, and a config file holds the secret: say no more.
    throw new InputFileError(`the ${what} file '${path}' is not valid JSON`);
  }
}
