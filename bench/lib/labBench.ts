/**
 * Shared by the lab benchmarks (engine-vs-ansible, step-overhead, scale): the practice lab on the
 * bench's own instance (LAB_INSTANCE=2 unless BENCH_LAB_INSTANCE says otherwise), the real
 * `kubelab` CLI built the way tests/integration/install builds it (into its own directory, so the
 * install tests' bundle is never overwritten), machine facts, a quiet-machine wait and medians.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { buildCli, REPO, run, type Result } from '../../tests/integration/install/helpers';

export { REPO, run, type Result };

export const INSTANCE = process.env.BENCH_LAB_INSTANCE ?? '2';
export const LAB_ENV: NodeJS.ProcessEnv = { ...process.env, LAB_INSTANCE: INSTANCE };
export const LAB_STATE = `/run/kubelab-lab${INSTANCE}`;
const LAB_SH = join(REPO, 'tests', 'lab', 'lab.sh');
const CLI_DIR = join(REPO, 'node_modules', '.cache', 'kubelab-bench');
export const CLI = join(CLI_DIR, 'cli.cjs');

export function lab(...args: string[]): Result {
  return run('bash', [LAB_SH, ...args], LAB_ENV);
}

/** A root command inside a lab node (assertions only). */
export function onNode(node: string, command: string): string {
  const r = lab('exec', node, 'bash', '-c', command);
  if (r.code !== 0) throw new Error(`${node}: ${command}: exit ${r.code}\n${r.stderr}`);
  return r.stdout;
}

/** Builds the CLI bundle once per benchmark process. */
export function buildBenchCli(): void {
  const prev = process.env.KUBELAB_IT_OUT;
  process.env.KUBELAB_IT_OUT = CLI_DIR;
  try {
    buildCli();
  } finally {
    if (prev === undefined) delete process.env.KUBELAB_IT_OUT;
    else process.env.KUBELAB_IT_OUT = prev;
  }
}

/** A scenario of `n` guide-like nodes (master1, node1 … node<n-1>), written to a temp file. */
export function scenarioFile(n: number): string {
  if (n === 3) return join(REPO, 'bench', 'scenarios', 'bench-3.yaml');
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-bench-scn-'));
  const file = join(dir, `bench-${n}.yaml`);
  const nodes = Array.from({ length: n }, (_, i) =>
    i === 0
      ? '  - name: master1\n    role: master\n    os: ubuntu-20.04'
      : `  - name: node${i}\n    os: ubuntu-20.04`,
  );
  writeFileSync(
    file,
    `name: bench-${n}\ndescription: ${n} guide-like nodes (benchmarks)\n` +
      `cluster:\n  preset: guide\n  podCIDR: 10.10.0.0/16\n  serviceCIDR: 10.20.0.0/16\n` +
      `nodes:\n${nodes.join('\n')}\n`,
  );
  return file;
}

export interface Workspace {
  dir: string;
  project: string;
  env: NodeJS.ProcessEnv;
  keyPath: string;
  knownHosts: string;
}

/** Takes the bench lab down, brings `scenario` up fresh and writes its project file. */
export function freshLab(scenario: string): Workspace {
  lab('down');
  const up = lab('up', scenario);
  if (up.code !== 0) throw new Error(`lab up ${scenario} failed: ${up.stderr.slice(-2000)}`);
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-bench-'));
  const project = join(dir, 'kubelab.yaml');
  writeFileSync(project, lab('project').stdout);
  mkdirSync(join(dir, 'config'), { recursive: true });
  return {
    dir,
    project,
    env: { ...process.env, KUBELAB_CONFIG_DIR: join(dir, 'config') },
    keyPath: join(LAB_STATE, 'ssh', 'id_ed25519'),
    knownHosts: join(LAB_STATE, 'ssh', 'known_hosts'),
  };
}

export interface LabNode {
  name: string;
  ip: string;
}

export function labNodes(): LabNode[] {
  const s = JSON.parse(readFileSync(join(LAB_STATE, 'scenario.json'), 'utf8')) as {
    nodes: LabNode[];
  };
  return s.nodes.map((n) => ({ name: n.name, ip: n.ip }));
}

/** Kubernetes node statuses per kubectl on the control plane. */
export function readyCount(cp = 'master1'): number {
  const out = onNode(cp, 'kubectl --kubeconfig /etc/kubernetes/admin.conf get nodes --no-headers');
  return out.split('\n').filter((l) => / Ready /.test(l)).length;
}

export interface Timed extends Result {
  ms: number;
  /** Peak VmRSS of the spawned process (not its children), sampled from /proc every 50 ms. */
  peakRssKb: number;
}

/** Runs a command, timing it and sampling its resident memory from /proc/<pid>/status. */
export function timed(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd?: string,
): Promise<Timed> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peakRssKb = 0;
    const sample = (): void => {
      try {
        const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m?.[1]) peakRssKb = Math.max(peakRssKb, Number(m[1]));
      } catch {
        // The process has ended between samples.
      }
    };
    const timer = setInterval(sample, 50);
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('close', (code) => {
      clearInterval(timer);
      resolve({ code: code ?? -1, stdout, stderr, ms: performance.now() - t0, peakRssKb });
    });
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? NaN) : ((s[m - 1] ?? NaN) + (s[m] ?? NaN)) / 2;
};

export function loadavg1(): number {
  return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
}

/**
 * Waits until the 1-minute load is at most `max` (other engineers' tests share the machine), for
 * at most `maxWaitMs`; returns the load measured at the start of the run for the record.
 */
export async function waitForQuiet(max = 3, maxWaitMs = 5 * 60_000): Promise<number> {
  // BENCH_NO_WAIT=1: measure now (trial runs); the load is still recorded.
  const until = process.env.BENCH_NO_WAIT === '1' ? 0 : Date.now() + maxWaitMs;
  let l = loadavg1();
  while (l > max && Date.now() < until) {
    process.stderr.write(`bench: load ${l} > ${max}, waiting\n`);
    await sleep(15_000);
    l = loadavg1();
  }
  return l;
}

export function machine(): string {
  const model = cpus()[0]?.model ?? 'unknown CPU';
  const nproc = run('nproc', []).stdout.trim();
  const gib = (totalmem() / 2 ** 30).toFixed(1);
  return `nproc ${nproc}, ${model}, ${gib} GiB RAM, Node ${process.version}`;
}
