import assert from 'node:assert/strict';
import faunadb from 'faunadb';

/** Assertions on what faunadb-js raises, as a user of the driver sees it. */

type ErrorClass = new (...args: never[]) => faunadb.errors.FaunaHTTPError;

const STATUS = new Map<ErrorClass, number>([
  [faunadb.errors.BadRequest, 400],
  [faunadb.errors.Unauthorized, 401],
  [faunadb.errors.PermissionDenied, 403],
  [faunadb.errors.NotFound, 404],
]);

export interface ExpectedError {
  code: string;
  description?: string | RegExp;
}

/** Awaits a query that must fail with the given driver error class and Fauna error code. */
export async function rejectsWith(
  query: Promise<unknown>,
  errorClass: ErrorClass,
  expected: ExpectedError,
): Promise<void> {
  const error = await query.then(
    (value) => assert.fail(`expected ${errorClass.name} (${expected.code}), got ${JSON.stringify(value)}`),
    (error: unknown) => error,
  );
  assert.ok(error instanceof errorClass, `expected ${errorClass.name}, got ${String(error)}`);
  const { requestResult } = error as faunadb.errors.FaunaHTTPError;
  assert.equal(requestResult.statusCode, STATUS.get(errorClass));
  const first = requestResult.responseContent.errors[0];
  assert.equal(first?.code, expected.code);
  if (expected.description instanceof RegExp) assert.match(first?.description ?? '', expected.description);
  else if (expected.description !== undefined) assert.equal(first?.description, expected.description);
}

export const q = faunadb.query;

/** Whether two refs name the same document (or schema item): same id in the same collection. */
export function sameRef(a: faunadb.values.Ref, b: faunadb.values.Ref): boolean {
  return a.id === b.id && a.collection?.id === b.collection?.id && a.database?.id === b.database?.id;
}
