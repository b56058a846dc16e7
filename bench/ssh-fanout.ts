/**
 * bench/ssh-fanout: connect + exec on N nodes at once, kubelab's SSH pool against OpenSSH's `ssh`
 * with ControlMaster (the way Ansible's ControlPersist runs), for N = 3, 10, 30.
 *   cold: open N connections and run `true` on each (all in parallel)
 *   warm: run `true` again on every node over the connections already open
 * The N "nodes" are N independent connections to a real sshd on 127.0.0.1 (key auth, as root),
 * so the numbers measure the client side, not a network. Run as root:
 *   npx jiti bench/ssh-fanout.ts            (prints a Markdown table for bench/RESULTS.md)
 */
import { spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { NodeSpec } from '../common/model/node';
import { SshPool } from '../main/ssh/pool';
import { SshRemote } from '../main/ssh/sshRemote';
import { MemorySecretStore } from '../main/store/secrets';
import {
  authorize,
  createUser,
  keygen,
  removeUser,
  Sshd,
} from '../tests/integration/ssh/sshdFixture';

const SIZES = [3, 10, 30];
const ROUNDS = 3;

function sh(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} exited ${code}: ${err}`)),
    );
  });
}

const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const user = createUser();
  const sshd = new Sshd([user.name]);
  const key = join(sshd.dir, 'id_ed25519');
  authorize(user, [keygen(key, 'ed25519')]);
  await sshd.start();
  const hostKey = { algorithm: 'ssh-ed25519', fingerprint: sshd.hostFingerprint() };
  const knownHosts = join(sshd.dir, 'known_hosts');
  await sh('bash', [
    '-c',
    `echo "[127.0.0.1]:${sshd.port} $(cat ${sshd.hostKeyPath}.pub)" > ${knownHosts}`,
  ]);
  const rows: string[] = [];
  try {
    for (const n of SIZES) {
      const result = {
        kubeCold: [] as number[],
        kubeWarm: [] as number[],
        sshCold: [] as number[],
        sshWarm: [] as number[],
      };
      for (let round = 0; round < ROUNDS; round++) {
        const specs: NodeSpec[] = Array.from({ length: n }, (_, i) => ({
          id: `n${i}`,
          name: `n${i}`,
          address: '127.0.0.1',
          port: sshd.port,
          user: user.name,
          auth: 'key',
          keyPath: key,
          role: 'worker',
          labels: {},
          hostKey,
        }));
        const byId = new Map(specs.map((s) => [s.id, s]));
        const secrets = new MemorySecretStore();
        const pool = new SshPool({
          lookup: async (id) => byId.get(id) as NodeSpec,
          secrets,
          trust: { askUnknown: async () => false, pin: async () => undefined },
          idleMs: 60_000,
        });
        const remotes = specs.map((s) => new SshRemote(s.id, pool, { secrets }));
        result.kubeCold.push(await time(() => Promise.all(remotes.map((r) => r.exec('true')))));
        result.kubeWarm.push(await time(() => Promise.all(remotes.map((r) => r.exec('true')))));
        pool.closeAll();

        const ctl = (i: number): string => join(sshd.dir, `cm-${round}-${i}`);
        const base = (i: number): string[] => [
          '-o',
          'BatchMode=yes',
          '-o',
          `UserKnownHostsFile=${knownHosts}`,
          '-o',
          'StrictHostKeyChecking=yes',
          '-o',
          'ControlMaster=auto',
          '-o',
          `ControlPath=${ctl(i)}`,
          '-o',
          'ControlPersist=60',
          '-i',
          key,
          '-p',
          String(sshd.port),
          `${user.name}@127.0.0.1`,
        ];
        result.sshCold.push(
          await time(() => Promise.all(specs.map((_, i) => sh('ssh', [...base(i), 'true'])))),
        );
        result.sshWarm.push(
          await time(() => Promise.all(specs.map((_, i) => sh('ssh', [...base(i), 'true'])))),
        );
        await Promise.all(
          specs.map((_, i) =>
            sh('ssh', ['-o', `ControlPath=${ctl(i)}`, '-O', 'exit', 'x']).catch(() => undefined),
          ),
        );
      }
      const k1 = median(result.kubeCold),
        k2 = median(result.kubeWarm),
        s1 = median(result.sshCold),
        s2 = median(result.sshWarm);
      rows.push(
        `| ${n} | ${k1.toFixed(0)} | ${s1.toFixed(0)} | ${(k1 / s1).toFixed(2)} | ${k2.toFixed(1)} | ${s2.toFixed(1)} | ${(k2 / s2).toFixed(2)} |`,
      );
    }
  } finally {
    await sshd.stop();
    sshd.remove();
    removeUser(user);
  }
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  process.stdout.write(
    [
      `## ssh-fanout — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpu}, Node ${process.version}, OpenSSH 9.2 (Debian 12), loopback`,
      '',
      `Median of ${ROUNDS} rounds, wall ms for all N in parallel; ratio = kubelab / ssh (lower is better).`,
      '',
      '| N | kubelab cold | ssh+ControlMaster cold | ratio | kubelab warm | ssh+ControlMaster warm | ratio |',
      '|---|---|---|---|---|---|---|',
      ...rows,
      '',
    ].join('\n'),
  );
}

void main();
