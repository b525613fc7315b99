// The one v10 error: a code the driver maps to its error classes (fauna-js `src/errors.ts`), a
// message, the HTTP status, and the span of the expression that failed (rendered into `summary`).
import type { Span } from './ast.js';
import type { Value } from './values.js';

export interface ConstraintFailure {
  message: string;
  paths: (string | number)[][];
}

export class V10Error extends Error {
  span: Span | undefined;
  constructor(
    readonly code: string,
    message: string,
    span?: Span,
    readonly status = 400,
    /** `abort(x)`: the value, encoded in the request's format. */
    readonly abort?: Value,
    readonly constraintFailures?: ConstraintFailure[],
  ) {
    super(message);
    this.span = span;
  }

  /** What `summary` says when it is not the message: a check failure's own diagnostic. */
  diagnostic: string | undefined;

  withDiagnostic(text: string): this {
    this.diagnostic = text;
    return this;
  }

  /** The innermost span wins: a callee that knows where it failed keeps its own. */
  at(span: Span): this {
    this.span ??= span;
    return this;
  }
}

export const invalidQuery = (message: string, span?: Span) => new V10Error('invalid_query', message, span);
export const invalidArgument = (message: string, span?: Span) => new V10Error('invalid_argument', message, span);
export const invalidRequest = (message: string) => new V10Error('invalid_request', message);
export const invalidCursor = () => new V10Error('invalid_cursor', 'Cursor cursor is invalid or expired.');
export const constraintFailure = (message: string, failures: ConstraintFailure[] = [{ message, paths: [] }]) =>
  new V10Error('constraint_failure', message, undefined, 400, undefined, failures);
export const permissionDenied = (message = 'Insufficient privileges to perform the action.') =>
  new V10Error('permission_denied', message);

/** A read below the collection's retention window (the core's `ReadValidTimeBelowMVT`). */
export function belowRetention(ts: string, minTs: string): V10Error {
  return invalidRequest(`Requested timestamp ${ts} less than minimum allowed timestamp ${minTs}.`);
}
