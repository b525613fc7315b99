// How big a page is, and how many pages are held at once. Round trips, not bytes, are the cost of
// a sync over a slow link, so a range's pages grow from the configured page_size while answers
// stay small; memory stays bounded because at most `maxConcurrency` pages are in flight or being
// emitted at any time, each within a byte budget that is a share of one total.
import type { StreamSettings } from '../config.js';

// Record text of all pages held at once; the parsed answers behind it take a few times more.
const TOTAL_PAGE_BYTES = 8 * 1024 * 1024;
const MIN_PAGE_BYTES = 256 * 1024;
const MAX_PAGE_BYTES = 4 * 1024 * 1024;
const GROWTH = 4;

/** The byte budget of one page when `concurrency` pages may be held at once. */
export function pageByteBudget(concurrency: number): number {
  return Math.min(MAX_PAGE_BYTES, Math.max(MIN_PAGE_BYTES, Math.floor(TOTAL_PAGE_BYTES / concurrency)));
}

/**
 * The page size of one part: starts at page_size, grows fourfold after each full page that fits
 * the budget, never beyond `max`, the API's largest page.
 */
export class PageSizer {
  size: number;
  private readonly start: number;
  /** The bytes of a record in the last page that brought any. */
  private recordBytes: number | undefined;

  /** `size`: where a range cut from another starts, at the size its parent had reached. */
  constructor(
    settings: StreamSettings,
    private readonly byteBudget: number,
    private readonly max: number,
    size?: number,
  ) {
    this.start = firstPageSize(settings, max);
    this.size = Math.min(size ?? this.start, max);
  }

  /** Learns from a page of `count` documents whose records took `bytes`. */
  observe(count: number, bytes: number): void {
    if (count > 0 && bytes > 0) this.recordBytes = bytes / count;
    if (count < this.size || count === 0) return;
    const fits = Math.floor(this.byteBudget / Math.max(1, bytes / count));
    this.size = Math.max(this.start, Math.min(this.max, this.size * GROWTH, fits));
  }

  /** The next page's size when it must also fit `byteBudget`, by the records of the last page; never below the first. */
  sizeWithin(byteBudget: number): number {
    if (this.recordBytes === undefined) return this.size;
    return Math.max(this.start, Math.min(this.size, Math.floor(byteBudget / this.recordBytes)));
  }

  /** A full page that brought nothing new (entries of one document): the next must reach further, whatever its bytes. */
  grow(): void {
    this.size = Math.min(this.max, this.size * GROWTH);
  }
}

/** The configured page_size, within the API's largest page: the size of a first page. */
export function firstPageSize(settings: StreamSettings, max: number): number {
  return Math.min(settings.pageSize, max);
}

/** At most `limit` holders at once; the others wait in arrival order. */
export class Slots {
  private held = 0;
  private readonly queue: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async with<T>(task: () => Promise<T>): Promise<T> {
    if (this.held >= this.limit) await new Promise<void>((resolve) => this.queue.push(resolve));
    else this.held++;
    try {
      return await task();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.held--;
    }
  }
}
