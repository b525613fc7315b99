// Errors of the Fauna client and their Airbyte failure_type. Messages are meant for the person
// running the sync: they say what Fauna answered and what to change. They never contain the
// secret (the client never puts it in an error) nor document contents.

export type FailureType = 'config_error' | 'transient_error' | 'system_error';

export interface FaunaErrorEntry {
  code: string;
  description: string;
  position?: (string | number)[];
}

const HINTS: { [code: string]: string } = {
  unauthorized: 'Check the secret in the connector configuration: Fauna does not accept it.',
  'permission denied':
    "The key's role lacks a privilege: grant read on the collection, its index, Collections() and Indexes().",
  'invalid ref': 'Check the collection and index names in the connector configuration.',
};

/** An answer of Fauna with an `{"errors": [...]}` body; the first error names the failure. */
export class FaunaError extends Error {
  readonly status: number;
  readonly code: string;
  readonly description: string;
  readonly position: (string | number)[] | undefined;
  readonly errors: FaunaErrorEntry[];
  /** The server's Retry-After, when it sent one. */
  readonly retryAfterMs: number | undefined;

  constructor(status: number, errors: FaunaErrorEntry[], retryAfterMs?: number) {
    const first = errors[0] ?? { code: 'unknown error', description: 'Fauna sent an error without details.' };
    const at = first.position && first.position.length > 0 ? ` (at ${first.position.join('.')})` : '';
    const hint = HINTS[first.code];
    const sentence = /[.!?]$/.test(first.description) ? first.description : `${first.description}.`;
    super(`Fauna answered ${status} ${first.code}: ${sentence.slice(0, -1)}${at}${sentence.slice(-1)}${hint ? ` ${hint}` : ''}`);
    this.name = 'FaunaError';
    this.status = status;
    this.code = first.code;
    this.description = first.description;
    this.position = first.position;
    this.errors = errors;
    this.retryAfterMs = retryAfterMs;
  }
}

export interface TransportErrorDetails {
  /** A short machine-readable reason, e.g. ECONNRESET, timeout, empty body. */
  reason: string;
  retryable: boolean;
  /** The HTTP status when there was an answer (a malformed one). */
  status?: number;
  retryAfterMs?: number;
}

/** The request got no usable answer: connection refused or reset, timeout, malformed response. */
export class TransportError extends Error {
  readonly reason: string;
  readonly retryable: boolean;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(message: string, details: TransportErrorDetails) {
    super(message);
    this.name = 'TransportError';
    this.reason = details.reason;
    this.retryable = details.retryable;
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** The SSH tunnel to Fauna could not be opened; the message names the hop (bastion, login, host key, Fauna from the bastion). */
export class TunnelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TunnelError';
  }
}

/** Every attempt failed with a retryable error, or the retry time budget ran out. */
export class RetriesExhaustedError extends Error {
  readonly attempts: number;
  readonly lastError: Error;

  constructor(attempts: number, elapsedMs: number, lastError: Error) {
    super(
      `Fauna did not answer successfully after ${attempts} attempts in ${(elapsedMs / 1000).toFixed(1)} s; ` +
        `last failure: ${lastError.message}`,
    );
    this.name = 'RetriesExhaustedError';
    this.attempts = attempts;
    this.lastError = lastError;
  }
}

/** Builds the error for a non-2xx answer from its parsed body (or null when it was not JSON). */
export function errorFromBody(status: number, body: unknown, retryAfterMs?: number): FaunaError | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const errors = (body as { errors?: unknown }).errors;
  if (!Array.isArray(errors) || errors.length === 0) return undefined;
  return new FaunaError(
    status,
    errors.map((entry: { code?: unknown; description?: unknown; position?: unknown }) => ({
      code: typeof entry?.code === 'string' ? entry.code : 'unknown error',
      description: typeof entry?.description === 'string' ? entry.description : '',
      ...(Array.isArray(entry?.position) ? { position: entry.position as (string | number)[] } : {}),
    })),
    retryAfterMs,
  );
}

// Transport failures only the user can fix: the domain, or the TLS settings.
const CONFIG_REASONS = new Set(['ENOTFOUND', 'untrusted certificate', 'invalid certificate', 'client certificate refused']);

/** The Airbyte failure_type of an error thrown by the client (or anything else). */
export function failureType(error: unknown): FailureType {
  if (error instanceof RetriesExhaustedError) return 'transient_error';
  if (error instanceof TunnelError) return 'config_error';
  if (error instanceof FaunaError) {
    if (error.status === 401) return 'config_error';
    if (error.status === 403 && error.code === 'permission denied') return 'config_error';
    if (error.status === 400 && error.code === 'invalid ref') return 'config_error';
  }
  if (error instanceof TransportError && (CONFIG_REASONS.has(error.reason) || error.status === 401)) return 'config_error';
  return 'system_error';
}
