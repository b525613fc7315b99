// `PUT`, `GET` and `DELETE /export/1/<export_id>` (emulator/export/exports.ts): the core's export
// API on the query port. Its errors are compact `{"error": message}` bodies, never v4's or v10's.
import { secretFromAuthorization } from './auth-header.js';
import { MAX_BODY_BYTES, readBody } from './exchange.js';
import { CONTENT_TYPE } from './header-values.js';
import type { Request, Response } from './server.js';
import type { ExportReply, Exports } from '../export/exports.js';

const PREFIX = '/export/1';

export function isExportPath(path: string): boolean {
  return path === PREFIX || path.startsWith(`${PREFIX}/`);
}

function notFound(): ExportReply {
  return { status: 404, body: '{"error":"Not found"}' };
}

async function route(exports: Exports, req: Request, path: string): Promise<ExportReply> {
  const rest = path.slice(PREFIX.length + 1);
  if (rest === '' || rest.includes('/')) return notFound();
  let exportId: string;
  try {
    exportId = decodeURIComponent(rest);
  } catch {
    return notFound();
  }
  const secret = secretFromAuthorization(req.headers.authorization);
  switch (req.method) {
    case 'PUT': {
      const body = await readBody(req);
      if (body.size > MAX_BODY_BYTES) return { status: 413, body: '{"error":"Request entity is too large."}' };
      return exports.put(secret, exportId, body.bytes.toString('utf8'));
    }
    case 'GET':
      return exports.get(secret, exportId);
    case 'DELETE':
      return exports.delete(secret, exportId);
    default:
      return { status: 405, body: '{"error":"Method not allowed"}' };
  }
}

export async function answer(exports: Exports, req: Request, res: Response, path: string): Promise<void> {
  const reply = await route(exports, req, path);
  if (reply.body === undefined) {
    res.writeHead(reply.status, reply.headers);
    res.end();
    return;
  }
  const payload = Buffer.from(reply.body, 'utf8');
  res.writeHead(reply.status, { 'content-type': CONTENT_TYPE, 'content-length': payload.length, ...reply.headers });
  res.end(payload);
}
