// An SSH tunnel to Fauna through a bastion (ssh2): a local listener on 127.0.0.1 whose every
// connection becomes one direct-tcpip channel to Fauna's domain:port as the bastion resolves it.
// Channels are multiplexed on one SSH connection, so the pool's concurrent connections all fit.
import { createHash } from 'node:crypto';
import net from 'node:net';
import { pipeline } from 'node:stream';
import { Client, type ClientChannel, type ConnectConfig } from 'ssh2';
import { TunnelError } from './errors.js';

export interface TunnelOptions {
  host: string;
  port: number;
  user: string;
  auth: { privateKey: string } | { password: string };
  /** known_hosts lines or SHA256: fingerprints; empty accepts any host key. */
  knownHosts: string;
  /** Where each connection goes, as the bastion resolves it. */
  target: { host: string; port: number };
}

export interface Tunnel {
  /** The local end: a TCP connection here reaches the target through the bastion. */
  local: { host: string; port: number };
  /** The bastion's host key, e.g. SHA256:abc...; `pinned` when it matched the known hosts given. */
  hostKey: { fingerprint: string; pinned: boolean };
  close(): Promise<void>;
}

// Airbyte's tunnels wait 15 s for the connection and the login.
const READY_TIMEOUT_MS = 15_000;
const KEEPALIVE_MS = 10_000;

/** Connects and logs in to the bastion and checks it can reach the target; throws TunnelError naming the hop that failed. */
export async function openTunnel(options: TunnelOptions): Promise<Tunnel> {
  const allowed = hostKeys(options.knownHosts);
  const ssh = new Client();
  let fingerprint = '';
  const config: ConnectConfig = {
    host: options.host,
    port: options.port,
    username: options.user,
    ...('privateKey' in options.auth
      ? { privateKey: options.auth.privateKey }
      : { password: options.auth.password, tryKeyboard: true }),
    readyTimeout: READY_TIMEOUT_MS,
    keepaliveInterval: KEEPALIVE_MS,
    hostVerifier: (key: Buffer) => {
      fingerprint = fingerprintOf(key);
      return allowed.size === 0 || allowed.has(fingerprint);
    },
  };
  if ('password' in options.auth) {
    const { password } = options.auth;
    // Servers that check passwords through PAM ask for them as keyboard-interactive prompts.
    ssh.on('keyboard-interactive', (_name, _instructions, _lang, prompts, finish) =>
      finish(prompts.map(() => password)),
    );
  }
  await new Promise<void>((resolve, reject) => {
    ssh.once('ready', resolve);
    ssh.once('error', (error) => reject(loginError(error, options, fingerprint, allowed.size > 0)));
    try {
      ssh.connect(config);
    } catch (error) {
      reject(
        new TunnelError(
          `tunnel_method.ssh_key is not a private key the connector can read (${(error as Error).message}): paste the whole key, ` +
            'its BEGIN and END lines included, in OpenSSH or PEM format and without a passphrase',
        ),
      );
    }
  });
  // Past the login, a dropped connection shows as failed requests to Fauna (retried, then reported).
  ssh.on('error', () => {});
  ssh.setNoDelay(true);
  const ended = new Promise<void>((resolve) => ssh.once('close', () => resolve()));

  try {
    (await forward(ssh, '127.0.0.1', 0, options.target)).destroy();
  } catch (error) {
    ssh.end();
    throw forwardError(error as Error & { reason?: unknown }, options);
  }

  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    // Answers are written in pieces as SSH packets arrive: Nagle would hold the last one back.
    socket.setNoDelay(true);
    forward(ssh, socket.remoteAddress ?? '127.0.0.1', socket.remotePort ?? 0, options.target).then(
      (channel) => {
        if (socket.destroyed) channel.destroy();
        else pipeline(socket, channel, socket, () => socket.destroy());
      },
      // The pool sees a closed connection and retries the request on a new one.
      () => socket.destroy(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });

  return {
    local: { host: '127.0.0.1', port: (server.address() as net.AddressInfo).port },
    hostKey: { fingerprint, pinned: allowed.size > 0 },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          ssh.end();
          void ended.then(resolve);
        });
      }),
  };
}

function forward(
  ssh: Client,
  fromHost: string,
  fromPort: number,
  target: { host: string; port: number },
): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    ssh.forwardOut(fromHost, fromPort, target.host, target.port, (error, channel) =>
      error ? reject(error) : resolve(channel),
    );
  });
}

// RFC 4254 §5.1: the reason code of a refused channel.
const ADMINISTRATIVELY_PROHIBITED = 1;

function forwardError(error: Error & { reason?: unknown }, options: TunnelOptions): TunnelError {
  const bastion = `The SSH bastion ${options.host}:${options.port}`;
  const fauna = `Fauna at ${options.target.host}:${options.target.port}`;
  if (error.reason === ADMINISTRATIVELY_PROHIBITED) {
    return new TunnelError(
      `${bastion} refused to forward connections to ${fauna} (administratively prohibited): allow it in the bastion's sshd_config ` +
        `(AllowTcpForwarding yes, and PermitOpen ${options.target.host}:${options.target.port} if PermitOpen is set) for user '${options.user}'`,
    );
  }
  return new TunnelError(
    `${bastion} cannot reach ${fauna} (${error.message}): check the domain and port as the bastion resolves them, ` +
      'and that Fauna listens there and accepts connections from the bastion',
  );
}

function loginError(
  error: Error & { level?: string; code?: string },
  options: TunnelOptions,
  fingerprint: string,
  pinned: boolean,
): TunnelError {
  const at = `${options.host}:${options.port}`;
  if (pinned && fingerprint !== '' && /verification failed/i.test(error.message)) {
    return new TunnelError(
      `The SSH bastion ${at} presented host key ${fingerprint}, which is not in tunnel_method.known_hosts: make sure this is ` +
        `your bastion, then add its key (ssh-keyscan -p ${options.port} ${options.host}) to known_hosts`,
    );
  }
  if (error.level === 'client-authentication') {
    const fix =
      'privateKey' in options.auth
        ? "ssh_key: its public key must be in that user's ~/.ssh/authorized_keys on the bastion"
        : "tunnel_user_password, and that the bastion's sshd allows password logins (PasswordAuthentication yes)";
    const method = 'privateKey' in options.auth ? 'SSH key' : 'password';
    return new TunnelError(
      `The SSH bastion ${at} refused the login of user '${options.user}' with the ${method}: check tunnel_method.tunnel_user and ${fix}`,
    );
  }
  if (error.level === 'client-timeout') {
    return new TunnelError(
      `The SSH bastion ${at} did not complete the SSH handshake within ${READY_TIMEOUT_MS / 1000} s: check tunnel_method.tunnel_host ` +
        'and tunnel_port (is an SSH server listening there?) and the firewalls between',
    );
  }
  if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') {
    return new TunnelError(
      `Cannot resolve the SSH bastion host '${options.host}' (${error.code}): check tunnel_method.tunnel_host`,
    );
  }
  if (error.level === 'client-socket') {
    return new TunnelError(
      `Cannot reach the SSH bastion at ${at} (${error.code ?? error.message}): check tunnel_method.tunnel_host and tunnel_port, ` +
        'and that the bastion accepts SSH connections from this machine',
    );
  }
  return new TunnelError(`The SSH connection to the bastion ${at} failed: ${error.message}`);
}

/** OpenSSH's fingerprint of a public key blob: SHA256: and unpadded base64. */
function fingerprintOf(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** The fingerprints of known_hosts lines ("[host]:port type base64 ...", host names not compared) and of SHA256: entries. */
function hostKeys(text: string): Set<string> {
  const keys = new Set<string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('@revoked')) continue;
    const tokens = line.split(/\s+/);
    tokens.forEach((token, i) => {
      if (token.startsWith('SHA256:')) keys.add(token.replace(/=+$/, ''));
      else if (i > 0 && /^(ssh-|ecdsa-|sk-)/.test(tokens[i - 1]!) && /^[A-Za-z0-9+/]+={0,2}$/.test(token)) {
        keys.add(fingerprintOf(Buffer.from(token, 'base64')));
      }
    });
  }
  if (text.trim() !== '' && keys.size === 0) {
    throw new TunnelError(
      'tunnel_method.known_hosts holds no host key: give known_hosts lines (ssh-keyscan HOST) or SHA256: fingerprints, or leave it empty',
    );
  }
  return keys;
}
