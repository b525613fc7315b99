// The FQL v4 client facade: query(expr) -> the `resource` of the answer, lossless, over the
// layers of layers.ts (pool <- limiter <- retries); this one owns headers, status, body and
// txn time.
import { errorFromBody, TransportError } from '../errors.js';
import type { HttpResponse } from '../http.js';
import { LayeredClient, retryableWith, type FaunaClientOptions, type Layers } from '../layers.js';
import { parseJson, stringifyJson } from '../json.js';
import type { Expr } from './query.js';
import type { WireValue } from '../wire.js';

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
const retryable = retryableWith(RETRYABLE_STATUS);

export class FaunaClient extends LayeredClient {
  private readonly headers: Record<string, string>;
  private lastSeenTxn = 0;

  constructor(
    private readonly options: FaunaClientOptions,
    shared?: Layers,
  ) {
    super(options, options.timeoutMs ?? 60_000, shared);
    this.headers = {
      authorization: `Bearer ${options.secret}`,
      'x-faunadb-api-version': '4',
      'content-type': 'application/json; charset=utf-8',
    };
  }

  /**
   * A client that sends `secret` (a scoped secret: another database, another role) over this one's
   * connections, within its limit of queries in flight; closing this one closes both.
   */
  withSecret(secret: string): FaunaClient {
    return new FaunaClient({ ...this.options, secret }, this.layers);
  }

  /** The time of the latest transaction answered (µs), 0 before the first. */
  get lastTxnTime(): number {
    return this.lastSeenTxn;
  }

  /** Runs one query; throws FaunaError, TransportError or RetriesExhaustedError. */
  query(expr: Expr): Promise<WireValue> {
    const body = stringifyJson(expr);
    return this.layers.run(() => this.attempt(body), retryable);
  }

  private async attempt(body: string): Promise<WireValue> {
    const headers =
      this.lastSeenTxn > 0 ? { ...this.headers, 'x-last-seen-txn': String(this.lastSeenTxn) } : this.headers;
    const response = await this.layers.http.post(body, headers);
    if (response.txnTime !== undefined && response.txnTime > this.lastSeenTxn) this.lastSeenTxn = response.txnTime;
    const { status, retryAfterMs } = response;
    const ok = status === 200 || status === 201;
    const parsed = this.parseBody(response, ok);
    if (ok) {
      if (parsed !== null && typeof parsed === 'object' && 'resource' in parsed)
        return (parsed as { resource: WireValue }).resource;
      throw new TransportError(`Fauna at ${this.origin} answered ${status} without a resource`, {
        reason: 'no resource',
        retryable: false,
        status,
      });
    }
    throw (
      errorFromBody(status, parsed, retryAfterMs, response.txnTime) ??
      new TransportError(`Fauna at ${this.origin} answered ${status} without an error description`, {
        reason: String(status),
        retryable: RETRYABLE_STATUS.has(status),
        status,
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      })
    );
  }

  /** The JSON body; undefined for an error status whose body is empty or not JSON (proxy pages). */
  private parseBody(response: HttpResponse, ok: boolean): WireValue | undefined {
    const { status, body } = response;
    if (body.length === 0) {
      if (!ok) return undefined;
      throw new TransportError(`Fauna at ${this.origin} answered ${status} with an empty body`, {
        reason: 'empty body',
        retryable: true,
        status,
      });
    }
    try {
      return parseJson(body);
    } catch {
      if (!ok) return undefined;
      throw new TransportError(
        `Fauna at ${this.origin} answered ${status} with a body that is not JSON (${body.length} bytes)`,
        {
          reason: 'invalid JSON',
          retryable: false,
          status,
        },
      );
    }
  }
}
