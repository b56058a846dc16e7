import { describe, expect, it } from 'vitest';
import { newestRelease } from '../catalog/releases';
import { NEWEST_MINOR } from '../catalog/kubernetesVersions';
import { guideNodes, guidePlan, modernPlan } from '../plan/presets';
import type { NodeRef } from './nodeOrder';
import { planUpgrade, type UpgradeRequest } from './planUpgrade';
import type { UpgradePlan } from './schema';

function planOf(req: UpgradeRequest): UpgradePlan {
  const result = planUpgrade(req);
  if (!result.plan) throw new Error(JSON.stringify(result.errors));
  return result.plan;
}

const guide = (to: string, extra: Partial<UpgradeRequest> = {}): UpgradeRequest => ({
  plan: guidePlan(),
  nodes: guideNodes(),
  to,
  ...extra,
});

describe('planUpgrade: the guide 1.18.2 → 1.21 (Docker kept)', () => {
  const plan = planOf(guide('1.21'));

  it('is three hops of one minor each, each to the newest patch the catalog knows', () => {
    expect(plan.hops.map((h) => `${h.from}→${h.to}`)).toEqual([
      '1.18.2→1.19.16',
      '1.19.16→1.20.15',
      '1.20.15→1.21.14',
    ]);
    expect(plan.target).toBe('1.21.14');
    expect(plan.notes.map((n) => n.en).join(' ')).toContain('apt-cache madison kubeadm');
  });

  it('keeps Docker on every hop, with the validated Docker series of the target', () => {
    for (const hop of plan.hops) {
      expect(hop.runtime.map((s) => s.kind)).toEqual(['keep']);
    }
    expect(plan.hops[0]?.runtime[0]?.text.en).toContain('19.03');
    expect(plan.hops[2]?.runtime[0]?.text.en).toContain('20.10');
  });

  it('shows etcd, CoreDNS and images before and after from the catalog, in the plan repository', () => {
    const [first, , last] = plan.hops;
    expect(first?.etcd).toEqual({ before: '3.4.3-0', after: '3.4.13-0' });
    expect(first?.coredns).toEqual({ before: '1.6.7', after: '1.7.0' });
    expect(last?.coredns).toEqual({ before: '1.7.0', after: 'v1.8.0' });
    const api = first?.images.find((i) => i.component === 'kube-apiserver');
    expect(api).toEqual({
      component: 'kube-apiserver',
      before: 'registry.cn-hangzhou.aliyuncs.com/google_containers/kube-apiserver:v1.18.2',
      after: 'registry.cn-hangzhou.aliyuncs.com/google_containers/kube-apiserver:v1.19.16',
    });
  });

  it('keeps the legacy Aliyun repository (one for all minors) and kubeadm API v1beta2', () => {
    for (const hop of plan.hops) {
      expect(hop.repositories.map((r) => [r.family, r.layout, r.changes])).toEqual([
        ['deb', 'legacy', false],
        ['rpm', 'legacy', false],
      ]);
      expect(hop.kubeadmApi).toEqual({ before: 'v1beta2', after: 'v1beta2' });
      expect(hop.warnings).toEqual([]);
    }
    expect(plan.hops[0]?.repositories[0]?.url).toBe('https://mirrors.aliyun.com/kubernetes/apt/');
  });

  it('orders the nodes: apply on the control plane, then workers one at a time, all drained', () => {
    const hop = plan.hops[0];
    expect(hop?.nodes.map((n) => [n.name, n.command, n.phase, n.batch, n.drain])).toEqual([
      ['master1', 'kubeadm upgrade apply v1.19.16', 0, undefined, true],
      ['node1', 'kubeadm upgrade node', 1, 1, true],
      ['node2', 'kubeadm upgrade node', 2, 2, true],
    ]);
  });
});

describe('planUpgrade: a patch upgrade inside the minor', () => {
  it('is one hop to that patch, with apply on the first control plane', () => {
    const plan = planOf(guide('1.18.20'));
    expect(plan.hops.map((h) => `${h.from}→${h.to}`)).toEqual(['1.18.2→1.18.20']);
    expect(plan.hops[0]?.nodes[0]?.command).toBe('kubeadm upgrade apply v1.18.20');
  });
});

describe('planUpgrade: node order with HA and batches', () => {
  const nodes: NodeRef[] = [
    { id: 'cp1', name: 'cp1', role: 'control-plane' },
    { id: 'w1', name: 'w1', role: 'worker' },
    { id: 'cp2', name: 'cp2', role: 'control-plane' },
    { id: 'w2', name: 'w2', role: 'worker' },
    { id: 'w3', name: 'w3', role: 'worker' },
  ];
  it('runs upgrade node on further control planes one at a time, workers in batches of N', () => {
    const plan = planOf({ ...guide('1.19'), nodes, workerBatchSize: 2 });
    expect(plan.hops[0]?.nodes.map((n) => [n.name, n.action, n.phase, n.batch])).toEqual([
      ['cp1', 'upgrade-apply', 0, undefined],
      ['cp2', 'upgrade-node', 1, undefined],
      ['w1', 'upgrade-node', 2, 1],
      ['w2', 'upgrade-node', 2, 1],
      ['w3', 'upgrade-node', 3, 2],
    ]);
  });

  it('marks a node whose kubelet is already on the hop version as done', () => {
    const plan = planOf({ ...guide('1.19'), nodes, kubelets: { w3: '1.19.16' } });
    expect(plan.hops[0]?.nodes.filter((n) => n.alreadyDone).map((n) => n.name)).toEqual(['w3']);
  });

  it('warns when a kubelet is outside the version skew policy for a hop', () => {
    const plan = planOf({ ...guide('1.19', { current: '1.18.2' }), kubelets: { node1: '1.16.0' } });
    expect(plan.hops[0]?.warnings.map((w) => w.en).join(' ')).toContain('node1: kubelet 1.16.0');
  });
});

describe('planUpgrade: 1.23 → 1.24 with Docker', () => {
  const req = { ...guide('1.24'), current: '1.23.17' };

  it('plans the move to containerd as a step of the 1.24 hop, not an error', () => {
    const plan = planOf(req);
    expect(plan.hops).toHaveLength(1);
    const hop = plan.hops[0];
    expect(hop?.runtime.map((s) => s.kind)).toEqual(['migrate']);
    expect(hop?.runtime[0]?.text.en).toContain('containerd');
    expect(hop?.runtime[0]?.text.zh).toContain('containerd');
  });

  it('shows what the migration does on each node, in the documented order, and its downtime', () => {
    const step = planOf(req).hops[0]?.runtime[0];
    const actions = (step?.actions ?? []).map((a) => a.en);
    expect(actions).toHaveLength(5);
    const order = [
      'kubectl drain --ignore-daemonsets',
      'systemctl disable docker.service --now',
      'SystemdCgroup = true',
      '--container-runtime-endpoint=unix:///run/containerd/containerd.sock in /var/lib/kubelet/kubeadm-flags.env',
      'kubeadm.alpha.kubernetes.io/cri-socket annotation set to unix:///run/containerd/containerd.sock',
    ];
    order.forEach((text, i) => expect(actions[i]).toContain(text));
    expect(actions[4]).toContain('Uncordon');
    for (const a of step?.actions ?? []) expect(a.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(step?.downtime?.en).toContain('one at a time');
    expect(step?.downtime?.zh).toContain('API');
  });

  it('offers cri-dockerd instead when asked, as a step kubelab does not run', () => {
    const step = planOf({ ...req, dockerMigration: 'cri-dockerd' }).hops[0]?.runtime[0];
    expect(step?.text.en).toContain('cri-dockerd.sock');
    expect(step?.actions).toBeUndefined();
  });

  it('switches from the legacy layout to the per-minor pkgs.k8s.io layout', () => {
    const hop = planOf(req).hops[0];
    expect(hop?.repositories.map((r) => [r.layout, r.changes, r.url])).toEqual([
      ['pkgs', true, 'https://mirrors.aliyun.com/kubernetes-new/core/stable/v1.24/deb/'],
      ['pkgs', true, 'https://mirrors.aliyun.com/kubernetes-new/core/stable/v1.24/rpm/'],
    ]);
    expect(hop?.notes.map((n) => n.en).join(' ')).toContain('pkgs.k8s.io');
  });

  it('migrates only once: after 1.24 the runtime is containerd', () => {
    const plan = planOf({ ...req, to: '1.25' });
    expect(plan.hops.map((h) => h.runtime.map((s) => s.kind))).toEqual([['migrate'], ['keep']]);
    expect(plan.hops[1]?.runtime[0]?.text.en).toBe('containerd kept.');
  });
});

describe('planUpgrade: 1.33 → newest with containerd', () => {
  const plan = planOf({
    plan: { ...modernPlan(), kubernetesVersion: '1.33.0' },
    nodes: guideNodes(),
    to: `1.${NEWEST_MINOR}`,
  });

  it('hops every minor to the catalog newest', () => {
    const minors = plan.hops.map((h) => Number(h.to.split('.')[1]));
    expect(minors).toEqual(Array.from({ length: NEWEST_MINOR - 33 }, (_, i) => 34 + i));
    expect(plan.target).toBe(newestRelease(NEWEST_MINOR)?.version);
  });

  it('switches the per-minor pkgs.k8s.io repository on every hop', () => {
    for (const hop of plan.hops) {
      const minor = hop.to.split('.')[1];
      expect(hop.repositories[0]).toEqual({
        family: 'deb',
        layout: 'pkgs',
        url: `https://pkgs.k8s.io/core:/stable:/v1.${minor}/deb/`,
        changes: true,
      });
    }
  });

  it('requires cgroup v2 at the 1.35 hop only', () => {
    const cgroup = plan.hops.map((h) => h.runtime.some((s) => s.text.en.includes('cgroup v1')));
    expect(cgroup).toEqual(plan.hops.map((h) => h.to.startsWith('1.35.')));
  });

  it('moves etcd to 3.6 at 1.34', () => {
    const hop = plan.hops.find((h) => h.to.startsWith('1.34.'));
    expect(hop?.etcd.before.startsWith('3.5.')).toBe(true);
    expect(hop?.etcd.after.startsWith('3.6.')).toBe(true);
  });
});

describe('planUpgrade: kubeadm config API changes', () => {
  it('announces v1beta3 at 1.22 and v1beta4 at 1.31', () => {
    const a = planOf({ ...guide('1.22'), current: '1.21.14' }).hops[0];
    expect(a?.kubeadmApi).toEqual({ before: 'v1beta2', after: 'v1beta3' });
    expect(a?.notes.map((n) => n.en).join(' ')).toContain('v1beta2 → v1beta3');
    const b = planOf({
      plan: { ...modernPlan(), kubernetesVersion: '1.30.2' },
      nodes: guideNodes(),
      to: '1.31',
    }).hops[0];
    expect(b?.kubeadmApi).toEqual({ before: 'v1beta3', after: 'v1beta4' });
  });

  it('names the registry move k8s.gcr.io → registry.k8s.io with the default repository', () => {
    const hop = planOf({
      plan: { ...modernPlan(), kubernetesVersion: '1.21.14' },
      nodes: guideNodes(),
      to: '1.22',
    }).hops[0];
    expect(hop?.notes.map((n) => n.en).join(' ')).toContain('k8s.gcr.io → registry.k8s.io');
  });

  it('warns when the upstream profile has no legacy repository for an old minor', () => {
    const hop = planOf({
      plan: { ...modernPlan(), kubernetesVersion: '1.18.2', runtime: 'docker' },
      nodes: guideNodes(),
      to: '1.19',
    }).hops[0];
    expect(hop?.warnings.map((w) => w.en).join(' ')).toContain('no deb repository for 1.19');
  });
});

describe('planUpgrade: bad input names the field', () => {
  const errorsOf = (req: UpgradeRequest): [string, string][] => {
    const r = planUpgrade(req);
    expect(r.plan).toBeNull();
    return r.errors.map((e) => [e.field, e.message]);
  };

  it('refuses a target lower than the cluster', () => {
    expect(errorsOf(guide('1.17'))[0]?.[0]).toBe('to');
    const [[field, message] = ['', '']] = errorsOf({ ...guide('1.19'), current: '1.20.15' });
    expect(field).toBe('to');
    expect(message).toContain('lower than');
  });

  it('says "nothing to do" for the current version', () => {
    expect(errorsOf(guide('1.18.2'))).toEqual([
      ['to', 'The cluster is already on 1.18.2: nothing to do.'],
    ]);
  });

  it('lists the nearest known versions for an unknown one', () => {
    expect(errorsOf(guide('1.19.99'))[0]?.[1]).toContain('nearest known: 1.19.16');
    expect(errorsOf(guide('1.99'))[0]?.[1]).toContain(
      `nearest known: ${newestRelease(NEWEST_MINOR)?.version}`,
    );
    expect(errorsOf(guide('latest'))[0]?.[1]).toContain('not a Kubernetes version');
  });

  it('refuses a bad batch size and a project without a control plane', () => {
    expect(errorsOf({ ...guide('1.19'), workerBatchSize: 0 })[0]?.[0]).toBe('workerBatchSize');
    const workers = guideNodes().filter((n) => n.role === 'worker');
    expect(errorsOf({ ...guide('1.19'), nodes: workers })[0]?.[0]).toBe('nodes');
  });

  it('gives every message in Chinese too', () => {
    const r = planUpgrade(guide('1.99'));
    expect(r.errors[0]?.messageZh).toContain('最接近');
  });
});
