// Database paths: the chain of names below the key's database joined with "/" (the key's own is
// ""), the scoped secrets that reach them, and the include/exclude globs that pick them.
import picomatch from 'picomatch';
import type { TreeConfig } from '../config.js';
import { SetupError } from '../errors.js';

/** `<secret>:<path>:<role>`: the key's secret scoped to a descendant database and a built-in role. */
export function scopedSecret(secret: string, path: string, role: 'admin' | 'server-readonly'): string {
  return path === '' ? `${secret}:${role}` : `${secret}:${path}:${role}`;
}

export const childPath = (parent: string, name: string): string => (parent === '' ? name : `${parent}/${name}`);

/** The key's own database in messages. */
export const pathName = (path: string): string => (path === '' ? "the key's own database" : `database '${path}'`);

/**
 * The paths the patterns keep, in the order given. An include pattern that matches none of the
 * tree's databases is a mistake (a typo, a database that is gone), not an empty sync.
 */
export function keepPaths(paths: string[], tree: TreeConfig): string[] {
  // `*` stays within one name and `**` crosses "/", as in path globs; names may start with a dot.
  const matchers = (patterns: string[]) =>
    patterns.map((pattern) => ({ pattern, test: picomatch(pattern, { dot: true }) }));
  const include = matchers(tree.include);
  const exclude = matchers(tree.exclude);
  for (const { pattern, test } of include) {
    if (!paths.some((path) => test(path))) {
      throw new SetupError(
        `databases.include pattern '${pattern}' matches none of the ${paths.length} databases of the tree: ` +
          `fix the pattern (paths look like 'tenant_a' or 'eu/tenant_b'), or remove it`,
      );
    }
  }
  const kept = paths.filter(
    (path) =>
      (include.length === 0 || include.some(({ test }) => test(path))) && !exclude.some(({ test }) => test(path)),
  );
  if (kept.length === 0) {
    throw new SetupError(
      `databases.include and databases.exclude keep none of the ${paths.length} databases of the tree: loosen the patterns`,
    );
  }
  return kept;
}
