import { describe, expect, it } from 'vitest';
import type { NodeSpec } from '../../common/model/node';
import type { ClusterPlan } from '../../common/model/plan';
import { guideNodes, guidePlan } from '../../common/plan/presets';
import { assertInstallable } from './runValidation';

const haPlan: ClusterPlan = {
  ...guidePlan(),
  topology: 'stacked-etcd',
  controlPlaneEndpoint: '192.168.100.100:6443',
  loadBalancer: { kind: 'kube-vip', vip: '192.168.100.100', interface: 'eth0' },
};
const nodes: NodeSpec[] = guideNodes();

describe('assertInstallable', () => {
  it('lets a single control plane install as before', () => {
    expect(() => assertInstallable({ nodes, plan: guidePlan() })).not.toThrow();
  });

  it('refuses to install an HA plan, naming the topology, but lets a dry run show it', () => {
    expect(() => assertInstallable({ nodes, plan: haPlan })).toThrow(/cannot install one yet/);
    expect(() => assertInstallable({ nodes, plan: haPlan }, { dryRun: false })).toThrow(
      expect.objectContaining({ field: 'topology' }),
    );
    expect(() => assertInstallable({ nodes, plan: haPlan }, { dryRun: true })).not.toThrow();
  });

  it('still refuses an invalid HA plan in a dry run, with its field errors', () => {
    const bad = {
      ...haPlan,
      loadBalancer: { kind: 'kube-vip', vip: '10.20.0.5', interface: 'eth0' },
    };
    expect(() => assertInstallable({ nodes, plan: bad }, { dryRun: true })).toThrow(
      /loadBalancer\.vip/,
    );
  });
});
