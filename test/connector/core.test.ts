// The sync core's parts that every reader shares, without a server: part sets (failure gathering,
// work stealing) and the page sizer's bound, the API's largest page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StreamSettings } from '../../src/source/config.js';
import { PageSizer } from '../../src/source/core/paging.js';
import { PartSet, RangeSet, type KeyRange, type Part } from '../../src/source/core/ranges.js';

const settings = (pageSize: number): StreamSettings => ({
  dataColumn: true,
  dataFieldsAsColumns: false,
  createdAtColumn: false,
  additionalColumns: [],
  pageSize,
  deletions: { mode: 'ignore' },
});

test('a part set: a failure lets the other parts finish their page, then the first error is thrown', async () => {
  interface Cursor extends Part {
    name: string;
    pages: number;
  }
  const parts: Cursor[] = [
    { name: 'a', pages: 0 },
    { name: 'b', pages: 0 },
    { name: 'c', pages: 0 },
  ];
  const set = new PartSet(parts);
  const read = set.read(3, async (part) => {
    await new Promise((resolve) => setTimeout(resolve, part.name === 'b' ? 1 : 20));
    part.pages++;
    if (part.name === 'b') throw new Error('b failed');
  });
  await assert.rejects(read, /b failed/);
  assert.deepEqual(
    parts.map((part) => part.pages),
    [1, 1, 1],
    'each part read one page, none a second',
  );
});

test('a range set: an idle worker cuts the widest range known to hold more, and remaining() stays in key order', async () => {
  interface Range extends KeyRange {
    pages: number;
  }
  const cut = (range: Range, mid: bigint): Range => ({ lo: mid + 1n, hi: range.hi, pages: 0 });
  const ranges: Range[] = [
    { lo: 0n, hi: 999n, pages: 0 },
    { lo: 1000n, hi: 1001n, pages: 0 },
  ];
  const set = new RangeSet(ranges, cut);
  const seen: bigint[] = [];
  await set.read(2, async (range) => {
    seen.push(range.lo);
    await new Promise((resolve) => setTimeout(resolve, 5));
    range.lo += 100n;
    range.more = true;
    range.done = range.lo > range.hi;
    const los = set.remaining().map((r) => r.lo);
    assert.deepEqual(
      los,
      [...los].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    );
  });
  assert.ok(
    seen.some((lo) => lo > 500n && lo < 1000n),
    `a worker took the upper half of the first range: ${seen.join(', ')}`,
  );
  assert.deepEqual(set.remaining(), []);
});

test("a page sizer never grows past the API's largest page, nor starts above it", () => {
  const v10 = new PageSizer(settings(50_000), 64 * 1024 * 1024, 16_000);
  assert.equal(v10.size, 16_000);
  v10.observe(16_000, 16_000 * 10);
  assert.equal(v10.size, 16_000);
  const v4 = new PageSizer(settings(64), 64 * 1024 * 1024, 100_000);
  for (let i = 0; i < 10; i++) v4.observe(v4.size, v4.size * 10);
  assert.equal(v4.size, 100_000);
  v4.grow();
  assert.equal(v4.size, 100_000);
  assert.equal(
    new PageSizer(settings(64), 1024, 100_000, 250_000).size,
    100_000,
    'a cut range inherits at most the largest page',
  );
});

test('a page sizer fits a smaller budget by the records of its last page, never below the first page', () => {
  const sizer = new PageSizer(settings(64), 4 * 1024 * 1024, 16_000);
  assert.equal(sizer.sizeWithin(1024), 64, 'nothing known of the records yet: its own size');
  for (let i = 0; i < 4; i++) sizer.observe(sizer.size, sizer.size * 100);
  assert.equal(sizer.size, 16_000);
  assert.equal(sizer.sizeWithin(512 * 1024), 5242, 'records of 100 bytes within 512 KiB');
  assert.equal(sizer.sizeWithin(4 * 1024 * 1024), 16_000, 'within a larger budget: its own size');
  assert.equal(sizer.sizeWithin(1000), 64, 'never below the first page');
});
