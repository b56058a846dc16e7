import {
  isHaTopology,
  type LoadBalancer,
  type LoadBalancerKind,
  type Topology,
} from '../../../../common/model/ha';
import type { ClusterPlan } from '../../../../common/model/plan';

/**
 * Draft edits for the HA fields. Choosing `single` removes every HA field (instead of writing
 * `topology: single`), so a plan that never used HA is saved exactly as before.
 */
export function withTopology(draft: ClusterPlan, topology: Topology): Partial<ClusterPlan> {
  if (!isHaTopology(topology)) {
    return { topology: undefined, loadBalancer: undefined, externalEtcdEndpoints: undefined };
  }
  return {
    topology,
    loadBalancer: draft.loadBalancer ?? newLoadBalancer('kube-vip', undefined),
    externalEtcdEndpoints: topology === 'external-etcd' ? draft.externalEtcdEndpoints : undefined,
  };
}

/** A load balancer of `kind`, keeping the VIP and interface already typed. */
export function newLoadBalancer(
  kind: LoadBalancerKind,
  old: LoadBalancer | undefined,
): LoadBalancer {
  const vip = old && old.kind !== 'external' ? old.vip : '';
  const iface = old && old.kind !== 'external' ? old.interface : 'eth0';
  switch (kind) {
    case 'kube-vip':
      return { kind, vip, interface: iface };
    case 'haproxy-keepalived':
      // 51: "Many distros pre-configure its value to 51" (kubeadm docs/ha-considerations.md).
      return { kind, vip, interface: iface, virtualRouterId: 51 };
    case 'external':
      return { kind };
  }
}

/** `https://a:2379, https://b:2379` → the list; empty text → unset. */
export function parseEndpointList(text: string): string[] | undefined {
  const list = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return list.length > 0 ? list : undefined;
}
