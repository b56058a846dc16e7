// Issue 20 on the practice lab: a Docker cluster on 1.23.17 (scenario docker-1.23) asked to go to
// 1.24. dockershim is removed in 1.24, so kubelab's run is the Docker → containerd migration
// first, one node at a time (drain, stop the kubelet and Docker, containerd configured, the
// kubelet's flags file, the Node's cri-socket annotation, uncordon), and the project then records
// containerd; the hop itself is the next run. The lab kubelet picks its runtime the way the real
// one is pointed at it (kubeadm-flags.env's --container-runtime-endpoint, the running daemons),
// and reports it as containerRuntimeVersion. Then the hop to 1.24.17 on containerd, with node1's
// link taken down (lab.sh fault link-down) while master1's turn ends: the run stops at node1's
// turn naming it, master1 serves on 1.24.17, the CLI and `--dry-run` say which node is on which
// version, the report's upgrade history names node1 as unreachable; with the link back the same
// command resumes to every node on 1.24.17 with containerd. Own lab instance (40,
// RUNTIME_MIGRATION_LAB_INSTANCE). Needs root.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve as resolvePath } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labSuite, REPO } from '../labSuite';

const suite = labSuite({
  name: 'runtime-migration',
  instanceVar: 'RUNTIME_MIGRATION_LAB_INSTANCE',
  defaultInstance: '40',
  env: { LANG: 'C' },
});
const { project, kubelab, onNode, lab } = suite;

const KUBECTL = 'kubectl --kubeconfig /etc/kubernetes/admin.conf';
const ENDPOINT = 'unix:///run/containerd/containerd.sock';

beforeAll(() => suite.setUp('docker-1.23'), 300_000);

afterAll(() => {
  expect(suite.tearDown()).toBe(0);
});

describe('Docker → containerd, then the hop into 1.24 with a worker unreachable, on the lab', () => {
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

  it('the hop to 1.24.17 stops at node1, unreachable at its turn; master1 serves on 1.24.17', async () => {
    const run = await upgradeCuttingNode1When(/> master1\s+upgrade-kubelet/);
    expect(run.code, run.out).toBe(1);
    expect(run.out).toContain('this run upgrades 1.23.17 → 1.24.17');
    expect(run.out).toContain(
      'kubelab upgrade: the hop to 1.24.17 stopped at node1: unreachable when its turn came',
    );
    expect(run.out).toMatch(/^ {2}master1\s+1\.24\.17\s+upgraded$/m);
    expect(run.out).toMatch(
      /^ {2}node1\s+1\.23\.17\s+unreachable at upgrade-node: upgrade-node on node1: .*172\.31\.\d+\.\d+/m,
    );
    // The cluster serves: the API server answers on 1.24.17, master1 Ready on it, node1 untouched.
    const nodes = onNode('master1', `${KUBECTL} get nodes -o wide`);
    expect(nodes).toMatch(/^master1\s+Ready\s+\S+\s+\S+\s+v1\.24\.17\s.*containerd:\/\/\S+$/m);
    expect(nodes).toMatch(/^node1\s+\S+\s+\S+\s+\S+\s+v1\.23\.17\s/m);
    expect(readFileSync(project, 'utf8')).toMatch(/^\s+kubernetesVersion: "?1\.23\.17"?$/m);
    // The dry run reads the run's record: which node is on which version, and where it stopped.
    const dry = kubelab('upgrade', '--to', '1.24', '--dry-run', '-f', project);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/^Unfinished hop 1\.23\.17 → 1\.24\.17 \(run r\S+, failed\)/m);
    expect(dry.stdout).toMatch(/^ {2}master1\s+1\.24\.17\s+upgraded$/m);
    expect(dry.stdout).toMatch(/^ {2}node1\s+1\.23\.17\s+unreachable at upgrade-node/m);
    // The report's upgrade history names the node the hop left behind and why.
    const md = join(suite.root, 'report.md');
    const report = kubelab('report', '-f', project, '-o', md);
    expect(report.code, report.stderr).toBe(0);
    expect(readFileSync(md, 'utf8')).toContain('node1: unreachable (upgrade-node)');
  }, 300_000);

  it('with node1 back, the same command resumes: every node on 1.24.17 with containerd', () => {
    expect(lab('fault', 'node1', 'link-up').code).toBe(0);
    const r = kubelab('upgrade', '--to', '1.24', '--yes', '-f', project, '--no-snapshot');
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(`${r.stdout}${r.stderr}`).toContain('resuming run');
    expect(r.stderr).toContain('every node is on 1.24.17');
    const nodes = onNode('master1', `${KUBECTL} get nodes -o wide`);
    for (const n of ['master1', 'node1']) {
      expect(nodes).toMatch(
        new RegExp(`^${n}\\s+Ready\\s+\\S+\\s+\\S+\\s+v1\\.24\\.17\\s.*containerd://\\S+$`, 'm'),
      );
    }
    expect(onNode('master1', `${KUBECTL} version -o json`)).toContain('"gitVersion": "v1.24.17"');
    expect(readFileSync(project, 'utf8')).toMatch(/^\s+kubernetesVersion: "?1\.24\.17"?$/m);
    // Nothing unfinished is left for the dry run to describe.
    const dry = kubelab('upgrade', '--to', '1.24', '--dry-run', '-f', project);
    expect(dry.stdout).not.toContain('Unfinished hop');
  }, 300_000);
});

/**
 * `kubelab upgrade --to 1.24 --yes`, with node1's link taken down once a progress line matches
 * `when` (the turn before node1's): the run's whole output and exit status.
 */
function upgradeCuttingNode1When(when: RegExp): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    // The suite's CLI build (labSuite: KUBELAB_IT_OUT, relative to the repository or absolute).
    const cli = join(
      resolvePath(
        REPO,
        process.env.KUBELAB_IT_OUT ??
          join('node_modules', '.cache', 'kubelab-it-runtime-migration'),
      ),
      'cli.cjs',
    );
    const child = spawn(
      'node',
      [cli, 'upgrade', '--to', '1.24', '--yes', '-f', project, '--no-snapshot'],
      { env: suite.env, cwd: suite.dir },
    );
    let out = '';
    let cut = false;
    const watch = (chunk: Buffer): void => {
      out += chunk.toString();
      if (!cut && when.test(out)) {
        cut = true;
        const down = lab('fault', 'node1', 'link-down');
        if (down.code !== 0) reject(new Error(`link-down failed: ${down.stderr}`));
      }
    };
    child.stdout.on('data', watch);
    child.stderr.on('data', watch);
    child.on('error', reject);
    child.on('exit', (code) => {
      if (!cut) reject(new Error(`node1's link was never cut:\n${out}`));
      else resolve({ code: code ?? -1, out });
    });
  });
}
