import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName } from '../../../common/contract';
import { HostFactsSchema } from '../../../common/model/facts';
import { dispatch } from '../../../main/api/dispatch';
import { createBackend } from '../../../main/backend';
import { gatherFacts } from '../../../main/nodes/factsService';
import { TerminalService } from '../../../main/terminals/terminalService';
import { FileProjectStore, untitledProject } from '../../../main/store/projectStore';
import { VaultSecretStore } from '../../../main/store/secretsVault';
import { harness, node } from './harness';
import { canRunSshd, createUser, removeUser, Sshd, type TestUser } from './sshdFixture';

const run = canRunSshd() ? describe : describe.skip;

/** Every regular file under `dir` (recursively). */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

const until = async (cond: () => boolean, ms = 10_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

run('facts, terminals and secrets against a real sshd', () => {
  // The user's real password doubles as the canary: it must work, and must never be written.
  const canary = `CANARY-${randomBytes(8).toString('hex')}`;
  let user: TestUser;
  let sshd: Sshd;

  beforeAll(async () => {
    user = createUser(canary);
    sshd = new Sshd([user.name]);
    await sshd.start();
  });

  afterAll(async () => {
    await sshd?.stop();
    sshd?.remove();
    if (user) removeUser(user);
  });

  it('gathers facts in one script as root through sudo', async () => {
    const h = harness([node('fx', sshd.port, user.name)], { passwords: { fx: user.password } });
    try {
      const facts = await gatherFacts(h.pool, { secrets: h.secrets }, 'fx');
      expect(HostFactsSchema.parse(facts)).toEqual(facts);
      expect(facts.sudo).toEqual({ mode: 'password' });
      expect(facts.hostname).toBe(hostname());
      expect(facts.machineId).toBe(readFileSync('/etc/machine-id', 'utf8').trim());
      expect(Math.abs(facts.clockOffsetMs)).toBeLessThan(1_000);
      expect(facts.firewall.iptablesForwardPolicy).toBeDefined(); // needs root: sudo worked
      expect(facts.interfaces.find((i) => i.name === 'lo')?.addresses[0]?.address).toBe(
        '127.0.0.1',
      );
    } finally {
      h.close();
    }
  });

  it('runs a pty shell with batched output, pauses a fast producer until acked', async () => {
    const h = harness([node('tm', sshd.port, user.name)], { passwords: { tm: user.password } });
    const chunks: string[] = [];
    let exit: unknown;
    const terms = new TerminalService({
      pool: h.pool,
      // Output is raw bytes (here ASCII, so each chunk decodes on its own).
      events: {
        data: (_id, d) => chunks.push(Buffer.from(d).toString('utf8')),
        exit: (_id, e) => (exit = e),
      },
      highWatermark: 20_000,
      lowWatermark: 2_000,
    });
    try {
      const { sessionId, title } = await terms.open({ kind: 'node', nodeId: 'tm' }, 100, 30);
      expect(title).toBe(`${user.name}@tm`);
      terms.write(sessionId, 'stty size; echo "ok-$((6*7))"\n');
      await until(() => chunks.join('').includes('ok-42'));
      expect(chunks.join('')).toContain('30 100');
      terms.resize(sessionId, 120, 40);
      terms.write(sessionId, 'stty size\n');
      await until(() => chunks.join('').includes('40 120'));
      // A producer far faster than the UI: without acks the session pauses near the watermark.
      const before = chunks.join('').length;
      terms.write(sessionId, 'head -c 3000000 /dev/zero | tr "\\0" x; echo; echo END-OF-FLOOD\n');
      await until(() => terms.flowState(sessionId).paused);
      await new Promise((r) => setTimeout(r, 300));
      const received = chunks.join('').length - before;
      expect(received).toBeLessThan(1_000_000); // bounded: far less than the 3 MB produced
      // Acknowledge as a UI would; the rest arrives.
      while (!chunks.join('').includes('END-OF-FLOOD')) {
        terms.ack(sessionId, terms.flowState(sessionId).unacked);
        await new Promise((r) => setTimeout(r, 5));
      }
      terms.write(sessionId, 'exit 3\n');
      // Keep acking like xterm.js does; a paused channel would hold back its own close.
      await until(() => {
        if (exit === undefined) terms.ack(sessionId, terms.flowState(sessionId).unacked);
        return exit !== undefined;
      });
      expect(exit).toMatchObject({ code: 3 });
    } finally {
      terms.closeAll();
      h.close();
    }
  });

  it('never writes the password: vault, project file, session log, runs dir, node files', async () => {
    const dir = mkdtempSync('/tmp/kubelab-canary-');
    const runId = `canary-${randomBytes(4).toString('hex')}`;
    const projectFile = join(dir, 'kubelab.yaml');
    const projectStore = new FileProjectStore(untitledProject(), projectFile);
    const secrets = await VaultSecretStore.open(join(dir, 'vault.json'), 'vault passphrase 123');
    const backend = createBackend({
      face: 'cli',
      settingsStore: { read: async () => ({}) as never, write: async () => undefined },
      projectStore,
      nodes: { secrets, terminalLogDir: join(dir, 'terminal-logs') },
    });
    const seen: Array<{ name: EventName; payload: unknown }> = [];
    backend.bus.subscribe((name, payload) => {
      seen.push({ name, payload });
      if (name === 'nodes.hostKeyPrompt') {
        const { promptId } = payload as { promptId: string };
        void dispatch(
          backend.handlers,
          'nodes.answerHostKey',
          { promptId, accept: true },
          { face: 'cli' },
        );
      }
    });
    const call = async (name: string, payload: unknown): Promise<unknown> => {
      const res = await dispatch(backend.handlers, name, payload, { face: 'cli' });
      if (!res.ok) throw new Error(`${name}: ${res.error.code} ${res.error.message}`);
      return res.value;
    };
    try {
      await call('nodes.add', {
        name: 'cn',
        address: '127.0.0.1',
        port: sshd.port,
        user: user.name,
        auth: 'password',
      });
      await call('nodes.setSecret', { id: 'cn', kind: 'password', value: canary });
      const test = (await call('nodes.test', { id: 'cn' })) as {
        authOk: boolean;
        sudo: string;
        hostKey: { state: string };
      };
      expect(test).toMatchObject({
        reachable: true,
        authOk: true,
        sudo: 'password',
        hostKey: { state: 'accepted' },
      });
      const facts = (await call('nodes.facts', { ids: ['cn'] })) as {
        results: Array<{ facts?: unknown }>;
      };
      expect(facts.results[0]?.facts).toBeDefined();
      // The pinned key went into the project file.
      expect(readFileSync(projectFile, 'utf8')).toContain(sshd.hostFingerprint());
      const { sessionId } = (await call('terminal.open', {
        target: { kind: 'node', nodeId: 'cn' },
        cols: 80,
        rows: 24,
        log: true,
      })) as {
        sessionId: string;
      };
      await call('terminal.write', {
        sessionId,
        data: 'sudo -k; sudo -S -p "" id -u <<<"$(cat /dev/null)"; echo done-$((2+2))\n',
      });
      await until(() =>
        seen.some(
          (e) =>
            e.name === 'terminal.data' &&
            Buffer.from((e.payload as { data: Uint8Array }).data)
              .toString('utf8')
              .includes('done-4'),
        ),
      );
      await call('terminal.close', { sessionId });
      // Root work through sudo: a detached run and an upload (password on stdin each time).
      const h = harness([node('cn', sshd.port, user.name)], { passwords: { cn: canary } });
      try {
        const r = h.remote('cn');
        await r.startDetached({ runId, stepId: 's1' }, 'echo "running as $(id -u) with $TOKEN"\n', {
          TOKEN: 'abcdef.0123456789abcdef',
        });
        expect((await r.followDetached({ runId, stepId: 's1' }, 0, () => undefined)).exitCode).toBe(
          0,
        );
        await r.upload(`/tmp/${runId}.conf`, 'data\n', 0o600);
      } finally {
        h.close();
      }
      await new Promise((r) => setTimeout(r, 200));
      const written = [
        ...filesUnder(dir),
        ...filesUnder(`/var/lib/kubelab/runs/${runId}`),
        ...filesUnder(user.home),
        `/tmp/${runId}.conf`,
      ];
      expect(written.length).toBeGreaterThan(8);
      expect(written.some((f) => f.includes('terminal-logs'))).toBe(true);
      for (const f of written) {
        if (statSync(f).size > 50_000_000) continue;
        expect(readFileSync(f).includes(canary), f).toBe(false);
      }
      expect(JSON.stringify(seen)).not.toContain(canary);
    } finally {
      backend.nodes.close();
      rmSync(dir, { recursive: true, force: true });
      rmSync(`/var/lib/kubelab/runs/${runId}`, { recursive: true, force: true });
      rmSync(`/tmp/${runId}.conf`, { force: true });
    }
  });
});
