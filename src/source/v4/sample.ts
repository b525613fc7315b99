// Discover's sample of a collection: its first and its last document in one round trip, then
// pages from id ranges spread between them, one round trip per round for all ranges. The bytes
// read are bounded: each round asks for what its byte allowance holds at the average document
// size seen so far, and sampling stops once the collection's budget is spent.
import type { FaunaClient } from '../../fauna/v4/client.js';
import * as q from '../../fauna/v4/query.js';
import { selectPath, type WireValue } from '../../fauna/wire.js';
import { isPermissionDenied } from '../errors.js';
import { sampleEnds, sampleSlices } from './queries.js';
import { Shape } from '../sampling/shape.js';
import { nextId, splitIds, type IdRange } from './slices.js';

/** Bytes (estimated) read from one collection at most, and in one round trip at most. */
const SAMPLE_BYTES = 8 * 1024 * 1024;
const ROUND_BYTES = 1024 * 1024;
const RANGES = 8;

interface Page {
  data: WireValue[];
  after?: WireValue;
}
interface Slice {
  range: IdRange;
  after?: q.Expr;
  done?: boolean;
}

/** The shape of the `data` of up to `size` documents of the collection (an empty shape for 0). */
export async function sampleCollection(client: FaunaClient, collection: string, size: number): Promise<Shape> {
  const sample = new Sample();
  if (size === 0) return sample.shape;
  try {
    await sampleInto(sample, client, collection, size);
  } catch (error) {
    // A role may list a collection yet not read some of its documents: type what it could read.
    if (!isPermissionDenied(error)) throw error;
  }
  return sample.shape;
}

async function sampleInto(sample: Sample, client: FaunaClient, collection: string, size: number): Promise<void> {
  const [head, tail] = (await client.query(sampleEnds(collection))) as unknown as [Page, Page];
  sample.add(head.data);
  if (head.after === undefined || size === 1) return;
  sample.add(tail.data);
  let remaining = size - 2;
  const from = nextId(documentId(head.data[0]));
  const to = nextId(documentId(tail.data[0]), -1);
  if (remaining <= 0 || from === undefined || to === undefined) return;
  let slices: Slice[] = splitIds(from, to, Math.min(RANGES, remaining)).map((range) => ({ range }));
  while (slices.length > 0 && remaining > 0 && sample.bytes < SAMPLE_BYTES) {
    // What this round may read, in documents of the average size so far: when that is fewer
    // than the ranges (huge documents), only some ranges are read, the others in later rounds.
    const allowance = Math.max(
      1,
      Math.floor(Math.min(ROUND_BYTES, SAMPLE_BYTES - sample.bytes) / sample.averageBytes()),
    );
    const documents = Math.min(remaining, allowance);
    const round = slices.slice(0, documents);
    const share = (i: number) => Math.floor(documents / round.length) + (i < documents % round.length ? 1 : 0);
    const query = sampleSlices(
      collection,
      round.map((s, i) => ({ ...s.range, size: share(i), after: s.after })),
    );
    const pages = (await client.query(query)) as unknown as Page[];
    round.forEach((slice, i) => {
      const page = pages[i]!;
      sample.add(page.data);
      remaining -= page.data.length;
      slice.after = page.after === undefined ? undefined : q.wire(page.after);
      if (slice.after === undefined) slice.done = true;
    });
    // A range read to its end gives its share to the others; the ranges not read come first next round.
    slices = [...slices.slice(round.length), ...round].filter((s) => !s.done);
  }
}

class Sample {
  readonly shape = new Shape();
  bytes = 0;
  private documents = 0;

  add(documents: WireValue[]): void {
    for (const document of documents) {
      // A document without data exports `data: {}`.
      const data = selectPath(document, ['data']) ?? {};
      this.bytes += this.shape.add(data);
      this.documents++;
    }
  }

  averageBytes(): number {
    return this.documents === 0 ? 1 : Math.max(1, this.bytes / this.documents);
  }
}

function documentId(document: WireValue | undefined): string {
  const id = document === undefined ? undefined : selectPath(document, ['ref', 'id']);
  return typeof id === 'string' ? id : '';
}
