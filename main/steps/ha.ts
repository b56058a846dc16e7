import { isHaTopology } from '../../common/model/ha';
import type { NodeSpec } from '../../common/model/node';
import type { ClusterPlan } from '../../common/model/plan';
import { isFirstControlPlane } from './plan';

/**
 * Which HA plans the install steps build (issue 19): stacked etcd behind haproxy + keepalived on
 * the control planes. kube-vip, an external load balancer and external etcd are planned and
 * previewed but not installed yet (main/services/haInstallRefusal.ts refuses them).
 */
export function installsHaproxyKeepalived(plan: ClusterPlan): boolean {
  return isHaTopology(plan.topology) && plan.loadBalancer?.kind === 'haproxy-keepalived';
}

/** An HA plan: kubeadm init uploads the control-plane certificates for the joins. */
export function uploadsCerts(plan: ClusterPlan): boolean {
  return isHaTopology(plan.topology);
}

/** A control plane after the first one of an HA plan: it joins with `--control-plane`. */
export function isFurtherControlPlane(
  node: NodeSpec,
  plan: ClusterPlan,
  nodes: readonly NodeSpec[],
): boolean {
  return (
    isHaTopology(plan.topology) &&
    node.role === 'control-plane' &&
    !isFirstControlPlane(node, nodes)
  );
}
