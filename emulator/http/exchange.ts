// What the routes of both APIs share: their options, the request body read under the core's size
// cap, and the reset that plays a dropped connection.
import http2 from 'node:http2';
import type { Engine } from '../engine.js';
import type { Exports } from '../export/exports.js';
import type { FaultPlan } from './faults.js';
import type { QueryGate } from './gate.js';
import type { Request } from './server.js';

export interface RouteOptions {
  engine: Engine;
  latencyMs: number;
  faults: FaultPlan | undefined;
  gate: QueryGate;
  exports: Exports;
}

// The core refuses request bodies of about this size with 413.
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

export interface Body {
  bytes: Buffer;
  size: number;
}

// Reads the whole body, but keeps none of one that is too large: it is drained, then refused.
export function readBody(req: Request): Promise<Body> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve({ bytes: size > MAX_BODY_BYTES ? Buffer.alloc(0) : Buffer.concat(chunks), size }));
    req.on('error', reject);
  });
}

export function reset(req: Request): void {
  if (req instanceof http2.Http2ServerRequest) req.stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
  else req.socket.destroy();
}
