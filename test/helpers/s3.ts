// A real S3-protocol server for the tests: moto's server mode (PyPI `moto[server]`, pinned in
// test/python-requirements.txt), on a free port, with IAM checks on: the first three requests
// (unsigned) make a user, its access key and its policy; every later one must be signed by a
// known key. A test that needs a 503 now and then puts `flakyProxy` in front of it.
import { spawn } from 'node:child_process';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { onFreePort } from './ports.js';

export interface S3Server {
  endpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  close(): Promise<void>;
}

export async function startS3(python: string): Promise<S3Server> {
  const { port, child } = await onFreePort(async (port) => {
    const child = spawn(python, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
      env: { ...process.env, INITIAL_NO_AUTH_ACTION_COUNT: '3' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    // moto exits when it cannot bind: nothing is left running on a failed start.
    await new Promise<void>((resolve, reject) => {
      const seen = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Running on')) resolve();
      };
      child.stdout!.on('data', seen);
      child.stderr!.on('data', seen);
      child.on('exit', (code) => reject(new Error(`moto exited (${code}): ${output}`)));
    });
    return { port, child };
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const iam = async (action: string, params: Record<string, string>) => {
    const body = new URLSearchParams({ Action: action, Version: '2010-05-08', ...params });
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/iam/aws4_request',
      },
      body,
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${action}: ${response.status} ${text}`);
    return text;
  };
  await iam('CreateUser', { UserName: 'reader' });
  const key = await iam('CreateAccessKey', { UserName: 'reader' });
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
  });
  await iam('PutUserPolicy', { UserName: 'reader', PolicyName: 'all', PolicyDocument: policy });
  const credentials = {
    accessKeyId: /<AccessKeyId>(.+)<\/AccessKeyId>/.exec(key)![1]!,
    secretAccessKey: /<SecretAccessKey>(.+)<\/SecretAccessKey>/.exec(key)![1]!,
  };
  return {
    endpoint,
    credentials,
    close: async () => {
      child.kill();
      await once(child, 'exit');
    },
  };
}

/** A proxy to `target` that answers every `every`-th request with 503 SlowDown, as S3 does under load. */
export async function flakyProxy(
  target: string,
  every: number,
): Promise<{ endpoint: string; refused: () => number; close(): Promise<void> }> {
  const upstream = new URL(target);
  let count = 0;
  let refused = 0;
  const server: Server = createServer((incoming, outgoing) => {
    if (++count % every === 0) {
      refused++;
      incoming.resume();
      outgoing.writeHead(503, { 'content-type': 'application/xml' });
      outgoing.end(
        '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>',
      );
      return;
    }
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode!, answer.headers);
        answer.pipe(outgoing);
      },
    );
    incoming.pipe(forward);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    refused: () => refused,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
