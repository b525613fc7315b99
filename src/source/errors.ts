import { InputError } from '../airbyte/files.js';
import type { FailureType } from '../airbyte/types.js';
import { FaunaError, failureType } from '../fauna/errors.js';
import { ConfigError } from './config.js';

/** A problem the user must fix in the config, the catalog or the database (index, role). */
export class SetupError extends Error {}

export interface Failure { message: string; failureType: FailureType; internalMessage?: string; stackTrace?: string }

/** What a user sees of an error: its message and its Airbyte failure_type. */
export function describeFailure(error: unknown): Failure {
  if (error instanceof ConfigError || error instanceof SetupError || error instanceof InputError) {
    return { message: error.message, failureType: 'config_error' };
  }
  const type = failureType(error);
  if (error instanceof Error) {
    return {
      message: error.message,
      failureType: type,
      internalMessage: `${error.name}: ${error.message}`,
      ...(type === 'system_error' && error.stack !== undefined && { stackTrace: error.stack }),
    };
  }
  return { message: String(error), failureType: type };
}

/** A failure that ends the whole sync rather than one stream: bad secret, server gone, our bug. */
export function endsSync(error: unknown): boolean {
  return isUnauthorized(error) || describeFailure(error).failureType !== 'config_error';
}

export function isUnauthorized(error: unknown): boolean {
  return error instanceof FaunaError && error.status === 401;
}

export function isPermissionDenied(error: unknown): boolean {
  return error instanceof FaunaError && error.status === 403;
}
