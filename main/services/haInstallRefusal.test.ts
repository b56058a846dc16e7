import { describe, expect, it } from 'vitest';
import type { NodeSpec } from '../../common/model/node';
import type { ClusterPlan } from '../../common/model/plan';
import { guideNodes, guidePlan } from '../../common/plan/presets';
import { assertInstallable } from './runValidation';

const kubeVipPlan: ClusterPlan = {
  ...guidePlan(),
  topology: 'stacked-etcd',
  controlPlaneEndpoint: '192.168.100.100:6443',
  loadBalancer: { kind: 'kube-vip', vip: '192.168.100.100', interface: 'eth0' },
};
const haproxyPlan: ClusterPlan = {
  ...guidePlan(),
  topology: 'stacked-etcd',
  controlPlaneEndpoint: '192.168.100.100:8443',
  loadBalancer: {
    kind: 'haproxy-keepalived',
    vip: '192.168.100.100',
    interface: 'eth0',
    virtualRouterId: 51,
  },
};
const nodes: NodeSpec[] = guideNodes();

describe('assertInstallable', () => {
  it('lets a single control plane install as before', () => {
    expect(() => assertInstallable({ nodes, plan: guidePlan() })).not.toThrow();
  });

  it('installs stacked etcd behind haproxy + keepalived', () => {
    expect(() => assertInstallable({ nodes, plan: haproxyPlan })).not.toThrow();
  });

  it('installs stacked etcd behind kube-vip', () => {
    expect(() => assertInstallable({ nodes, plan: kubeVipPlan })).not.toThrow();
  });

  it('installs stacked etcd behind an existing (external) load balancer', () => {
    const external: ClusterPlan = { ...kubeVipPlan, loadBalancer: { kind: 'external' } };
    expect(() => assertInstallable({ nodes, plan: external })).not.toThrow();
    expect(() => assertInstallable({ nodes, plan: external }, { dryRun: false })).not.toThrow();
  });

  it('refuses external etcd, naming the topology', () => {
    const external = {
      ...haproxyPlan,
      topology: 'external-etcd',
      externalEtcdEndpoints: ['https://192.168.100.50:2379'],
    };
    expect(() => assertInstallable({ nodes, plan: external })).toThrow(
      expect.objectContaining({ field: 'topology' }),
    );
  });

  it('still refuses an invalid HA plan in a dry run, with its field errors', () => {
    const bad = {
      ...kubeVipPlan,
      loadBalancer: { kind: 'kube-vip', vip: '10.20.0.5', interface: 'eth0' },
    };
    expect(() => assertInstallable({ nodes, plan: bad }, { dryRun: true })).toThrow(
      /loadBalancer\.vip/,
    );
  });
});
