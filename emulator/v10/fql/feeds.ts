// What a feed needs from the runtime (the core's
// `ext/model/src/main/scala/runtime/stream/Feed.scala`): an event-source token decoded, and per
// document version the event it makes, if any. The source's where/map lambdas and the read
// permission are applied at each version's time: a version that enters the source is an `add`, one
// that stays in is an `update`, one that leaves it (deleted, filtered out, no longer readable) is a
// `remove` carrying the previous version's data. Replay, ordering, cursors and retention are the
// feed layer's.
import type { Auth, EngineState } from '../../core/context.js';
import type { Version } from '../../store/collection.js';
import { decodeToken } from './codec.js';
import { fromStored, readVersion, viewOfRead } from './documents.js';
import { applyLambda, type Rt } from './eval.js';
import { materialize } from './run.js';
import { collectionMeta } from './schema.js';
import { equal } from './operators.js';
import { Doc, NullDoc, isObj, type SetOp, type SetValue, type Value } from './values.js';
import { idBounds, idRangeOf, intersect, type IdBounds, type IdRange } from '../feed/id-range.js';
import type { Obj as StoredObj, Value as StoredValue } from '../../core/values.js';

export type EventType = 'add' | 'update' | 'remove';

export interface FeedSource {
  /** The collection whose document history the feed replays. */
  coll: string;
  /** The txn time of the query that created the token: where a feed without cursor or start_ts begins. */
  startTs: number;
  /** The ids a document of the source may have (the id range of its where steps); absent: any. */
  ids?: IdBounds;
  /** The event a document version makes, given the version before it; throws a V10Error (abort, invalid_effect). */
  eventFor(id: string, version: Version, previous: Version | undefined): { type: EventType; data: Value } | undefined;
}

export type OpenSource = (auth: Auth, token: string, snapshot: number) => FeedSource | undefined;

/** Opens event-source tokens against the engine's state; undefined for anything that is not one. */
export function openEventSource(state: EngineState): OpenSource {
  return (auth, token, snapshot) => {
    const db = auth.db;
    // The lambdas of the token run in this view; each event moves it to the event's time.
    const rt: Rt = {
      state,
      auth,
      db,
      txnTs: snapshot,
      readTs: snapshot,
      undo: [],
      visible: new Set(db.collections.keys()),
      readOnly: true,
      temporal: false,
      readGates: new Map(),
      historyGates: new Map(),
      retainedFrom: new Map(),
    };
    const decoded = decodeToken(rt, token);
    if (!decoded) return undefined;
    const set = decoded.set;
    const src = set.source;
    const single = src.kind === 'array' && src.items[0] instanceof Doc ? src.items[0] : undefined;
    if (src.kind !== 'all' && src.kind !== 'index' && !single) return undefined;
    const coll = single ? single.coll : (src as { coll: string }).coll;
    const { ids, ops } = idSteps(set.ops);
    const project = (id: string, ts: number): Value | undefined => {
      // Read verdicts are kept per snapshot (mayRead in documents.ts): those of one transaction's
      // documents are shared, and `rt` lives for one feed request.
      rt.txnTs = ts;
      rt.readTs = ts;
      if (single && id !== single.id) return undefined;
      const doc = new Doc(coll, id);
      const read = readVersion(rt, doc);
      if (read instanceof NullDoc || !inSource(rt, set, read.v)) return undefined;
      let v: Value = doc;
      for (const op of ops) {
        if (op.kind === 'where') {
          if (applyLambda(op.fn, [v]) !== true) return undefined;
        } else if (op.kind === 'map') {
          v = applyLambda(op.fn, [v]);
        }
      }
      return (v === doc && viewOfRead(rt, doc, read)) || materialize(rt, v);
    };
    /** The watched fields of the document as of `ts` (eventsOn). */
    const watched = (id: string, ts: number): Value[] => {
      rt.txnTs = ts;
      rt.readTs = ts;
      return decoded.watch.map((fn) => applyLambda(fn, [new Doc(coll, id)]));
    };
    return {
      coll,
      startTs: decoded.start,
      ...(ids !== undefined && { ids }),
      eventFor(id, version, previous) {
        const after = version.action === 'delete' ? undefined : project(id, version.ts);
        const before = previous && previous.action !== 'delete' ? project(id, previous.ts) : undefined;
        if (after !== undefined && before !== undefined && decoded.watch.length > 0) {
          const was = watched(id, previous!.ts);
          const now = watched(id, version.ts);
          if (now.every((v, i) => equal(v, was[i]!))) return undefined;
        }
        if (after !== undefined) return { type: before === undefined ? 'add' : 'update', data: after };
        return before === undefined ? undefined : { type: 'remove', data: before };
      },
    };
  };
}

/**
 * The where steps before any map that only bound the id, as one id filter, and the steps left to
 * run (after a map, `.id` is the mapped value's).
 */
function idSteps(steps: readonly SetOp[]): { ids: IdBounds | undefined; ops: SetOp[] } {
  let range: IdRange | undefined;
  const ops: SetOp[] = [];
  for (const op of steps) {
    const bounds = op.kind === 'where' && !ops.some((kept) => kept.kind === 'map') ? idRangeOf(op.fn) : undefined;
    if (bounds === undefined) ops.push(op);
    else range = range === undefined ? bounds : intersect(range, bounds);
  }
  return { ids: range && idBounds(range), ops };
}

/** An index source holds the documents whose terms match; a collection's holds them all. */
function inSource(rt: Rt, set: SetValue, v: Version): boolean {
  const src = set.source;
  if (src.kind !== 'index') return true;
  const c = rt.db.collections.get(src.coll);
  const ix = c && collectionMeta(c).indexes.get(src.index);
  if (!ix) return false;
  const data = v.data ?? {};
  return ix.termPaths.every((path, i) => {
    let x: StoredValue | undefined = path[0] === 'data' ? data : undefined;
    for (const seg of path.slice(1)) x = isObj(x as Value) ? (x as StoredObj)[seg] : undefined;
    return equal(fromStored(x ?? null), src.terms[i] ?? null);
  });
}
