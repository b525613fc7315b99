// How many records a stream's read will emit, sent as ESTIMATE traces (Airbyte protocol:
// AirbyteEstimateTraceMessage, type STREAM) so that the platform can show progress. It costs no
// query: a read over a span of keys at one snapshot (document ids, or ts) knows how many keys are
// left; the records emitted over the keys read so far are extrapolated over the keys left. A wing
// only says the span and what is left (readParts does it for key ranges).
import { estimateTrace } from '../../airbyte/messages.js';
import type { StreamDescriptor } from '../../airbyte/types.js';
import type { MessageWriter } from '../../airbyte/writer.js';

/** An estimate is sent when the read begins, then each time another tenth of its span is read. */
const STEPS = 10n;

interface Span {
  keys: bigint;
  /** Records and bytes emitted by the stream before the span began. */
  rows: number;
  bytes: number;
  /** The tenths of the span read when the last estimate was sent, -1 before the first. */
  sent: bigint;
}

export class StreamEstimate {
  private rows = 0;
  private bytes = 0;
  private span: Span | undefined;

  constructor(
    private readonly out: MessageWriter,
    private readonly stream: StreamDescriptor,
  ) {}

  /** Records emitted, with the bytes of their lines (emitDocuments and emitDeletion count them). */
  emitted(rows: number, bytes: number): void {
    this.rows += rows;
    this.bytes += bytes;
  }

  /**
   * A read over `keys` keys begins, counting the records emitted from now on. A read under way
   * keeps its span: its first page may have begun it before its parts were cut.
   */
  begin(keys: bigint): void {
    this.span ??= { keys, rows: this.rows, bytes: this.bytes, sent: -1n };
  }

  /** The read of the span is over; another may begin. */
  end(): void {
    this.span = undefined;
  }

  /** `left` keys of the span are still to read: sends an estimate at the first call and at each tenth read. */
  async left(left: bigint): Promise<void> {
    const span = this.span;
    if (span === undefined) return;
    const clamped = left < 0n ? 0n : left > span.keys ? span.keys : left;
    const read = span.keys - clamped;
    // An empty span is read whole at once.
    const tenths = span.keys === 0n ? STEPS : (read * STEPS) / span.keys;
    if (tenths <= span.sent || (read === 0n && span.keys > 0n)) return;
    span.sent = tenths;
    const extrapolate = (before: number, now: number): number =>
      read === 0n ? now : before + Number((BigInt(now - before) * span.keys) / read);
    await this.out.emit(
      estimateTrace(this.stream, extrapolate(span.rows, this.rows), extrapolate(span.bytes, this.bytes)),
    );
  }

  /** Everything the read will emit is emitted (a collection of one page): the count is the estimate. */
  exact(): Promise<void> {
    return this.out.emit(estimateTrace(this.stream, this.rows, this.bytes));
  }
}
