/**
 * bench/push (issue 22): one file pushed to 3 and to 10 practice-lab nodes at once, kubelab's
 * pushFile (SFTP over the pooled sessions, 64 requests in flight, SHA-256 checked by each node's
 * sha256sum before the rename) against OpenSSH's `scp` of the same file to the same nodes in
 * parallel (OpenSSH 9 scp speaks SFTP too; it checks nothing). Goal: kubelab / scp ≤ 1.2.
 * The lab must be up on BENCH_LAB_INSTANCE with at least 10 nodes (a bench-10 scenario, see
 * bench/lib/labBench.ts scenarioFile); run as root:
 *   BENCH_LAB_INSTANCE=31 npx jiti bench/push.bench.ts   (a Markdown section for bench/RESULTS.md)
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NodeSpec } from '../common/model/node';
import { SshPool } from '../main/ssh/pool';
import { SshRemote } from '../main/ssh/sshRemote';
import { pushFile } from '../main/ssh/transfer/push';
import { parseProject } from '../main/store/projectFile';
import { MemorySecretStore } from '../main/store/secrets';
import { lab, LAB_STATE } from './lib/labBench';

const MIB = 1024 * 1024;
const SIZE_MIB = Number(process.env.BENCH_PUSH_MIB ?? '256');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? '2');
const SIZES = (process.env.BENCH_PUSH_NODES ?? '3,10').split(',').map(Number);
const KL_TARGET = '/var/tmp/kubelab-push-bench.bin';
const SCP_TARGET = '/var/tmp/scp-push-bench.bin';

async function randomFile(path: string, size: number): Promise<void> {
  const out = createWriteStream(path);
  const block = Buffer.alloc(MIB);
  for (let done = 0; done < size; done += MIB) {
    for (let i = 0; i < block.length; i += 4)
      block.writeUInt32LE((Math.random() * 2 ** 32) >>> 0, i);
    if (!out.write(block)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(r));
}

/**
 * `scp` of the file to every node at once from one bash, which reports the scp processes' CPU
 * time (bash `times`, second line: children's user and system).
 */
function scpAll(
  nodes: readonly NodeSpec[],
  file: string,
  key: string,
  knownHosts: string,
): Promise<{ s: number; cpu: number }> {
  const script = [
    'pids=()',
    'for ip in $KL_IPS; do',
    '  scp -q -o BatchMode=yes -o "UserKnownHostsFile=$KL_KH" -i "$KL_KEY" "$KL_FILE" "root@$ip:$KL_T" &',
    '  pids+=($!)',
    'done',
    'rc=0; for p in "${pids[@]}"; do wait "$p" || rc=1; done',
    'times; exit $rc',
  ].join('\n');
  const env = {
    ...process.env,
    KL_IPS: nodes.map((n) => n.address).join(' '),
    KL_KH: knownHosts,
    KL_KEY: key,
    KL_FILE: file,
    KL_T: SCP_TARGET,
  };
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn('bash', ['-c', script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('exit', (code) => {
      const s = (performance.now() - t0) / 1000;
      const children = out.trim().split('\n').at(-1) ?? '';
      const cpu = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce(
        (sum, m) => sum + Number(m[1]) * 60 + Number(m[2]),
        0,
      );
      if (code === 0) resolve({ s, cpu });
      else reject(new Error(`scp exited ${code}: ${err}`));
    });
  });
}

const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
}

async function main(): Promise<void> {
  const nodes: NodeSpec[] = parseProject(lab('project').stdout).nodes;
  if (nodes.length < Math.max(...SIZES))
    throw new Error(`the lab has ${nodes.length} nodes; bring up a bench-10 scenario`);
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-push-bench-'));
  const file = join(dir, 'bundle.bin');
  await randomFile(file, SIZE_MIB * MIB);
  const key = join(LAB_STATE, 'ssh', 'id_ed25519');
  const knownHosts = join(LAB_STATE, 'ssh', 'known_hosts');
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const secrets = new MemorySecretStore();
  const pool = new SshPool({
    lookup: async (id) => byId.get(id) as NodeSpec,
    secrets,
    trust: { askUnknown: async () => false, pin: async () => undefined },
    idleMs: 120_000,
  });
  const remotes = nodes.map((n) => new SshRemote(n.id, pool, { secrets }));
  const clean = (n: number): Promise<unknown> =>
    Promise.all(remotes.slice(0, n).map((r) => r.exec(`rm -f ${KL_TARGET} ${SCP_TARGET}`)));
  const rows: string[] = [];
  try {
    await Promise.all(remotes.map((r) => r.exec('true'))); // connections open, as in a session
    for (const n of SIZES) {
      const kl: number[] = [];
      const scp: number[] = [];
      const klCpu: number[] = [];
      const scpCpu: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        await clean(n);
        const cpu0 = process.cpuUsage();
        kl.push(
          await timed(async () => {
            const out = await pushFile(remotes.slice(0, n), file, KL_TARGET, { concurrency: n });
            const failed = out.filter((o) => !o.ok);
            if (failed.length > 0) throw new Error(`push failed: ${JSON.stringify(failed)}`);
          }),
        );
        const cpu = process.cpuUsage(cpu0);
        klCpu.push((cpu.user + cpu.system) / 1e6);
        const run = await scpAll(nodes.slice(0, n), file, key, knownHosts);
        scp.push(run.s);
        scpCpu.push(run.cpu);
      }
      await clean(n);
      const k = median(kl);
      const s = median(scp);
      rows.push(
        `| ${n} | ${k.toFixed(1)} | ${s.toFixed(1)} | ${((SIZE_MIB * n) / k).toFixed(0)} | ${((SIZE_MIB * n) / s).toFixed(0)} | ${(k / s).toFixed(2)} | ${median(klCpu).toFixed(1)} | ${median(scpCpu).toFixed(1)} |`,
      );
    }
  } finally {
    pool.closeAll();
    rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(
    [
      `## push — ${new Date().toISOString().slice(0, 16)}Z, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, load ${loadavg()[0]?.toFixed(1)} at the end, lab nodes (network namespaces, veth)`,
      '',
      `One ${SIZE_MIB} MiB file to N nodes at once, median of ${ROUNDS} rounds, wall seconds. kubelab includes hashing the file once and each node's sha256sum; scp checks nothing. CPU: this computer's side only (kubelab's one process; the scp processes together).`,
      '',
      '| N | kubelab pushFile s | scp ∥ s | kubelab MiB/s (all) | scp MiB/s (all) | ratio kubelab/scp | kubelab CPU s | scp CPU s (all) |',
      '|---|---|---|---|---|---|---|---|',
      ...rows,
      '',
    ].join('\n'),
  );
}

void main();
