// `check` answers every failure with a FAILED status: the Airbyte UI shows its message where the
// user fixes the host, port, scheme, tunnel or certificate. The client's own messages say what to
// check for most failures (DNS, refused, timeouts, certificates, each hop of the tunnel); two
// need the config to say it: a TLS handshake with a server that does not speak TLS, and an HTTP
// answer that is not Fauna's. A failure that is not the client's is a bug: its ERROR trace goes
// with the status, for the report.
import { errorTrace } from '../airbyte/messages.js';
import type { MessageWriter } from '../airbyte/writer.js';
import { FaunaError, RetriesExhaustedError, TransportError, TunnelError } from '../fauna/errors.js';
import type { SourceConfig } from './config.js';
import { describeFailure, SetupError } from './errors.js';

// OpenSSL's codes for a handshake answered by something that is not TLS (e.g. plain HTTP).
const NOT_TLS = /^(ERR_SSL_WRONG_VERSION_NUMBER|ERR_SSL_PACKET_LENGTH_TOO_LONG|ERR_SSL_HTTP_REQUEST|EPROTO)$/;

/** The FAILED message for a failure of check that its queries did not already turn into one. */
export async function checkFailure(
  error: unknown,
  config: SourceConfig | undefined,
  out: MessageWriter,
): Promise<string> {
  const failure = describeFailure(error);
  const expected = [FaunaError, TransportError, RetriesExhaustedError, TunnelError, SetupError].some(
    (type) => error instanceof type,
  );
  if (!expected) {
    await out.emit(errorTrace(failure));
    return `The check failed unexpectedly: ${failure.message}. Please report it with the ERROR trace's internal_message`;
  }
  return `Failed to connect to database: ${(error instanceof TransportError && config !== undefined && advice(error, config)) || failure.message}`;
}

function advice(
  error: TransportError,
  { connection: { scheme, domain, port }, fqlVersion }: SourceConfig,
): string | undefined {
  const origin = `${scheme}://${domain}:${port}`;
  if (NOT_TLS.test(error.reason)) {
    return `The server at ${origin} does not speak TLS (${error.reason}): set scheme to http if it serves plain HTTP, or check the port`;
  }
  // Retryable statuses (429, 502-504) arrive wrapped in RetriesExhaustedError, with their own message.
  if (error.status === undefined || error.retryable) return undefined;
  const api = fqlVersion === '10' ? 'FQL v10 API (POST /query/1)' : 'FQL v4 API (POST /)';
  return `The server at ${origin} answered ${error.status}, not as Fauna's ${api} does: check the domain, port, scheme and fql_version`;
}
