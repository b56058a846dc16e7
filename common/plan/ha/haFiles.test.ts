import { describe, expect, it } from 'vitest';
import type { NodeSpec } from '../../model/node';
import type { ClusterPlan } from '../../model/plan';
import { guideNodes, guidePlan, modernPlan } from '../presets';
import { renderHaFiles } from './haFiles';

const nodes: NodeSpec[] = guideNodes().map((n, i) => ({
  ...n,
  id: `master${i + 1}`,
  name: `master${i + 1}`,
  role: 'control-plane',
}));

function kubeVip(version: string): ClusterPlan {
  return {
    ...modernPlan('192.168.100.111'),
    kubernetesVersion: version,
    topology: 'stacked-etcd',
    controlPlaneEndpoint: '192.168.100.100:6443',
    loadBalancer: { kind: 'kube-vip', vip: '192.168.100.100', interface: 'eth0' },
  };
}

describe('renderHaFiles', () => {
  it('has nothing for a single control plane', () => {
    expect(renderHaFiles(guidePlan(), guideNodes())).toEqual([]);
  });

  it('1.29+: a separate kube-vip manifest for the first control plane during init', () => {
    const files = renderHaFiles(kubeVip('1.29.0'), nodes);
    expect(files.map((f) => f.target)).toEqual([
      'master1, during kubeadm init',
      'all control planes, after init',
      'master2 (and each further control plane)',
    ]);
    expect(files[0]?.content).toContain('/etc/kubernetes/super-admin.conf');
  });

  it('1.28: one kube-vip manifest for every control plane', () => {
    const files = renderHaFiles(kubeVip('1.28.0'), nodes);
    expect(files.map((f) => f.path)).toEqual([
      '/etc/kubernetes/manifests/kube-vip.yaml',
      '/run/kubelab-join.XXXXXX/join.yaml',
    ]);
  });

  it('external load balancer: only the control-plane join file', () => {
    const plan: ClusterPlan = { ...kubeVip('1.28.0'), loadBalancer: { kind: 'external' } };
    expect(renderHaFiles(plan, nodes).map((f) => f.path)).toEqual([
      '/run/kubelab-join.XXXXXX/join.yaml',
    ]);
  });

  it('holds placeholders, never a token, CA hash or certificate key', () => {
    const join = renderHaFiles(kubeVip('1.28.0'), nodes).at(-1)?.content ?? '';
    expect(join).toContain('token: TOKEN_READ_ON_THE_FIRST_CONTROL_PLANE');
    expect(join).toContain('certificateKey: KUBELAB_CERTIFICATE_KEY_FILLED_ON_THE_NODE');
    expect(join).toContain('advertiseAddress: 192.168.100.116');
    expect(join).not.toMatch(/[0-9a-f]{6}\.[0-9a-f]{16}/);
  });
});
