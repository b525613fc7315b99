// A stream is named by its name and, when it has one, its namespace (a database tree's
// "namespaces" layout: the database path): the key of a stream in catalogs, states and plans.
import type { StreamDescriptor } from './types.js';

/** The name alone without a namespace (so every stream of one database keeps its key); else both. */
export function streamKey(stream: { name: string; namespace?: string | null | undefined }): string {
  return typeof stream.namespace === 'string' ? JSON.stringify([stream.namespace, stream.name]) : stream.name;
}

/** The stream in messages: `name`, or `namespace.name`. */
export const streamLabel = (stream: StreamDescriptor): string =>
  stream.namespace === undefined ? stream.name : `${stream.namespace}.${stream.name}`;
