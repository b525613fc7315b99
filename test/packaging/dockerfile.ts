// A small Dockerfile reader for the packaging tests: enough of the Dockerfile syntax
// (continuations, comments, stages, ENV/LABEL pairs, exec-form arrays) to check statically what
// Airbyte's acceptance tests check on a built image, since no Docker engine runs here.

export interface Instruction {
  keyword: string;
  args: string;
  line: number;
}
export interface Stage {
  from: string;
  name?: string;
  instructions: Instruction[];
}

export function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of instructions(text)) {
    if (instruction.keyword === 'FROM') {
      const [from, as, name] = instruction.args.split(/\s+/);
      stages.push({ from, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else if (stages.length === 0) {
      if (instruction.keyword !== 'ARG')
        throw new Error(`line ${instruction.line}: ${instruction.keyword} before FROM`);
    } else {
      stages[stages.length - 1].instructions.push(instruction);
    }
  }
  return stages;
}

function instructions(text: string): Instruction[] {
  const result: Instruction[] = [];
  let pending = '';
  let start = 0;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    // Comment lines are dropped even inside a continued instruction, as Docker does.
    if (line.startsWith('#') || (line === '' && pending === '')) return;
    if (pending === '') start = index + 1;
    const continued = line.endsWith('\\');
    pending += (pending ? ' ' : '') + (continued ? line.slice(0, -1).trim() : line);
    if (continued) return;
    const match = /^(\S+)\s*(.*)$/.exec(pending)!;
    result.push({ keyword: match[1].toUpperCase(), args: match[2], line: start });
    pending = '';
  });
  if (pending) throw new Error('Dockerfile ends inside a continued instruction');
  return result;
}

/** `ENV`/`LABEL` arguments: `k=v k2="v 2"` pairs, or the legacy `ENV k v` form. */
export function keyValues(args: string): Map<string, string> {
  const pairs = new Map<string, string>();
  if (!/^[^\s=]+=/.test(args)) {
    const [, key, value] = /^(\S+)\s+(.*)$/.exec(args) ?? [];
    if (key === undefined) throw new Error(`cannot read key and value from: ${args}`);
    pairs.set(key, unquote(value));
    return pairs;
  }
  const pair = /([^\s=]+)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g;
  let consumed = 0;
  for (const match of args.matchAll(pair)) {
    if (args.slice(consumed, match.index).trim() !== '') throw new Error(`cannot read key=value pairs from: ${args}`);
    pairs.set(match[1], unquote(match[2]));
    consumed = match.index! + match[0].length;
  }
  if (args.slice(consumed).trim() !== '') throw new Error(`cannot read key=value pairs from: ${args}`);
  return pairs;
}

function unquote(value: string): string {
  if (value.startsWith('"')) return JSON.parse(value) as string;
  if (value.startsWith("'")) return value.slice(1, -1);
  return value;
}

/** The exec form (`["a", "b"]`) as an array, or undefined for the shell form. */
export function execForm(args: string): string[] | undefined {
  if (!args.startsWith('[')) return undefined;
  const parsed: unknown = JSON.parse(args);
  if (!Array.isArray(parsed) || !parsed.every((part) => typeof part === 'string')) {
    throw new Error(`exec form must be a JSON array of strings: ${args}`);
  }
  return parsed;
}

/** What the final image is configured with: later instructions override earlier ones. */
export function imageConfig(stage: Stage) {
  const env = new Map<string, string>();
  const labels = new Map<string, string>();
  let entrypoint: Instruction | undefined;
  let user: string | undefined;
  for (const instruction of stage.instructions) {
    if (instruction.keyword === 'ENV') keyValues(instruction.args).forEach((v, k) => env.set(k, v));
    if (instruction.keyword === 'LABEL') keyValues(instruction.args).forEach((v, k) => labels.set(k, v));
    if (instruction.keyword === 'ENTRYPOINT') entrypoint = instruction;
    if (instruction.keyword === 'USER') user = instruction.args.trim();
  }
  return { env, labels, entrypoint, user };
}
