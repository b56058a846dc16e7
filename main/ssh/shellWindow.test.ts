import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Client, Server, utils, type ServerChannel } from 'ssh2';
import type { Lease } from './pool';
import { openShell, SHELL_PACKET, SHELL_WINDOW } from './shell';
import { smallWindowHooks } from './shellWindow';

/**
 * The shell's small SSH window rests on ssh2 internals (shellWindow.ts). These tests run the
 * installed ssh2 as both client and server on loopback, so an ssh2 upgrade that changes those
 * internals fails here instead of silently giving terminals a 2 MiB backlog (or a stall).
 */
const FLOOD = 3 * 1024 * 1024;

let server: Server;
let port: number;
/** What the server saw: the window and packet size the client asked for, and the shell channel. */
const seen: { window?: number; packet?: number; shell?: ServerChannel } = {};

beforeAll(async () => {
  const hostKey = utils.generateKeyPairSync('ed25519').private;
  server = new Server({ hostKeys: [hostKey] }, (conn) => {
    conn.on('authentication', (ctx) => ctx.accept());
    conn.on('ready', () => {
      conn.on('session', (accept) => {
        const session = accept();
        session.on('pty', (ok) => ok?.());
        session.on('shell', (ok) => {
          const channel = ok();
          // ssh2's server keeps the client's grant as the channel's outgoing window.
          const out = (
            channel as ServerChannel & { outgoing: { window: number; packetSize: number } }
          ).outgoing;
          seen.window = out.window;
          seen.packet = out.packetSize;
          seen.shell = channel;
        });
        // A round trip behind the flood: the answer leaves after all the shell data it could send.
        session.on('exec', (ok) => {
          const channel = ok();
          channel.end('pong');
          channel.exit(0);
        });
      });
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});

afterAll(() => server.close());

async function connectClient(): Promise<Client> {
  const client = new Client();
  const ready = once(client, 'ready');
  client.connect({
    host: '127.0.0.1',
    port,
    username: 'tester',
    password: 'unused',
    hostVerifier: () => true,
  });
  await ready;
  return client;
}

function leaseOf(client: Client): Lease {
  return {
    nodeId: 'n1',
    spec: { name: 'n1', user: 'tester' },
    client,
    release: () => undefined,
  } as unknown as Lease;
}

function ping(client: Client): Promise<void> {
  return new Promise((resolve, reject) => {
    client.exec('ping', (err, stream) => {
      if (err) return reject(err);
      stream.on('data', () => undefined).on('close', () => resolve());
    });
  });
}

describe('the shell channel window (ssh2 internals)', () => {
  it('finds the internals it needs in the installed ssh2', async () => {
    const client = await connectClient();
    try {
      expect(smallWindowHooks(client, SHELL_WINDOW, SHELL_PACKET)).toBeDefined();
    } finally {
      client.end();
    }
  });

  it('opens the shell with the small window, holds the node to it, and grows it as read', async () => {
    const client = await connectClient();
    try {
      const shell = await openShell(leaseOf(client), 80, 24);
      expect(shell.smallWindow).toBe(true);
      expect(seen).toMatchObject({ window: SHELL_WINDOW, packet: SHELL_PACKET });

      // The node floods; nothing is consumed yet, so it may send exactly one window.
      let received = 0;
      shell.stream.on('data', (b: Buffer) => (received += b.length));
      seen.shell?.write(Buffer.alloc(FLOOD, 0x78));
      await ping(client);
      expect(received).toBe(SHELL_WINDOW);

      // ssh2 itself did not top the window up (it would have at 1 MiB of its 2 MiB).
      await ping(client);
      expect(received).toBe(SHELL_WINDOW);

      // Consuming what arrived lets the rest through.
      let consumed = 0;
      let consuming = true;
      const done = new Promise<void>((resolve) => {
        shell.stream.on('data', (b: Buffer) => {
          if (!consuming) return;
          consumed += b.length;
          shell.consumed(b.length);
          if (consumed === FLOOD) resolve();
        });
      });
      shell.consumed(received);
      consumed = received;
      await done;
      expect(received).toBe(FLOOD);

      // Reading stops again: the node still gets no more than one window ahead of what was
      // read (had ssh2 topped up its own 2 MiB count meanwhile, it would get ~1 MiB more).
      consuming = false;
      seen.shell?.write(Buffer.alloc(FLOOD, 0x79));
      await ping(client);
      expect(received - consumed).toBeGreaterThan(0);
      expect(received - consumed).toBeLessThanOrEqual(SHELL_WINDOW);
      shell.stream.close();
    } finally {
      client.end();
    }
  });

  it('leaves ssh2 untouched after the shell opened (other channels keep its window)', async () => {
    const client = await connectClient();
    try {
      const protocol = (client as Client & { _protocol: object })._protocol;
      await openShell(leaseOf(client), 80, 24);
      expect(Object.hasOwn(protocol, 'session')).toBe(false);
    } finally {
      client.end();
    }
  });

  it("falls back to ssh2's own window, with one warning, when the internals are missing", async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const client = await connectClient();
    try {
      const protocol = (client as Client & { _protocol: object })._protocol;
      Object.defineProperty(protocol, 'channelWindowAdjust', { value: undefined });
      const shell = await openShell(leaseOf(client), 80, 24);
      expect(shell.smallWindow).toBe(false);
      expect(seen.window).toBe(2 * 1024 * 1024); // ssh2's default grant
      await openShell(leaseOf(client), 80, 24);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]?.[0])).toContain('default 2 MiB channel window');
    } finally {
      client.end();
      warn.mockRestore();
    }
  });
});
