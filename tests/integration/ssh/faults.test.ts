import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../common/model/appError';
import { harness, node } from './harness';
import { canRunSshd, createUser, freePort, removeUser, Sshd, type TestUser } from './sshdFixture';

const run = canRunSshd() ? describe : describe.skip;

async function failure(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`);
  return err;
}

// A documentation address (RFC 5737) with an `unreachable` route: the kernel answers
// EHOSTUNREACH itself, so no packet ever leaves this machine.
const UNREACHABLE = '198.51.100.77';

run('connection faults against a real sshd', () => {
  let user: TestUser;
  let sshd: Sshd;

  beforeAll(async () => {
    user = createUser();
    sshd = new Sshd([user.name]);
    await sshd.start();
  });

  afterAll(async () => {
    await sshd?.stop();
    sshd?.remove();
    if (user) removeUser(user);
  });

  it('stops at a changed host key before any authentication reaches sshd', async () => {
    const h = harness([node('hk', sshd.port, user.name)], { passwords: { hk: user.password } });
    try {
      await h.remote('hk').exec('true');
      // Positive control: a normal login does show up as userauth requests in sshd's log.
      expect(sshd.log()).toMatch(/userauth-request for user/);
      const pinned = h.nodes.get('hk')?.hostKey;
      h.pool.disconnect('hk');
      sshd.swapHostKey();
      await sshd.restart();
      sshd.clearLog();
      const err = await failure(h.remote('hk').exec('true'));
      expect(err.code).toBe('host_key_changed');
      expect(err.nodeId).toBe('hk');
      expect(err.message).toContain('WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!');
      expect(err.message).toContain(sshd.hostFingerprint());
      expect(err.message).toMatch(/Host key verification failed\.$/);
      await new Promise((r) => setTimeout(r, 300));
      const log = sshd.log();
      expect(log).toMatch(/Connection from 127\.0\.0\.1/); // sshd did see the connection…
      expect(log).not.toMatch(/userauth|Failed password|Accepted|input_userauth/); // …but no auth
      expect(h.nodes.get('hk')?.hostKey).toEqual(pinned); // and the pin was not replaced
      expect(h.questions).toHaveLength(1); // nobody was asked to accept the new key
    } finally {
      h.close();
    }
  });

  it('refuses an unknown host key when the user says no (host_key_unknown, no auth sent)', async () => {
    sshd.clearLog();
    const h = harness([node('nk', sshd.port, user.name)], {
      answer: false,
      passwords: { nk: user.password },
    });
    try {
      const err = await failure(h.remote('nk').exec('true'));
      expect(err.code).toBe('host_key_unknown');
      expect(err.message).toContain("can't be established");
      expect(h.nodes.get('nk')?.hostKey).toBeUndefined();
      await new Promise((r) => setTimeout(r, 300));
      expect(sshd.log()).not.toMatch(/userauth-request/);
    } finally {
      h.close();
    }
  });

  it('maps a closed port to refused', async () => {
    const port = await freePort();
    const h = harness([node('rf', port, user.name)], { passwords: { rf: 'x' } });
    try {
      const err = await failure(h.remote('rf').exec('true'));
      expect(err.code).toBe('refused');
      expect(err.message).toContain(`127.0.0.1:${port}`);
    } finally {
      h.close();
    }
  });

  it('maps an address without a route to unreachable', async () => {
    execFileSync('ip', ['route', 'replace', 'unreachable', `${UNREACHABLE}/32`]);
    const h = harness([{ ...node('ur', 22, user.name), address: UNREACHABLE }], {
      passwords: { ur: 'x' },
    });
    try {
      const err = await failure(h.remote('ur').exec('true'));
      expect(err.code).toBe('unreachable');
    } finally {
      h.close();
      execFileSync('ip', ['route', 'del', 'unreachable', `${UNREACHABLE}/32`]);
    }
  });

  it('maps a server that never speaks SSH to timeout', async () => {
    const sockets: Array<{ destroy(): void }> = [];
    const silent: Server = createServer((s) => sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const addr = silent.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    const h = harness([node('to', port, user.name)], {
      passwords: { to: 'x' },
      connectTimeoutMs: 800,
    });
    try {
      const started = Date.now();
      const err = await failure(h.remote('to').exec('true'));
      expect(err.code).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      h.close();
      for (const s of sockets) s.destroy();
      silent.close();
    }
  });
});
