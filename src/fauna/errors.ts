// Errors of the Fauna client. Messages say what Fauna answered (or why there was no answer); what
// to change is for the program that uses the client to add. They never contain the secret (the
// client never puts it in an error) nor document contents.

export interface FaunaErrorEntry {
  code: string;
  description: string;
  position?: (string | number)[];
}

/** An answer of Fauna with an `{"errors": [...]}` body; the first error names the failure. */
export class FaunaError extends Error {
  readonly status: number;
  readonly code: string;
  readonly description: string;
  readonly position: (string | number)[] | undefined;
  readonly errors: FaunaErrorEntry[];
  /** The server's Retry-After, when it sent one. */
  readonly retryAfterMs: number | undefined;
  /** The time of the failed transaction (µs), when the answer says it (FQL v10 does). */
  readonly txnTs: number | undefined;

  constructor(status: number, errors: FaunaErrorEntry[], retryAfterMs?: number, txnTs?: number) {
    const first = errors[0] ?? { code: 'unknown error', description: 'Fauna sent an error without details.' };
    const at = first.position && first.position.length > 0 ? ` (at ${first.position.join('.')})` : '';
    const sentence = /[.!?]$/.test(first.description) ? first.description : `${first.description}.`;
    super(`Fauna answered ${status} ${first.code}: ${sentence.slice(0, -1)}${at}${sentence.slice(-1)}`);
    this.name = 'FaunaError';
    this.status = status;
    this.code = first.code;
    this.description = first.description;
    this.position = first.position;
    this.errors = errors;
    this.retryAfterMs = retryAfterMs;
    this.txnTs = txnTs;
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
export function errorFromBody(
  status: number,
  body: unknown,
  retryAfterMs?: number,
  txnTs?: number,
): FaunaError | undefined {
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
    txnTs,
  );
}
