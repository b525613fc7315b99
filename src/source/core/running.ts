// The RUNNING status of the streams being read, and the rate limit the platform shows on it: while
// the Fauna client waits out 429s, each running stream is RUNNING with the reason RATE_LIMITED
// (Airbyte protocol: AirbyteStreamStatusTraceMessage, reasons), then RUNNING again without it.
// Every stream shares the client and its limit of queries in flight, so the limit slows them all.
import { streamStatus } from '../../airbyte/messages.js';
import type { StreamDescriptor, StreamStatusReason } from '../../airbyte/types.js';
import type { MessageWriter } from '../../airbyte/writer.js';
import type { RateLimitHook } from '../../fauna/rate-limit.js';

export class RunningStreams {
  private readonly streams = new Set<StreamDescriptor>();
  private reasons: StreamStatusReason[] | undefined;

  constructor(readonly out: MessageWriter) {}

  /** Emits RUNNING for `stream` (rate limited if the client is) and keeps it informed until `ended`. */
  running(stream: StreamDescriptor): Promise<void> {
    this.streams.add(stream);
    return this.out.emit(streamStatus(stream, 'RUNNING', this.reasons));
  }

  ended(stream: StreamDescriptor): void {
    this.streams.delete(stream);
  }

  /** The client's hook (FaunaClientOptions.onRateLimit). `quota_reset` is when Retry-After says queries pass again. */
  readonly onRateLimit: RateLimitHook = (limit) => {
    this.reasons = limit && [
      {
        type: 'RATE_LIMITED',
        ...(limit.retryAfterMs !== undefined && { rate_limited: { quota_reset: Date.now() + limit.retryAfterMs } }),
      },
    ];
    for (const stream of this.streams) void this.out.emit(streamStatus(stream, 'RUNNING', this.reasons));
  };
}
