// Query errors as Fauna reports them: code, description, position, and the HTTP status the most
// severe error of a response decides (the core's
// `ext/api/src/main/scala/api/fql1/APIResponse.scala`).
import type { Path } from '../../core/context.js';
import { typeName, type Value } from '../../core/values.js';

export type { Path };

/** One field's failure in a `validation failed` error, as the core lists them. */
export interface Failure {
  field: string[];
  code: string;
  description: string;
}

export class QueryError extends Error {
  constructor(
    readonly code: string,
    readonly description: string,
    readonly position: Path | undefined,
    readonly status = 400,
    readonly failures?: readonly Failure[],
  ) {
    super(description);
  }
}

export const invalidExpression = (d: string, pos: Path) => new QueryError('invalid expression', d, pos);
export const invalidArgument = (d: string, pos: Path) => new QueryError('invalid argument', d, pos);
export const invalidRef = (kind: string, name: string, pos: Path) =>
  new QueryError('invalid ref', `Ref refers to undefined ${kind} '${name}'`, pos);
export const permissionDenied = (pos: Path) =>
  new QueryError('permission denied', 'Insufficient privileges to perform the action.', pos, 403);
export const instanceNotFound = (d: string, pos: Path) => new QueryError('instance not found', d, pos, 404);
export const instanceExists = (d: string, pos: Path) => new QueryError('instance already exists', d, pos);
export const valueNotFound = (path: Value[], pos: Path) =>
  new QueryError('value not found', `Value not found at path [${path.map(String).join(',')}].`, pos, 404);
export const unauthorized = () => new QueryError('unauthorized', 'Unauthorized', undefined, 401);

export function expected(what: string, got: Value, pos: Path): QueryError {
  return invalidArgument(`${what} expected, ${typeName(got)} provided.`, pos);
}
