// Issue 20 on the practice lab: the guide's 1.18.2 cluster (master1 + node1, node2) installed by
// `kubelab apply`, then `kubelab upgrade --to 1.19 --yes` killed (SIGKILL) while the first control
// plane's `kubeadm upgrade apply` runs, resumed and killed again while node2 is being drained,
// resumed by the same command to the end, and run once more. The hop starts with its safety
// checks (upgrade-preflight) and a copy of /etc/kubernetes on master1. Each node's turn is
// kubeadm, drain (kubectl on master1), kubelet, uncordon; workers go one at a time (asserted from
// the run record the project keeps). Every node then reports v1.19.16 and is schedulable, the API
// server's /version too, and the last run finds every step already done. Before the run,
// `kubelab upgrade --dry-run --live` sets kubelab's plan beside the lab kubeadm's own `upgrade
// plan` on master1: why an older kubeadm differs, agreement once kubeadm is on the hop, and a
// kubelet left behind named. Own lab instance (13, UPGRADE_LAB_INSTANCE). Needs root.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labSuite } from '../labSuite';

const suite = labSuite({
  name: 'upgrade',
  instanceVar: 'UPGRADE_LAB_INSTANCE',
  defaultInstance: '13',
  env: { LANG: 'C' },
});
const { dir, project, env, cli, kubelab, onNode } = suite;
const NODES = ['master1', 'node1', 'node2'];
const HOP = 'v1.19.16';
const upgradeArgs = ['upgrade', '--to', '1.19', '--yes', '-f', project, '--no-snapshot'];

/** Starts the upgrade and SIGKILLs it once a progress line matching `when` is printed. */
function killWhen(when: RegExp, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('node', [cli, ...upgradeArgs], { env, cwd: dir });
    let seen = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${what} never started:\n${seen}`));
    }, 120_000);
    const watch = (chunk: Buffer): void => {
      seen += chunk.toString();
      if (when.test(seen)) child.kill('SIGKILL');
    };
    child.stdout.on('data', watch);
    child.stderr.on('data', watch);
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') resolve(seen);
      else reject(new Error(`the upgrade ended before it could be killed:\n${seen}`));
    });
  });
}

interface TaskRecord {
  stepId: string;
  nodeId: string;
  startedAt?: string;
  finishedAt?: string;
}

/**
 * The tasks of the newest upgrade run, from its record (`<project>.runs/<runId>.json`,
 * main/store/runRecords.ts).
 */
function recordedTasks(): TaskRecord[] {
  const runs = join(dir, 'kubelab.yaml.runs');
  const upgrades = readdirSync(runs)
    .filter((f) => f.endsWith('.json'))
    .map(
      (f) =>
        JSON.parse(readFileSync(join(runs, f), 'utf8')) as {
          kind?: string;
          startedAt: string;
          tasks: TaskRecord[];
        },
    )
    .filter((r) => r.kind === 'upgrade')
    .sort((x, y) => x.startedAt.localeCompare(y.startedAt));
  return upgrades.at(-1)?.tasks ?? [];
}

beforeAll(() => suite.setUp('guide'), 300_000);

afterAll(() => {
  expect(suite.tearDown()).toBe(0);
});

describe('kubelab upgrade of the guide cluster on the lab, 1.18.2 → 1.19', () => {
  it('installs the guide (1.18.2)', () => {
    const apply = kubelab('apply', '-f', project, '--accept-new-host-keys');
    expect(apply.code, `${apply.stdout}\n${apply.stderr}`).toBe(0);
    expect(onNode('master1', 'kubeadm version -o short').trim()).toBe('v1.18.2');
  }, 300_000);

  it('sets kubeadm’s own upgrade plan beside kubelab’s: an older kubeadm, agreement, a kubelet left behind', () => {
    const live = (): string => {
      const r = kubelab('upgrade', '--to', '1.19', '--dry-run', '--live', '-f', project);
      expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
      return r.stdout;
    };
    const kubeletOf = (node: string, version: string): void => {
      // The Node reports its new kubelet once the restarted kubelet has registered it again.
      onNode(
        'master1',
        `for i in $(seq 120); do kubectl --kubeconfig /etc/kubernetes/admin.conf get nodes | grep -Eq '^${node}\\s.*\\s${version}$' && exit 0; sleep 0.25; done; exit 1`,
      );
    };
    const kubeletPackage = (node: string, version: string): void => {
      onNode(
        node,
        `apt-mark unhold kubelet >/dev/null && apt-get install -y --allow-downgrades --allow-change-held-packages kubelet=${version}-00 >/dev/null && apt-mark hold kubelet >/dev/null && systemctl restart kubelet`,
      );
      kubeletOf(node, `v${version}`);
    };

    // kubeadm 1.18.2 on master1: it plans with its own etcd and CoreDNS; kubelab says why.
    const older = live();
    expect(older).toMatch(/kubeadm upgrade plan \(on \S+\): cluster 1\.18\.2, kubeadm 1\.18\.2/);
    expect(older).toContain('kubeadm on the control plane is 1.18.2, older than the hop');

    // kubeadm on the hop (what the run's upgrade-kubeadm does first): both plans agree.
    onNode(
      'master1',
      'apt-mark unhold kubeadm >/dev/null && apt-get install -y --allow-change-held-packages kubeadm=1.19.16-00 >/dev/null && apt-mark hold kubeadm >/dev/null',
    );
    const agreed = live();
    expect(agreed).toContain("kubeadm's plan agrees with kubelab's first hop.");
    expect(agreed).toMatch(/etcd\s+3\.4\.3-0 → 3\.4\.13-0/);
    expect(agreed).toMatch(/CoreDNS\s+1\.6\.7 → 1\.7\.0/);

    // node2's kubelet left behind on 1.18.1: kubeadm counts it apart and kubelab names it.
    kubeletPackage('node2', '1.18.1');
    const behind = live();
    expect(behind).toContain("kubeadm's plan differs from kubelab's:");
    expect(behind).toContain('kubeadm sees 1 kubelet(s) on 1.18.1');
    kubeletPackage('node2', '1.18.2');
  }, 180_000);

  it('a run killed during kubeadm upgrade apply, then during a worker’s drain, is resumed to the end', async () => {
    const killed = await killWhen(/> master1\s+upgrade-apply/, 'upgrade-apply');
    expect(killed).toContain('this run upgrades 1.18.2 → 1.19.16');
    // Nothing was recorded as finished: the project still says 1.18.2.
    expect(readFileSync(project, 'utf8')).toContain('kubernetesVersion: 1.18.2');

    // node2's drain starts only once node1's whole turn is over (workers one at a time).
    const again = await killWhen(/> node2\s+upgrade-drain/, 'node2’s drain');
    expect(again).toContain('resuming run');
    expect(readFileSync(project, 'utf8')).toContain('kubernetesVersion: 1.18.2');

    const resumed = kubelab(...upgradeArgs);
    expect(resumed.code, `${resumed.stdout}\n${resumed.stderr}`).toBe(0);
    expect(resumed.stdout).toContain('resuming run');
    expect(readFileSync(project, 'utf8')).toContain('kubernetesVersion: 1.19.16');

    // The order, from the run record: each turn begins after the previous node is uncordoned.
    const tasks = recordedTasks();
    const at = (step: string, node: string, edge: 'startedAt' | 'finishedAt'): number => {
      const t = tasks.find((x) => x.stepId === step && x.nodeId === node);
      const when = t?.[edge];
      if (!when) throw new Error(`no ${edge} for ${step}@${node}: ${JSON.stringify(tasks)}`);
      return Date.parse(when);
    };
    expect(at('upgrade-node', 'node1', 'startedAt')).toBeGreaterThanOrEqual(
      at('upgrade-uncordon', 'master1', 'finishedAt'),
    );
    expect(at('upgrade-node', 'node2', 'startedAt')).toBeGreaterThanOrEqual(
      at('upgrade-uncordon', 'node1', 'finishedAt'),
    );
    for (const n of NODES) {
      expect(at('upgrade-kubelet', n, 'startedAt')).toBeGreaterThanOrEqual(
        at('upgrade-drain', n, 'finishedAt'),
      );
      // The safety checks came before the hop's first change on every node.
      expect(at('upgrade-repo', n, 'startedAt')).toBeGreaterThanOrEqual(
        at('upgrade-preflight', 'master1', 'finishedAt'),
      );
    }
    expect(at('upgrade-apply', 'master1', 'startedAt')).toBeGreaterThanOrEqual(
      at('upgrade-backup', 'master1', 'finishedAt'),
    );
    // The copy of /etc/kubernetes holds the control plane as it was before the hop.
    expect(
      onNode('master1', 'cat /etc/kubernetes-backup-1.19.16-*/manifests/kube-apiserver.yaml'),
    ).toMatch(/image: \S+\/kube-apiserver:v1\.18\.2$/m);
    expect(onNode('node1', 'ls -d /etc/kubernetes-backup-* 2>/dev/null || true')).toBe('');

    const nodes = onNode('master1', 'kubectl --kubeconfig /etc/kubernetes/admin.conf get nodes');
    // `Ready` alone: a node left cordoned would read `Ready,SchedulingDisabled`.
    for (const n of NODES)
      expect(nodes).toMatch(new RegExp(`^${n}\\s+Ready\\s+\\S+\\s+\\S+\\s+${HOP}$`, 'm'));
    expect(nodes).not.toContain('SchedulingDisabled');
    for (const n of NODES) expect(onNode(n, 'kubeadm version -o short').trim()).toBe(HOP);
    const version = onNode(
      'master1',
      'kubectl --kubeconfig /etc/kubernetes/admin.conf version -o json',
    );
    expect(
      (JSON.parse(version) as { serverVersion: { gitVersion: string } }).serverVersion.gitVersion,
    ).toBe(HOP);
    // kubeadm kept the old manifests, as its rollback path expects.
    expect(onNode('master1', 'ls /etc/kubernetes/tmp')).toMatch(/kubeadm-backup-manifests-/);
  }, 300_000);

  it('a second run of the finished upgrade finds every step done and changes nothing', () => {
    const before = onNode('master1', 'cat /etc/kubernetes/manifests/kube-apiserver.yaml');
    const again = kubelab(...upgradeArgs);
    expect(again.code, `${again.stdout}\n${again.stderr}`).toBe(0);
    expect(again.stderr).toContain('checking every node is on it');
    for (const n of NODES)
      expect(again.stdout).toMatch(new RegExp(`^\\s+${n}\\s+already-done$`, 'm'));
    expect(onNode('master1', 'cat /etc/kubernetes/manifests/kube-apiserver.yaml')).toBe(before);
  }, 120_000);
});
