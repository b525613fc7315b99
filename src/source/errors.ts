import { InputError } from '../airbyte/files.js';
import type { FailureType } from '../airbyte/types.js';
import { FaunaError, RetriesExhaustedError, TransportError, TunnelError } from '../fauna/errors.js';
import { ConfigError } from './config.js';

/** A problem the user must fix in the config, the catalog or the database (index, role). */
export class SetupError extends Error {}

export interface Failure {
  message: string;
  failureType: FailureType;
  internalMessage?: string;
  stackTrace?: string;
}

// What to change for the Fauna errors that the connector's settings or the key's role cause.
const HINTS: { [code: string]: string } = {
  unauthorized: 'Check the secret in the connector configuration: Fauna does not accept it.',
  'permission denied':
    "The key's role lacks a privilege: grant read on the collection, its index, Collections() and Indexes().",
  'invalid ref': 'Check the collection and index names in the connector configuration.',
};

// Transport failures only the user can fix: the domain, or the TLS settings.
const CONFIG_REASONS = new Set([
  'ENOTFOUND',
  'untrusted certificate',
  'invalid certificate',
  'client certificate refused',
]);

/** The Airbyte failure_type of an error thrown by the Fauna clients (or anything else). */
export function failureType(error: unknown): FailureType {
  if (error instanceof RetriesExhaustedError) return 'transient_error';
  if (error instanceof TunnelError) return 'config_error';
  if (error instanceof FaunaError) {
    if (error.status === 401) return 'config_error';
    if (error.status === 403 && error.code === 'permission denied') return 'config_error';
    if (error.status === 400 && error.code === 'invalid ref') return 'config_error';
  }
  if (error instanceof TransportError && (CONFIG_REASONS.has(error.reason) || error.status === 401))
    return 'config_error';
  return 'system_error';
}

/** What a user sees of an error: its message (with what to change, when known) and its Airbyte failure_type. */
export function describeFailure(error: unknown): Failure {
  if (error instanceof ConfigError || error instanceof SetupError || error instanceof InputError) {
    return { message: error.message, failureType: 'config_error' };
  }
  const type = failureType(error);
  if (error instanceof Error) {
    const hint = error instanceof FaunaError ? HINTS[error.code] : undefined;
    const message = hint === undefined ? error.message : `${error.message} ${hint}`;
    return {
      message,
      failureType: type,
      internalMessage: `${error.name}: ${message}`,
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
