import type { Writable } from 'node:stream';
import type { AirbyteMessage } from './types.js';

// Records are batched into chunks of this size: one write() per chunk instead of per line keeps
// the per-record cost to a string append. Every other message flushes, so a STATE line is on the
// pipe as soon as it is emitted (the platform, and a kill-and-resume, see exactly what came before).
const BATCH_CHARS = 64 * 1024;

/**
 * The only writer of stdout. Honours back-pressure: `record` returns false when the pipe is full
 * and the caller must `await ready()` before producing more.
 */
export class MessageWriter {
  private pending = '';
  private broken: Error | undefined;
  private secrets: string[] = [];
  private draining: Promise<void> | undefined;

  constructor(private readonly out: Writable = process.stdout) {
    // EPIPE when the reader went away: stop writing instead of crashing with an unhandled error.
    out.on('error', (err) => {
      this.broken = err;
    });
  }

  /**
   * Masks each secret in every message but records (document contents are the user's data): error
   * and log texts are built from answers and exceptions, and must never carry one.
   */
  redact(...secrets: string[]): void {
    // Masked as they appear inside a serialized JSON string: quotes, backslashes, newlines are escaped there.
    const escaped = secrets.filter((secret) => secret !== '').map((secret) => JSON.stringify(secret).slice(1, -1));
    // Longest first, so that a secret containing another is masked whole.
    this.secrets = [...new Set([...this.secrets, ...escaped])].sort((a, b) => b.length - a.length);
  }

  /** Queues one serialized record line (including its trailing newline). */
  record(line: string): boolean {
    this.pending += line;
    if (this.pending.length < BATCH_CHARS) return true;
    return this.flush();
  }

  /** Writes a message now, after every record queued before it. */
  emit(message: AirbyteMessage): Promise<void> {
    const text = JSON.stringify(message);
    this.pending += this.secrets.reduce((masked, secret) => masked.replaceAll(secret, '**********'), text) + '\n';
    this.flush();
    return this.ready();
  }

  ready(): Promise<void> {
    if (this.broken || !this.out.writableNeedDrain) return Promise.resolve();
    // One wait for every caller: the streams of a database tree wait by the dozen at once, and a
    // listener each would pass Node's limit of ten (a MaxListenersExceededWarning on stderr).
    return (this.draining ??= new Promise((resolve) => {
      const done = (): void => {
        this.out.off('drain', done);
        this.out.off('error', done);
        this.draining = undefined;
        resolve();
      };
      this.out.on('drain', done);
      this.out.on('error', done);
    }));
  }

  /** Flushes everything and resolves once the last byte has been handed to the OS. */
  close(): Promise<void> {
    const last = this.pending;
    this.pending = '';
    if (this.broken) return Promise.resolve();
    return new Promise((resolve) => {
      this.out.write(last, () => resolve());
    });
  }

  private flush(): boolean {
    if (this.broken) return true;
    if (this.pending === '') return !this.out.writableNeedDrain;
    const ok = this.out.write(this.pending);
    this.pending = '';
    return ok;
  }
}
