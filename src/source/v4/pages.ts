// Every item of a paginated FQL v4 query, page after page.
import type { FaunaClient } from '../../fauna/v4/client.js';
import * as q from '../../fauna/v4/query.js';
import type { WireValue } from '../../fauna/wire.js';

/**
 * Every item of a paginated query (`page(after)`) from its first page (`first`, when the caller
 * asked for it already) on, as `item` reads it; items it cannot read are left out.
 */
export async function allPages<T>(
  client: FaunaClient,
  page: (after: q.Expr | undefined) => q.Expr,
  item: (value: WireValue) => T | undefined,
  first?: WireValue,
): Promise<T[]> {
  const items: T[] = [];
  let after: WireValue | undefined;
  let next = first;
  do {
    const answer = (next ?? (await client.query(page(after && q.wire(after))))) as {
      data: WireValue[];
      after?: WireValue;
    };
    next = undefined;
    for (const value of answer.data) {
      const read = item(value);
      if (read !== undefined) items.push(read);
    }
    after = answer.after;
  } while (after !== undefined);
  return items;
}
