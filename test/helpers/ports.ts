// Ports for servers that must be told theirs (sshd, PostgreSQL, moto) rather than take one with
// `--port 0` as the local server does.
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';

/** A port nobody listens on now (bound, then released by the OS). */
async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Throws when `child` has exited within a moment of its server answering: the answer then came from
 * another server on the port (one of the same kind, in a test file run at the same time), and
 * `child` could not bind it.
 */
export async function stillRunning(child: ChildProcess, what: string): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 200));
  if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${what} exited: its port was taken`);
}

/**
 * Starts a server on a free port. Between the port's release and the server's bind, a server of a
 * test file run at the same time may take it, so a start that fails is tried again on another
 * port; `start` must leave nothing running when it throws.
 */
export async function onFreePort<T>(start: (port: number) => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(await freePort());
    } catch (error) {
      if (attempt >= attempts) throw error;
    }
  }
}
