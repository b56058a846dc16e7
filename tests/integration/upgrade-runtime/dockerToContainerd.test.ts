// Issue 20 on the practice lab: a Docker cluster on 1.23.17 (scenario docker-1.23) asked to go to
// 1.24. dockershim is removed in 1.24, so kubelab's run is the Docker → containerd migration
// first, one node at a time (drain, stop the kubelet and Docker, containerd configured, the
// kubelet's flags file, the Node's cri-socket annotation, uncordon), and the project then records
// containerd; the hop itself is the next run. The lab kubelet picks its runtime the way the real
// one is pointed at it (kubeadm-flags.env's --container-runtime-endpoint, the running daemons),
// and reports it as containerRuntimeVersion. Own lab instance (40, RUNTIME_MIGRATION_LAB_INSTANCE).
// Needs root.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = join(import.meta.dirname, '..', '..', '..');
const LAB_SH = join(REPO, 'tests', 'lab', 'lab.sh');
/** Its own build directory, so other suites' CLI builds may run alongside. */
const OUT = process.env.KUBELAB_IT_OUT
  ? resolve(REPO, process.env.KUBELAB_IT_OUT)
  : join(REPO, 'node_modules', '.cache', 'kubelab-it-runtime-migration');
const CLI = join(OUT, 'cli.cjs');
const LAB_ENV = {
  ...process.env,
  LAB_INSTANCE: process.env.RUNTIME_MIGRATION_LAB_INSTANCE ?? '40',
};

const root = mkdtempSync(join(tmpdir(), 'kubelab-runtime-migration-it-'));
const dir = join(root, 'project');
const project = join(dir, 'kubelab.yaml');
const env = { ...process.env, KUBELAB_CONFIG_DIR: join(root, 'config'), LANG: 'C' };

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv } = {}): Result {
  const r = spawnSync(cmd, args, {
    encoding: 'utf8',
    env: opts.env ?? process.env,
    cwd: opts.env === env ? dir : REPO,
    maxBuffer: 64 * 1024 * 1024,
    timeout: 600_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

const lab = (...args: string[]): Result => run('bash', [LAB_SH, ...args], { env: LAB_ENV });
const kubelab = (...args: string[]): Result => run('node', [CLI, ...args], { env });

function onNode(node: string, command: string): string {
  const r = lab('exec', node, 'bash', '-c', command);
  if (r.code !== 0)
    throw new Error(`${node}: ${command}\nexit ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

const KUBECTL = 'kubectl --kubeconfig /etc/kubernetes/admin.conf';
const ENDPOINT = 'unix:///run/containerd/containerd.sock';

beforeAll(() => {
  mkdirSync(dir, { recursive: true });
  const build = run(
    'npx',
    ['vite', 'build', '-c', 'tests/integration/install/vite.cli.config.ts'],
    { env: { ...process.env, KUBELAB_IT_OUT: OUT } },
  );
  if (build.code !== 0)
    throw new Error(`building the CLI failed:\n${build.stdout}\n${build.stderr}`);
  lab('down');
  const up = lab('up', 'docker-1.23');
  if (up.code !== 0) throw new Error(`lab up docker-1.23 failed: ${up.stderr}`);
  writeFileSync(project, lab('project').stdout);
}, 300_000);

afterAll(() => {
  expect(lab('down').code).toBe(0);
  rmSync(root, { recursive: true, force: true });
});

describe('Docker → containerd before the hop into 1.24, on the lab', () => {
  it('installs 1.23.17 on Docker', () => {
    const apply = kubelab('apply', '-f', project, '--accept-new-host-keys');
    expect(apply.code, `${apply.stdout}\n${apply.stderr}`).toBe(0);
    const nodes = onNode('master1', `${KUBECTL} get nodes -o wide`);
    expect(nodes).toMatch(/^node1\s+Ready\s+.*docker:\/\/20\.10\.\d+$/m);
  }, 300_000);

  it('the run to 1.24 moves every node to containerd and records it; the hop is next', () => {
    const r = kubelab('upgrade', '--to', '1.24', '--yes', '-f', project, '--no-snapshot');
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stderr).toContain('this run moves every node from Docker to containerd');
    expect(r.stderr).toContain('every node runs containerd');
    const nodes = onNode('master1', `${KUBECTL} get nodes -o wide`);
    for (const n of ['master1', 'node1']) {
      // Ready and uncordoned (no SchedulingDisabled), still on 1.23.17, on containerd.
      expect(nodes).toMatch(
        new RegExp(`^${n}\\s+Ready\\s+\\S+\\s+\\S+\\s+v1\\.23\\.17\\s.*containerd://\\S+$`, 'm'),
      );
      expect(onNode('master1', `${KUBECTL} get node ${n} -o json`)).toContain(
        `"kubeadm.alpha.kubernetes.io/cri-socket": "${ENDPOINT}"`,
      );
    }
    const flags = onNode('node1', 'cat /var/lib/kubelet/kubeadm-flags.env');
    expect(flags).toContain(`--container-runtime=remote --container-runtime-endpoint=${ENDPOINT}`);
    expect(flags).not.toContain('--network-plugin');
    expect(onNode('node1', 'systemctl is-enabled docker || true').trim()).toBe('disabled');
    const saved = readFileSync(project, 'utf8');
    expect(saved).toMatch(/^\s+runtime: containerd$/m);
    expect(saved).toMatch(/^\s+kubernetesVersion: "?1\.23\.17"?$/m);
    // The next run is the hop itself, on containerd.
    const next = kubelab('upgrade', '--to', '1.24', '--dry-run', '-f', project);
    expect(next.code).toBe(0);
    expect(next.stdout).toContain('containerd kept.');
  }, 300_000);
});
