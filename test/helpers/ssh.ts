// SSH bastions for tunnel tests: OpenSSH's sshd with a temporary config, keys made by the test
// (key authentication, as most bastions), and an in-process ssh2 server for password logins
// (sshd checks passwords through PAM against real OS accounts, which a test should not create).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream';
import ssh2 from 'ssh2';
import { onFreePort, stillRunning } from './ports.js';

export const SSHD = '/usr/sbin/sshd';

export interface Bastion {
  host: string;
  port: number;
  user: string;
  /** The bastion's host key as a known_hosts line. */
  knownHosts: string;
  stop(): Promise<void>;
}

/** A fresh key pair: the private key (OpenSSH format) and the public key line. */
export function sshKeyPair(dir: string, name: string): { privateKey: string; publicKey: string } {
  const file = join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', file]);
  return { privateKey: readFileSync(file, 'utf8'), publicKey: readFileSync(`${file}.pub`, 'utf8') };
}

/** Why OpenSSH's sshd cannot run here, or undefined when it can. */
export function sshdUnavailable(): string | undefined {
  if (!existsSync(SSHD)) return `${SSHD} is not installed (apt-get install openssh-server; .ci/run does it)`;
  if (process.getuid?.() !== 0) return 'sshd must run as root to log users in';
  return undefined;
}

/**
 * A port that refuses connections: nothing listens on port 1 (tcpmux, privileged). A port just
 * released would do only until a server of another test file, run at the same time, is given it.
 */
export const CLOSED_PORT = 1;

/** Resolves once the server at `port` sends its SSH banner. */
async function waitForBanner(port: number, child: ChildProcess, log: () => string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`sshd exited with ${child.exitCode}: ${log()}`);
    const banner = await new Promise<string>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.setEncoding('utf8');
      socket.once('data', (data: string) => {
        socket.destroy();
        resolve(data);
      });
      socket.once('error', () => resolve(''));
    });
    if (banner.startsWith('SSH-2.0')) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`sshd did not start: ${log()}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
}

function sshdConfig(dir: string, port: number, settings: { allowTcpForwarding?: boolean }): string {
  return [
    `ListenAddress 127.0.0.1:${port}`,
    `HostKey ${join(dir, 'host_key')}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    'StrictModes no',
    'PermitRootLogin yes',
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    `AllowTcpForwarding ${settings.allowTcpForwarding === false ? 'no' : 'yes'}`,
    'LogLevel ERROR',
    '',
  ].join('\n');
}

/** OpenSSH's sshd on a free port of 127.0.0.1, letting in `authorizedKey` for the current user. */
export async function startSshd(
  authorizedKey: string,
  settings: { allowTcpForwarding?: boolean } = {},
): Promise<Bastion> {
  const dir = mkdtempSync(join(tmpdir(), 'source-fauna-sshd-'));
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host_key')]);
  writeFileSync(join(dir, 'authorized_keys'), authorizedKey);
  // sshd's privilege separation needs this folder (made by the service unit, which tests do not run).
  mkdirSync('/run/sshd', { recursive: true });
  const { port, child } = await onFreePort(async (port) => {
    writeFileSync(join(dir, 'sshd_config'), sshdConfig(dir, port, settings));
    const child = spawn(SSHD, ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    try {
      await waitForBanner(port, child, () => stderr);
      await stillRunning(child, 'sshd');
    } catch (error) {
      await stopChild(child);
      throw error;
    }
    return { port, child };
  });
  return {
    host: '127.0.0.1',
    port,
    user: userInfo().username,
    knownHosts: `[127.0.0.1]:${port} ${readFileSync(join(dir, 'host_key.pub'), 'utf8')}`,
    stop: async () => {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * An in-process SSH server (ssh2) that accepts `user` with `password` and forwards direct-tcpip
 * channels, as a bastion with AllowTcpForwarding does.
 */
export async function startPasswordBastion(user: string, password: string): Promise<Bastion> {
  const dir = mkdtempSync(join(tmpdir(), 'source-fauna-ssh2-'));
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host_key')]);
  const hostKey = readFileSync(join(dir, 'host_key'), 'utf8');
  const knownHosts = readFileSync(join(dir, 'host_key.pub'), 'utf8');
  rmSync(dir, { recursive: true, force: true });
  const sockets = new Set<net.Socket>();
  const server = new ssh2.Server({ hostKeys: [hostKey] }, (client) => {
    client.on('error', () => {});
    client.on('authentication', (context) => {
      if (context.method === 'password' && context.username === user && context.password === password) context.accept();
      else context.reject(['password']);
    });
    client.on('ready', () => {
      client.on('tcpip', (accept, reject, info) => {
        const upstream = net.connect(info.destPort, info.destIP);
        sockets.add(upstream);
        let accepted = false;
        upstream.once('connect', () => {
          accepted = true;
          pipeline(upstream, accept(), upstream, () => upstream.destroy());
        });
        upstream.once('error', () => {
          if (!accepted) reject();
        });
        upstream.once('close', () => sockets.delete(upstream));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    host: '127.0.0.1',
    port: (server.address() as net.AddressInfo).port,
    user,
    knownHosts,
    stop: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
