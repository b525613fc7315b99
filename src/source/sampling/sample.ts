// Discover's sample of a collection: its first documents and its last one in one round trip, then
// pages from id ranges spread between them, one round trip per round for all ranges. The bytes
// read are bounded: each round asks for what its byte allowance holds at the average document
// size seen so far, and sampling stops once the collection's budget is spent.
import type { FaunaClient } from '../../fauna/client.js';
import { selectPath } from '../../fauna/decode.js';
import * as q from '../../fauna/query.js';
import type { WireValue } from '../../fauna/query.js';
import { isPermissionDenied } from '../errors.js';
import { sampleEnds, sampleSlices } from '../queries.js';
import { Shape } from './shape.js';
import { nextId, splitIds, type IdRange } from './slices.js';

/** Bytes (estimated) read from one collection at most, and in one round trip at most. */
export const SAMPLE_BYTES = 8 * 1024 * 1024;
export const ROUND_BYTES = 1024 * 1024;
// The first round trip knows nothing of document sizes: it reads this many documents whatever their size.
const HEAD_DOCUMENTS = 16;
const RANGES = 8;

interface Page { data: WireValue[]; after?: WireValue }
interface Slice { range: IdRange; quota: number; after?: q.Expr }

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
  const headSize = Math.max(1, Math.min(size - 1, HEAD_DOCUMENTS));
  const [head, tail] = await client.query(sampleEnds(collection, headSize)) as unknown as [Page, Page];
  sample.add(head.data);
  if (head.after === undefined || size === 1) return;
  sample.add(tail.data);
  const remaining = size - head.data.length - tail.data.length;
  const from = nextId(documentId(head.data.at(-1)));
  const to = nextId(documentId(tail.data[0]), -1);
  if (remaining <= 0 || from === undefined || to === undefined) return;
  const ranges = splitIds(from, to, Math.min(RANGES, remaining));
  let slices: Slice[] = ranges.map((range, i) => ({
    range,
    quota: Math.floor(remaining / ranges.length) + (i < remaining % ranges.length ? 1 : 0),
  }));
  while (slices.length > 0 && sample.bytes < SAMPLE_BYTES) {
    const allowance = Math.min(ROUND_BYTES, SAMPLE_BYTES - sample.bytes);
    const perSlice = Math.max(1, Math.floor(allowance / sample.averageBytes() / slices.length));
    const query = sampleSlices(collection, slices.map((s) => ({ ...s.range, size: Math.min(s.quota, perSlice), after: s.after })));
    const pages = await client.query(query) as unknown as Page[];
    slices.forEach((slice, i) => {
      const page = pages[i]!;
      sample.add(page.data);
      slice.quota -= page.data.length;
      slice.after = page.after === undefined ? undefined : q.wire(page.after);
    });
    slices = slices.filter((s) => s.quota > 0 && s.after !== undefined);
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
