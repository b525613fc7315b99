// Routing of one port: v10's paths to v10-routes.ts, the export API to export-routes.ts, everything
// else to v4-routes.ts, each query counted by the admission gate from its arrival to its answer.
import { reset, type RouteOptions } from './exchange.js';
import type { Handler, Request } from './server.js';
import * as exportApi from './export-routes.js';
import * as v4 from './v4-routes.js';
import * as v10 from './v10-routes.js';

function pathOf(req: Request): string {
  return new URL(req.url ?? '/', 'http://emulator').pathname;
}

function isQuery(req: Request, path: string): boolean {
  return req.method === 'POST' && (v4.PATHS.has(path) || v10.PATHS.has(path));
}

export function createHandler(options: RouteOptions): Handler {
  return (req, res) => {
    // Counted from arrival, so a query held by the added latency is in flight too.
    const path = pathOf(req);
    const admitted = isQuery(req, path) ? options.gate.enter() : undefined;
    const answered = v10.PATHS.has(path)
      ? v10.answer(options, req, res, path, admitted)
      : exportApi.isExportPath(path)
        ? exportApi.answer(options.exports, req, res, path)
        : v4.answer(options, req, res, admitted);
    answered
      .catch(() => {
        // The client went away mid-request; there is nobody left to answer.
        if (!res.headersSent) reset(req);
      })
      .finally(() => {
        if (admitted !== undefined) options.gate.leave(admitted);
      });
  };
}
