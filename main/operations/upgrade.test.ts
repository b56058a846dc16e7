import { describe, expect, it } from 'vitest';
import { guideNodes, guidePlan, modernPlan } from '../../common/plan/presets';
import { runInstall } from '../engine/runner';
import { UPGRADE_STEPS } from '../steps';
import { OPERATION_DEFS } from './index';
import { nextHop, planAfterHop, planAfterMigration, resolveHopParams } from './upgrade';

const nodes = guideNodes();

async function render(plan = guidePlan(), to = '1.19.16') {
  const result = await runInstall({
    steps: UPGRADE_STEPS,
    nodes,
    plan,
    params: { to },
    dryRun: true,
    remoteFor: () => {
      throw new Error('a dry run must not connect');
    },
  });
  const rendered = result.rendered ?? [];
  const env = (step: string, node = 'master1'): Record<string, string> | undefined =>
    rendered.find((t) => t.stepId === step && t.nodeId === node)?.env;
  return { rendered, env };
}

describe('the upgrade operation', () => {
  it('is registered, and its parameters name a target minor or release, a batch and a snapshot choice', () => {
    const def = OPERATION_DEFS.upgrade;
    expect(def?.params.safeParse({ to: '1.19.16' }).success).toBe(true);
    expect(def?.params.safeParse({ to: '1.21', batch: 2, snapshot: false }).success).toBe(true);
    expect(def?.params.safeParse({ to: 'latest' }).success).toBe(false);
    expect(def?.params.safeParse({ to: '1.19.16', snapshot: 'yes' }).success).toBe(false);
    expect(def?.params.safeParse({ to: '1.19.16', extra: 1 }).success).toBe(false);
  });

  it('makes one hop per run: the next minor’s newest patch, the rest counted', () => {
    const far = nextHop(guidePlan(), nodes, '1.21');
    expect(far).toEqual({
      ok: true,
      choice: { hop: '1.19.16', target: '1.21.14', remaining: 2, verifyOnly: false },
    });
    const after = planAfterHop(guidePlan(), '1.19.16');
    expect(after.kubernetesVersion).toBe('1.19.16');
    expect(nextHop(after, nodes, '1.21')).toMatchObject({
      ok: true,
      choice: { hop: '1.20.15', remaining: 1 },
    });
  });

  it('re-verifies when the project is already on the target, and refuses lower or unknown targets', () => {
    const done = planAfterHop(guidePlan(), '1.19.16');
    for (const to of ['1.19', '1.19.16', 'v1.19.16']) {
      expect(nextHop(done, nodes, to)).toEqual({
        ok: true,
        choice: { hop: '1.19.16', target: '1.19.16', remaining: 0, verifyOnly: true },
      });
    }
    const lower = nextHop(done, nodes, '1.18');
    expect(lower.ok).toBe(false);
    if (!lower.ok) expect(lower.errors[0]).toMatchObject({ field: 'to' });
    if (!lower.ok) expect(lower.errors[0]?.message).toContain('lower than');
    const unknown = nextHop(done, nodes, '1.20.99');
    if (!unknown.ok) expect(unknown.errors[0]?.message).toContain('nearest known');
    expect(unknown.ok).toBe(false);
    const noCp = nextHop(
      guidePlan(),
      nodes.filter((n) => n.role !== 'control-plane'),
      '1.19',
    );
    expect(noCp.ok).toBe(false);
  });

  it('makes the Docker → containerd migration its own run before the hop into 1.24', () => {
    const on123 = planAfterHop(guidePlan(), '1.23.17');
    const docker = nextHop(on123, nodes, '1.24');
    expect(docker).toMatchObject({
      ok: true,
      choice: { hop: '1.23.17', migrateRuntime: 'containerd', remaining: 1, verifyOnly: false },
    });
    // The run's parameters say so, whatever the face asked for; its steps are the migration's.
    const target = { plan: on123, nodes };
    const params = resolveHopParams({ to: '1.24', migrateRuntime: undefined }, target);
    expect(params).toEqual({ to: '1.23.17', migrateRuntime: 'containerd' });
    const def = OPERATION_DEFS.upgrade;
    expect(def?.steps(params, target).map((s) => s.id)).toEqual([
      // The hop's health check first: every node Ready, no failing kube-system pod.
      'upgrade-preflight',
      'runtime-drain',
      'runtime-stop-docker',
      'container-runtime',
      'runtime-kubelet',
      'runtime-uncordon',
    ]);
    // Once it has run the project records containerd, and the next run is the hop.
    const migrated = planAfterMigration(on123);
    expect(migrated.runtime).toBe('containerd');
    expect(nextHop(migrated, nodes, '1.24')).toMatchObject({
      ok: true,
      choice: { hop: '1.24.17', verifyOnly: false },
    });
    expect(resolveHopParams({ to: '1.24' }, { plan: migrated, nodes }).migrateRuntime).toBe(
      undefined,
    );
    // Hops before 1.24 keep Docker and need no migration.
    expect(nextHop(planAfterHop(guidePlan(), '1.22.17'), nodes, '1.23')).toMatchObject({
      ok: true,
      choice: { hop: '1.23.17' },
    });
  });

  it('refuses cri-dockerd before anything runs: planned, not run by kubelab yet', () => {
    const on123 = planAfterHop(guidePlan(), '1.23.17');
    const docker = nextHop(on123, nodes, '1.24', 'cri-dockerd');
    expect(docker.ok).toBe(false);
    if (!docker.ok) {
      expect(docker.errors[0]).toMatchObject({ field: 'to' });
      expect(docker.errors[0]?.message).toContain(
        "needs the nodes' container runtime changed first",
      );
      expect(docker.errors[0]?.message).toContain('migrate-dockershim-dockerd');
      expect(docker.errors[0]?.messageZh).toContain('容器运行时');
    }
  });
});

describe('the upgrade steps', () => {
  it('run apply on the first control plane only and upgrade-node on the others', async () => {
    const { rendered } = await render();
    const where = (step: string): string[] =>
      rendered.filter((t) => t.stepId === step).map((t) => t.nodeId);
    const all = nodes.map((n) => n.id);
    expect(where('upgrade-repo')).toEqual(all);
    expect(where('upgrade-kubeadm')).toEqual(all);
    expect(where('upgrade-apply')).toEqual(['master1']);
    expect(where('upgrade-node')).toEqual(all.filter((n) => n !== 'master1'));
    expect(where('upgrade-kubelet')).toEqual(all);
    for (const t of rendered) expect(t.script, t.stepId).not.toMatch(/^# cannot render/);
  });

  it('give the scripts the hop’s version, repository and node address (guide: Aliyun legacy)', async () => {
    const { env } = await render();
    expect(env('upgrade-repo')).toMatchObject({
      K8S_VERSION: '1.19.16',
      DEB_REPO_URL: 'https://mirrors.aliyun.com/kubernetes/apt/',
      DEB_SUITE: 'kubernetes-xenial main',
    });
    expect(env('upgrade-apply')?.K8S_VERSION).toBe('1.19.16');
    expect(env('upgrade-kubelet', 'node2')).toMatchObject({
      K8S_VERSION: '1.19.16',
      NODE_IP: '192.168.100.117',
    });
    expect(env('upgrade-node', 'node1')?.NODE_IP).toBe('192.168.100.116');
  });

  it('switch pkgs.k8s.io to the hop’s minor repository', async () => {
    const plan = { ...modernPlan('192.168.100.111'), kubernetesVersion: '1.29.15' };
    const { env } = await render(plan, '1.30.14');
    const repo = env('upgrade-repo') ?? {};
    expect(repo.DEB_REPO_URL).toMatch(/\/v1\.30\/deb\/$/);
    expect(repo.RPM_REPO_URL).toMatch(/\/v1\.30\/rpm\/$/);
    expect(repo.DEB_KEY_URL).toMatch(/\/v1\.30\/deb\/Release\.key$/);
  });

  it('refuse to render without a valid hop version', async () => {
    const result = await runInstall({
      steps: UPGRADE_STEPS,
      nodes,
      plan: guidePlan(),
      params: { to: 'latest' },
      dryRun: true,
      remoteFor: () => {
        throw new Error('a dry run must not connect');
      },
    });
    const first = result.rendered?.[0]?.script ?? '';
    expect(first).toMatch(/cannot render/);
    expect(first).toContain('params.to');
  });
});
