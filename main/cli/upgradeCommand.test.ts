import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { guideNodes, guidePlan } from '../../common/plan/presets';
import { serializeProject } from '../store/projectFile';
import { runUpgrade, type UpgradeOptions } from './upgradeCommand';
import { formatKubeadmSummary } from './upgradeFormat';

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubelab-upgrade-'));
  file = join(dir, 'kubelab.yaml');
  await writeFile(
    file,
    serializeProject({ schemaVersion: 1, nodes: guideNodes(), plan: guidePlan() }),
  );
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(
  opts: Partial<UpgradeOptions>,
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runUpgrade(
    { file, to: '1.21', dryRun: true, json: false, lang: 'en', ...opts },
    { out: (t) => void (out += t), err: (t) => void (err += t) },
    { ...process.env, XDG_CONFIG_HOME: dir, HOME: dir },
  );
  return { code, out, err };
}

describe('kubelab upgrade', () => {
  it('--live only adds kubeadm’s plan to a dry run: never a run, never with --kubeadm-plan', async () => {
    const wet = await run({ dryRun: false, live: true, yes: true });
    expect(wet.code).toBe(2);
    expect(wet.err).toContain('--live: only with --dry-run');
    const both = await run({ live: true, kubeadmPlan: join(dir, 'plan.txt') });
    expect(both.code).toBe(2);
    expect(both.err).toContain('leave out --kubeadm-plan');
  });

  it('prints kubeadm’s own plan as upgrade.livePlan answers it', () => {
    const text = formatKubeadmSummary(
      {
        nodeId: 'master1',
        format: 'count',
        clusterVersion: '1.18.2',
        kubeadmVersion: '1.18.2',
        upgrades: [
          {
            description: 'Upgrade to the latest stable version',
            applyVersion: '1.19.16',
            components: [{ name: 'kube-apiserver', current: '1.18.2', target: '1.19.16' }],
          },
        ],
      },
      'en',
    );
    expect(text).toContain('kubeadm upgrade plan (on master1): cluster 1.18.2, kubeadm 1.18.2');
    expect(text).toContain('Upgrade to the latest stable version → kubeadm upgrade apply v1.19.16');
    expect(text).toMatch(/kube-apiserver\s+1\.18\.2 → 1\.19\.16/);
  });

  it('--dry-run prints the three hops of the guide cluster to 1.21 and their node order', async () => {
    const { code, out } = await run({});
    expect(code).toBe(0);
    expect(out).toContain('Upgrade plan: 1.18.2 → 1.21.14 (3 hops, workers 1 at a time)');
    expect(out).toContain('Hop 1: 1.18.2 → 1.19.16');
    expect(out).toContain('Hop 3: 1.20.15 → 1.21.14');
    expect(out).toContain('1. master1 (control-plane): drain, kubeadm upgrade apply v1.19.16');
    expect(out).toContain('3. node2 (worker, batch 2): drain, kubeadm upgrade node');
    expect(out).toContain('kubeadm never skips a minor version');
  });

  it('prints Chinese with --lang zh', async () => {
    const { code, out } = await run({ lang: 'zh' });
    expect(code).toBe(0);
    expect(out).toContain('升级计划：1.18.2 → 1.21.14（共 3 跳');
    expect(out).toContain('第 1 跳：1.18.2 → 1.19.16');
  });

  it('exits 2 naming --to for a lower, equal or unknown target', async () => {
    for (const [to, words] of [
      ['1.17', 'lower than'],
      ['1.18.2', 'nothing to do'],
      ['1.19.99', 'nearest known: 1.19.16'],
    ] as const) {
      const { code, err, out } = await run({ to });
      expect(code).toBe(2);
      expect(err).toContain(`kubelab upgrade: --to: `);
      expect(err).toContain(words);
      expect(out).toBe('');
    }
  });

  it('exits 2 naming --batch and --docker-to for bad values', async () => {
    const zero = await run({ batch: '0' });
    expect(zero.code).toBe(2);
    expect(zero.err).toContain(
      'kubelab upgrade: --batch: must be a whole number from 1 to 100, got "0"',
    );
    const word = await run({ batch: 'two' });
    expect(word.code).toBe(2);
    expect(word.err).toContain('--batch: must be a whole number');
    const docker = await run({ dockerTo: 'podman' });
    expect(docker.code).toBe(2);
    expect(docker.err).toContain('--docker-to: must be containerd or cri-dockerd');
    const wet = await run({ dryRun: false, yes: true, dockerTo: 'podman' });
    expect(wet.code).toBe(2);
    expect(wet.err).toContain('--docker-to: must be containerd or cri-dockerd');
  });

  describe('a Docker cluster on 1.23 going to 1.24', () => {
    beforeEach(async () => {
      const plan = { ...guidePlan(), kubernetesVersion: '1.23.17' };
      await writeFile(file, serializeProject({ schemaVersion: 1, nodes: guideNodes(), plan }));
    });

    it('--dry-run shows the migration’s per-node actions and downtime, in both languages', async () => {
      const en = await run({ to: '1.24' });
      expect(en.code).toBe(0);
      expect(en.out).toContain('a run of its own before this hop, on each node:');
      expect(en.out).toMatch(/^ {6}2\. “Stop the Docker daemon”: systemctl stop kubelet;/m);
      expect(en.out).toContain('downtime: Per node, one at a time');
      const zh = await run({ to: '1.24', lang: 'zh' });
      expect(zh.out).toContain('在这一跳之前单独运行，在每个节点上:');
      expect(zh.out).toContain('停机: 逐个节点进行');
    });

    it('--docker-to cri-dockerd is refused before any machine is reached, naming the guide', async () => {
      const before = await readFile(file, 'utf8');
      const { code, err } = await run({
        to: '1.24',
        dryRun: false,
        yes: true,
        dockerTo: 'cri-dockerd',
      });
      expect(code).toBe(2);
      expect(err).toContain('kubelab upgrade: --to: ');
      expect(err).toContain('migrate-dockershim-dockerd');
      expect(await readFile(file, 'utf8')).toBe(before);
    });
  });

  it('exits 2 naming --drain-blocked for a choice other than wait, force or skip', async () => {
    const bad = await run({ dryRun: false, yes: true, drainBlocked: 'delete' });
    expect(bad.code).toBe(2);
    expect(bad.err).toContain(
      'kubelab upgrade: --drain-blocked: must be wait, force or skip, got "delete"',
    );
    expect(bad.err).not.toContain('this run upgrades');
  });

  it('exits 2 naming --drain-timeout for anything but whole seconds from 5 to 3600', async () => {
    for (const value of ['4', '3601', '10s', 'ten']) {
      const bad = await run({ dryRun: false, yes: true, drainTimeout: value });
      expect(bad.code).toBe(2);
      expect(bad.err).toContain(
        `kubelab upgrade: --drain-timeout: must be a whole number of seconds from 5 to 3600, got "${value}"`,
      );
    }
  });

  it('without --dry-run asks for --yes and exits 2, changing nothing', async () => {
    const before = await readFile(file, 'utf8');
    const { code, err, out } = await run({ dryRun: false });
    expect(code).toBe(2);
    expect(err).toContain('pass --yes to confirm');
    expect(out).toBe('');
    expect(await readFile(file, 'utf8')).toBe(before);
    const zh = await run({ dryRun: false, lang: 'zh' });
    expect(zh.err).toContain('请加 --yes 确认');
  });

  it('without --dry-run refuses a lower or unknown target naming --to before any machine is reached', async () => {
    for (const [to, words] of [
      ['1.17', 'lower than'],
      ['1.19.99', 'nearest known: 1.19.16'],
      ['2.0', 'not a Kubernetes version'],
    ] as const) {
      const { code, err } = await run({ dryRun: false, yes: true, to });
      expect(code).toBe(2);
      expect(err).toContain('kubelab upgrade: --to: ');
      expect(err).toContain(words);
      expect(err).not.toContain('this run upgrades');
    }
  });

  it('compares with a kubeadm upgrade plan output and lists the disagreements', async () => {
    const kubeadm = join(dir, 'plan.txt');
    await writeFile(
      kubeadm,
      [
        '[upgrade/versions] Cluster version: v1.18.2',
        "Components that must be upgraded manually after you have upgraded the control plane with 'kubeadm upgrade apply':",
        'COMPONENT   CURRENT       AVAILABLE',
        'Kubelet     3 x v1.18.2   v1.19.15',
        '',
        'Upgrade to the latest stable version:',
        '',
        'COMPONENT            CURRENT   AVAILABLE',
        'Etcd                 3.4.3-0   3.4.13-0',
        '',
        '\tkubeadm upgrade apply v1.19.15',
        '',
      ].join('\n'),
    );
    const { code, out } = await run({ to: '1.19', kubeadmPlan: kubeadm });
    expect(code).toBe(0);
    expect(out).toContain("kubeadm's plan differs from kubelab's:");
    expect(out).toContain('kubeadm targets 1.19.15, the catalog');
  });
});
