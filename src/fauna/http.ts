// One POST to Fauna over a keep-alive HTTP/1.1 connection pool (undici). This layer only moves
// bytes: it turns network failures into TransportError and leaves statuses to the layers above.
import { Pool, request } from './undici.js';
import { TransportError } from './errors.js';
import { connector, tlsFailure, type ConnectOptions } from './tls.js';

export interface HttpResponse {
  status: number;
  /** x-txn-time, or undefined when absent. */
  txnTime: number | undefined;
  /** Retry-After in milliseconds, or undefined when absent or unparseable. */
  retryAfterMs: number | undefined;
  body: string;
}

// Failures worth another attempt: the server may be restarting, overloaded or the connection
// was dropped under us. DNS failures and local closes are not.
const RETRYABLE_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

export class HttpTransport {
  private readonly pool: Pool;
  private readonly origin: string;
  private readonly timeoutMs: number;
  private readonly connectOptions: ConnectOptions;

  /** `connections`: one per query the client lets be in flight, so none waits for a socket. */
  constructor(origin: string, timeoutMs: number, connections: number, connect: ConnectOptions = {}) {
    this.origin = origin;
    this.timeoutMs = timeoutMs;
    this.connectOptions = connect;
    this.pool = new Pool(origin, {
      connections,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      connect: connector(new URL(origin), connect),
    });
  }

  /** `path`: `/` for FQL v4, `/query/1` and `/feed/1` for FQL v10. */
  async post(body: string, headers: Record<string, string>, path = '/'): Promise<HttpResponse> {
    try {
      const response = await request(this.pool, {
        path,
        method: 'POST',
        headers,
        body,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
      return {
        status: response.statusCode,
        txnTime: headerNumber(response.headers['x-txn-time']),
        retryAfterMs: retryAfterMs(response.headers['retry-after']),
        body: await response.body.text(),
      };
    } catch (error) {
      const code = errorCode(error);
      const detail = error instanceof Error ? error.message : String(error);
      throw (
        (code && (await tlsFailure(code, detail, new URL(this.origin), this.connectOptions))) ??
        transportError(error, this.origin, this.timeoutMs)
      );
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

function headerNumber(value: string | string[] | undefined): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined) return undefined;
  const number = Number(text);
  return Number.isFinite(number) ? number : undefined;
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
function retryAfterMs(value: string | string[] | undefined): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text.trim() === '') return undefined;
  const seconds = Number(text);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function transportError(error: unknown, origin: string, timeoutMs: number): TransportError {
  if (error instanceof TransportError) return error;
  const code = errorCode(error);
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new TransportError(`Fauna at ${origin} did not answer within ${timeoutMs} ms`, {
      reason: 'timeout',
      retryable: true,
    });
  }
  if (code === 'ENOTFOUND') {
    return new TransportError(`Cannot resolve the Fauna host of ${origin}: check the domain`, {
      reason: code,
      retryable: false,
    });
  }
  if (code === 'ECONNREFUSED') {
    return new TransportError(`Fauna at ${origin} refused the connection: check the domain, port and scheme`, {
      reason: code,
      retryable: true,
    });
  }
  const detail = error instanceof Error ? error.message : String(error);
  const retryable = code !== undefined && RETRYABLE_CODES.has(code);
  return new TransportError(`Request to Fauna at ${origin} failed: ${detail}${code ? ` (${code})` : ''}`, {
    reason: code ?? 'network',
    retryable,
  });
}

/** undici wraps socket errors: prefer the system code of the cause (ECONNRESET...). */
function errorCode(error: unknown): string | undefined {
  let found: string | undefined;
  for (let current = error, depth = 0; current instanceof Object && depth < 3; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (code !== 'UND_ERR_SOCKET') return code;
      found ??= code;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return found;
}
