// Collections(), Indexes(), Databases(), Keys(), Roles() read as sets.
import type { Database } from '../../store/database.js';
import { Ref } from '../../core/values.js';
import type { Bound } from '../../store/sorted-index.js';
import type { Ctx } from '../../core/context.js';
import { gate } from '../../core/access.js';
import { seenFrom } from './scope.js';
import { genericCompare, type Elem, type SetImpl } from './set-types.js';

/** Collections(), Indexes(), Databases(), Keys(), Roles(): the readable schema refs in creation order, as the core lists them. */
export class NativeSet implements SetImpl {
  readonly width = 0;
  constructor(
    private readonly db: Database,
    private readonly native: string,
  ) {}

  /** A cursor naming a schema document sits at its place in creation order. */
  compare(e: Elem, b: Bound): number {
    if (!(b.ref instanceof Ref)) return genericCompare(e, b);
    const names = this.db.schemaDocs(this.native).map((d) => d.ref.id);
    const at = names.indexOf(b.ref.id);
    return at < 0 ? genericCompare(e, b) : names.indexOf(e.ref.id) - at;
  }

  private elements(ctx: Ctx): Elem[] {
    const readable = gate(ctx, this.db, { kind: 'schema', native: this.native as never }, 'read');
    if (readable === false) return [];
    return this.db
      .schemaDocs(this.native)
      .filter((d) => d.ts <= ctx.readTs && (readable === true || readable(d.ref)))
      .map((d) => ({ values: [], ref: seenFrom(ctx, this.db, d.ref) }));
  }

  asc(ctx: Ctx, from: Bound | null): Iterable<Elem> {
    return this.elements(ctx).filter((e) => !from || this.compare(e, from) >= 0);
  }

  desc(ctx: Ctx, to: Bound | null, inclusive: boolean): Iterable<Elem> {
    return this.elements(ctx)
      .filter((e) => {
        const c = to ? this.compare(e, to) : -1;
        return c < 0 || (inclusive && c === 0);
      })
      .reverse();
  }
}
