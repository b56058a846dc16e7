import { Client, type ConnectConfig } from 'ssh2';
import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { HostKey, NodeSpec } from '../../common/model/node';
import { authAttempts, type AuthEnv } from './auth';
import { mapConnectError, sshError } from './errors';
import {
  changedKeyMessage,
  compareHostKey,
  hostKeyOf,
  preferredHostKeyAlgorithms,
  unknownKeyMessage,
} from './hostKey';

/** A host key seen for the first time, as shown to the user before it is trusted. */
export interface HostKeyQuestion {
  nodeId: string;
  host: string;
  port: number;
  key: HostKey;
}

/**
 * Who decides about host keys. `askUnknown` shows the fingerprint (UI prompt, CLI question, or
 * accept-new policy) and resolves true to trust it; `pin` records the trusted key in the project.
 * A changed key is never asked about: it stops the connection.
 */
export interface HostKeyTrust {
  askUnknown(question: HostKeyQuestion): Promise<boolean>;
  pin(nodeId: string, key: HostKey): Promise<void>;
}

export interface ConnectOptions extends AuthEnv {
  trust: HostKeyTrust;
  /** TCP connect + handshake + auth; the clock stops while a person is being asked. */
  connectTimeoutMs?: number;
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  /** An already-open stream to the node (a jump host's forwardOut). */
  sock?: Duplex;
}

export interface Connected {
  client: Client;
  hostKey: HostKey;
  /** 'match' = the pinned key; 'accepted' = trusted just now and pinned. */
  hostKeyState: 'match' | 'accepted';
  /** Says goodbye to the server and frees the socket even if the server never answers. */
  close(): void;
}

/**
 * How long a polite SSH disconnect may wait for the server to close its side. ssh2's end() only
 * half-closes the socket, and its destroy() does nothing once the socket is no longer writable,
 * so a machine that stops answering (a hung sshd, a tarpit, a link that went away) would keep the
 * half-closed socket, and with it `kubelab apply`'s process, alive for good.
 */
const CLOSE_GRACE_MS = 2_000;

function closeSoon(client: Client, sock: Duplex): void {
  client.end();
  if (sock.destroyed) return;
  setTimeout(() => sock.destroy(), CLOSE_GRACE_MS).unref();
}

/**
 * Opens one authenticated ssh2 connection to a node. Host-key checking happens inside the key
 * exchange, before the client sends any auth request: a changed or refused key ends the
 * connection there, so no password or key signature is ever offered to an impostor.
 */
export async function connectNode(spec: NodeSpec, opts: ConnectOptions): Promise<Connected> {
  const attempts = await authAttempts(spec, opts);
  const target = spec.port === 22 ? spec.address : `${spec.address}:${spec.port}`;
  const client = new Client();
  // The socket is ours, not ssh2's, so it can always be destroyed (see CLOSE_GRACE_MS).
  const sock: Duplex = opts.sock ?? new Socket();
  let seen: HostKey | undefined;
  let verdict: 'match' | 'accepted' | 'changed' | 'refused' | undefined;
  let timer: NodeJS.Timeout | undefined;

  return new Promise<Connected>((resolve, reject) => {
    let settled = false;
    const fail = (err: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      client.removeAllListeners('ready');
      client.on('error', () => undefined);
      // Nothing to say goodbye to before login: the socket goes now.
      client.end();
      sock.destroy();
      reject(err);
    };
    const startClock = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        fail(sshError('timeout', spec.id, `Timed out connecting to ${target}.`));
      }, opts.connectTimeoutMs ?? 15_000);
    };

    const hostVerifier = (blob: Buffer, verify: (ok: boolean) => void): void => {
      seen = hostKeyOf(blob);
      const pinned = spec.hostKey;
      const cmp = compareHostKey(pinned, seen);
      if (cmp === 'match') {
        verdict = 'match';
        verify(true);
        return;
      }
      if (cmp === 'changed' && pinned) {
        verdict = 'changed';
        // Settle first: ssh2 reports the refusal as a generic error synchronously in verify().
        fail(
          sshError(
            'host_key_changed',
            spec.id,
            changedKeyMessage(spec.address, spec.port, pinned, seen),
          ),
        );
        verify(false);
        return;
      }
      clearTimeout(timer);
      const key = seen;
      opts.trust
        .askUnknown({ nodeId: spec.id, host: spec.address, port: spec.port, key })
        .then(async (ok) => {
          if (!ok) {
            verdict = 'refused';
            fail(
              sshError(
                'host_key_unknown',
                spec.id,
                unknownKeyMessage(spec.address, spec.port, key),
              ),
            );
            verify(false);
            return;
          }
          await opts.trust.pin(spec.id, key);
          verdict = 'accepted';
          startClock();
          verify(true);
        })
        .catch((err: unknown) => {
          verdict = 'refused';
          fail(err instanceof Error ? err : new Error(String(err)));
          verify(false);
        });
    };

    client.on('ready', () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      client.removeAllListeners('error');
      if (!seen || (verdict !== 'match' && verdict !== 'accepted')) {
        // Unreachable by construction (ssh2 verifies before auth); refuse rather than assume.
        closeSoon(client, sock);
        reject(sshError('host_key_unknown', spec.id, `No host key was verified for ${target}.`));
        return;
      }
      // Small request/response packets: Nagle + delayed ACK would add ~40 ms to every command.
      if (sock instanceof Socket) sock.setNoDelay(true);
      resolve({
        client,
        hostKey: seen,
        hostKeyState: verdict,
        close: () => closeSoon(client, sock),
      });
    });
    client.on('error', (err) => fail(mapConnectError(err, spec.id, target)));
    client.on('close', () =>
      fail(sshError('connection_lost', spec.id, `Connection to ${target} closed during login.`)),
    );

    const preferred = preferredHostKeyAlgorithms(spec.hostKey);
    const config: ConnectConfig = {
      host: spec.address,
      port: spec.port,
      username: spec.user,
      sock,
      readyTimeout: 0, // our own clock, which pauses while a person reads a fingerprint
      keepaliveInterval: opts.keepaliveIntervalMs ?? 5_000,
      keepaliveCountMax: opts.keepaliveCountMax ?? 3,
      hostVerifier,
      authHandler: attempts,
      ...(preferred.length
        ? { algorithms: { serverHostKey: { remove: preferred, prepend: preferred } } }
        : {}),
    } as ConnectConfig;
    startClock();
    // A socket still connecting is awaited by ssh2 (its 'connect' event starts the handshake).
    if (sock instanceof Socket && !opts.sock) sock.connect({ host: spec.address, port: spec.port });
    client.connect(config);
  });
}
