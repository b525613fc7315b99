// `check` against servers it cannot use, in both API modes, through the real CLI: every failure
// about where or how to connect is one CONNECTION_STATUS FAILED whose message says what to check,
// and exit code 0 (Airbyte's acceptance tests want the status exactly once; the Airbyte UI shows
// its message). checkStatus also wants each message documented in docs/troubleshooting.md.
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { MessageWriter } from '../../src/airbyte/writer.js';
import { checkFailure } from '../../src/source/check-failure.js';
import { checkStatus } from '../helpers/check.js';
import { assertDocumented } from '../helpers/documented.js';
import { withEmulator } from '../helpers/emulator.js';
import { CLOSED_PORT, startPasswordBastion, type Bastion } from '../helpers/ssh.js';

const SECRET = 'hunter2-check-secret';

async function listening(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return (server.address() as net.AddressInfo).port;
}

describe('check against a server it cannot use (acceptance)', { concurrency: 4 }, () => {
  const emulator = withEmulator();
  // A web server that is not Fauna, and one that accepts connections and never answers.
  const notFauna = http.createServer((_request, response) =>
    response.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>'),
  );
  const silent = net.createServer(() => {});
  const silentSockets = new Set<net.Socket>();
  let ports: { notFauna: number; silent: number; closed: number };
  let bastion: Bastion;

  before(async () => {
    silent.on('connection', (socket) => silentSockets.add(socket));
    ports = { notFauna: await listening(notFauna), silent: await listening(silent), closed: CLOSED_PORT };
    bastion = await startPasswordBastion('airbyte', 'correct horse battery staple');
  });
  after(async () => {
    for (const socket of silentSockets) socket.destroy();
    notFauna.closeAllConnections();
    await Promise.all([
      new Promise((resolve) => notFauna.close(resolve)),
      new Promise((resolve) => silent.close(resolve)),
      bastion.stop(),
    ]);
  });

  const api = (fqlVersion: string): string =>
    fqlVersion === '4' ? 'FQL v4 API \\(POST /\\)' : 'FQL v10 API \\(POST /query/1\\)';
  const cases = (fqlVersion: string): [string, () => object, RegExp][] => [
    [
      'a refused port, retried',
      () => ({ port: ports.closed, max_retries: 1 }),
      /^Fauna did not answer successfully after 2 attempts in .+ s; last failure: Fauna at http:\/\/127\.0\.0\.1:\d+ refused the connection: check the domain, port and scheme$/,
    ],
    [
      'an unresolvable host',
      () => ({ domain: 'no-such-host.invalid' }),
      /^Cannot resolve the Fauna host of http:\/\/no-such-host\.invalid:\d+: check the domain$/,
    ],
    [
      'TLS to a plain-HTTP server',
      () => ({ port: emulator.emulator().port, scheme: 'https' }),
      /^The server at https:\/\/127\.0\.0\.1:\d+ does not speak TLS \(ERR_SSL_WRONG_VERSION_NUMBER\): set scheme to http if it serves plain HTTP, or check the port$/,
    ],
    [
      'an HTTP server that is not Fauna',
      () => ({ port: ports.notFauna }),
      new RegExp(
        `^The server at http://127\\.0\\.0\\.1:\\d+ answered 404, not as Fauna's ${api(fqlVersion)} does: check the domain, port, scheme and fql_version$`,
      ),
    ],
    [
      'a server that never answers',
      () => ({ port: ports.silent, request_timeout_seconds: 1 }),
      /^Fauna did not answer successfully after 1 attempts in .+ s; last failure: Fauna at http:\/\/127\.0\.0\.1:\d+ did not answer within \d+ ms$/,
    ],
    [
      'an SSH tunnel to a closed port',
      () => ({
        port: ports.closed,
        tunnel_method: {
          tunnel_method: 'SSH_PASSWORD_AUTH',
          tunnel_host: bastion.host,
          tunnel_port: bastion.port,
          tunnel_user: bastion.user,
          tunnel_user_password: 'correct horse battery staple',
        },
      }),
      /^The SSH bastion 127\.0\.0\.1:\d+ cannot reach Fauna at 127\.0\.0\.1:\d+ \(.+\): check the domain and port as the bastion resolves them/,
    ],
  ];

  for (const fqlVersion of ['4', '10']) {
    for (const [name, settings, message] of cases(fqlVersion)) {
      test(`FQL v${fqlVersion}: ${name} is a FAILED status that says what to check, exit code 0`, async () => {
        const config = {
          domain: '127.0.0.1',
          scheme: 'http',
          secret: SECRET,
          max_retries: 0,
          fql_version: fqlVersion,
          ...settings(),
        };
        const { result, status } = await checkStatus(config);
        assert.equal(status.status, 'FAILED');
        assert.match(status.message ?? '', /^Failed to connect to database: /);
        assert.match(status.message!.replace(/^Failed to connect to database: /, ''), message);
        assert.deepEqual(
          result.messages.filter((m) => m.type === 'TRACE'),
          [],
          'no ERROR trace: the status says it all',
        );
        assert.doesNotMatch(result.stdout + result.stderr, /hunter2/);
      });
    }
  }
});

test("a failure that is not the client's (a bug) is a FAILED status too, after its ERROR trace", async () => {
  const lines: string[] = [];
  const out = new MessageWriter(
    new Writable({ write: (chunk, _encoding, done) => done(void lines.push(String(chunk))) }),
  );
  const message = await checkFailure(new TypeError('x is not a function'), undefined, out);
  await out.close();
  assert.equal(
    message,
    "The check failed unexpectedly: x is not a function. Please report it with the ERROR trace's internal_message",
  );
  assertDocumented(message, 'check, unexpected failure');
  const [trace, ...more] = lines
    .join('')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  assert.equal(more.length, 0);
  assert.equal(trace.trace.error.failure_type, 'system_error');
  assert.match(trace.trace.error.stack_trace, /^TypeError: x is not a function/);
});
