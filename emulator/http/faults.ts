/**
 * The seeded fault plan: a deterministic sequence of decisions, one per `POST /` request in arrival
 * order, so a connector test that fails under faults fails the same way on every run.
 */

export type Fault =
  | { kind: 'throttle' } // 429 too many requests
  | { kind: 'unavailable' } // 503 time out
  | { kind: 'reset' } // connection (HTTP/1.1) or stream (HTTP/2) reset, no response
  | { kind: 'slow'; delayMs: number }; // a correct answer, late

const KINDS = ['throttle', 'unavailable', 'reset', 'slow'] as const;
const SLOW_MIN_MS = 100;
const SLOW_SPAN_MS = 400;

export interface FaultPlan {
  /** The fault for the next request, or undefined to serve it normally. */
  next(): Fault | undefined;
}

// mulberry32: tiny, fast and good enough to spread faults evenly; Math.random cannot be seeded.
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function createFaultPlan(rate: number, seed: number): FaultPlan {
  const random = prng(seed);
  return {
    next() {
      // Three draws per request whatever the outcome, so one decision never shifts the next.
      const hit = random() < rate;
      const kind = KINDS[Math.floor(random() * KINDS.length)] ?? 'slow';
      const delayMs = SLOW_MIN_MS + Math.floor(random() * SLOW_SPAN_MS);
      if (!hit) return undefined;
      return kind === 'slow' ? { kind, delayMs } : { kind };
    },
  };
}
