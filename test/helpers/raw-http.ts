import http from 'node:http';
import http2 from 'node:http2';
import type { Transport } from './emulator.js';

/** One request with full control of method, path and headers, for checks below the driver. */

export interface RawRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}

function flatten(headers: http.IncomingHttpHeaders | http2.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !name.startsWith(':'))
      flat[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return flat;
}

function viaHttp1(url: string, request: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      new URL(request.path ?? '/', url),
      { method: request.method ?? 'POST', headers: request.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: flatten(res.headers),
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(request.body);
  });
}

function viaHttp2(url: string, request: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(url);
    session.on('error', reject);
    const stream = session.request({
      ':method': request.method ?? 'POST',
      ':path': request.path ?? '/',
      ...request.headers,
    });
    const chunks: Buffer[] = [];
    let status = 0;
    let headers: Record<string, string> = {};
    stream.on('response', (h) => {
      status = Number(h[':status']);
      headers = flatten(h);
    });
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      session.close();
      resolve({ status, headers, text: Buffer.concat(chunks).toString('utf8') });
    });
    stream.on('error', (error) => {
      session.destroy();
      reject(error);
    });
    stream.end(request.body);
  });
}

export function rawRequest(url: string, transport: Transport, request: RawRequest): Promise<RawResponse> {
  return transport === 'http2' ? viaHttp2(url, request) : viaHttp1(url, request);
}

export const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });
