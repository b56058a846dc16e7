import { once } from 'node:events';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Server as SshServer, utils } from 'ssh2';
import type { NodeSpec } from '../../common/model/node';
import type { SecretStore } from '../store/secrets';
import { connectNode, type ConnectOptions } from './connection';

/**
 * A machine that stops answering must not keep kubelab alive: ssh2's end() only half-closes its
 * socket and its destroy() is a no-op after that, so a `kubelab apply` against a hung sshd
 * finished its run and then never exited (CI's run-lock suite waited out its 180 s timeout).
 * The evidence here is the process's own open TCP handles, counted by Node.
 */
const openTcpSockets = (): number =>
  process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;

async function until(what: string, probe: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const secrets: SecretStore = {
  kind: 'test',
  writable: false,
  get: () => Promise.resolve('pw'),
  set: () => Promise.resolve(),
  delete: () => Promise.resolve(),
};

const spec = (port: number): NodeSpec =>
  ({
    id: 'n1',
    name: 'n1',
    address: '127.0.0.1',
    port,
    user: 'tester',
    auth: 'password',
    role: 'worker',
  }) as NodeSpec;

const servers: Server[] = [];
const held: Socket[] = [];
afterEach(async () => {
  for (const s of held.splice(0)) s.destroy();
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

/** Accepts and then never reads, writes or closes: no banner, and a FIN is never answered. */
async function tarpit(): Promise<number> {
  const server = createServer({ pauseOnConnect: true }, (s) => void held.push(s));
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

describe('connectNode frees its socket when the server never answers', () => {
  it('before login: a timed-out connect leaves no socket open', async () => {
    const port = await tarpit();
    const before = openTcpSockets();
    const opts: ConnectOptions = {
      secrets,
      trust: { askUnknown: () => Promise.resolve(true), pin: () => Promise.resolve() },
      connectTimeoutMs: 300,
    };
    await expect(connectNode(spec(port), opts)).rejects.toMatchObject({ code: 'timeout' });
    // The tarpit's own accepted socket stays (held); the client's must be gone.
    await until('the client socket to close', () => openTcpSockets() === before + 1, 3_000);
    expect(held).toHaveLength(1);
  });

  it('after login: close() frees the socket even when the server ignores the goodbye', async () => {
    const hostKey = utils.generateKeyPairSync('ed25519').private;
    const ssh = new SshServer({ hostKeys: [hostKey] }, (conn) => {
      conn.on('error', () => undefined);
      conn.on('authentication', (ctx) => ctx.accept());
    });
    ssh.listen(0, '127.0.0.1');
    await once(ssh, 'listening');
    servers.push(ssh as unknown as Server);
    const sshPort = (ssh.address() as AddressInfo).port;
    // A relay that passes bytes both ways until the link "hangs" after login: from then on it
    // passes on nothing (no goodbye reaches the server) and never answers the client's FIN.
    let hung = false;
    const relay = createServer({ allowHalfOpen: true }, (c) => {
      const up = connect(sshPort, '127.0.0.1');
      held.push(c, up);
      c.on('data', (d) => void (hung || up.write(d)));
      up.on('data', (d) => void (hung || c.write(d)));
      c.on('error', () => undefined);
      up.on('error', () => undefined);
    });
    servers.push(relay);
    relay.listen(0, '127.0.0.1');
    await once(relay, 'listening');

    const connected = await connectNode(spec((relay.address() as AddressInfo).port), {
      secrets,
      trust: { askUnknown: () => Promise.resolve(true), pin: () => Promise.resolve() },
    });
    hung = true;
    const withClient = openTcpSockets();
    connected.close();
    await until('the client socket to close', () => openTcpSockets() === withClient - 1, 5_000);
  }, 15_000);
});
