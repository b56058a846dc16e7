import { isHaTopology } from '../../common/model/ha';
import type { NodeSpec } from '../../common/model/node';
import type { ClusterPlan } from '../../common/model/plan';
import { isFirstControlPlane } from './plan';

/**
 * Which HA plans the install steps build (issue 19): stacked etcd behind haproxy + keepalived or
 * kube-vip on the control planes, or behind a load balancer the user already runs. External etcd
 * is planned and previewed but not installed yet (main/services/haInstallRefusal.ts refuses it).
 */
export function installsHaproxyKeepalived(plan: ClusterPlan): boolean {
  return isHaTopology(plan.topology) && plan.loadBalancer?.kind === 'haproxy-keepalived';
}

/** A load balancer the user already runs: kubelab only proves it forwards (external-load-balancer). */
export function usesExternalLoadBalancer(plan: ClusterPlan): boolean {
  return isHaTopology(plan.topology) && plan.loadBalancer?.kind === 'external';
}

/** kube-vip: a static pod on every control plane (ARP mode, leader election). */
export function installsKubeVip(plan: ClusterPlan): boolean {
  return isHaTopology(plan.topology) && plan.loadBalancer?.kind === 'kube-vip';
}

/**
 * Where the load balancer step runs: haproxy + keepalived on every control plane before init;
 * kube-vip only on the first one before `kubeadm init` (its VIP must answer for init to finish).
 * The control planes that join get kube-vip after their join (step kube-vip): kube-vip's docs
 * generate the manifest on each further control plane once `kubeadm join` has written
 * admin.conf (https://kube-vip.io/docs/installation/static/, "Remaining Nodes").
 */
export function runsLoadBalancerStep(
  node: NodeSpec,
  plan: ClusterPlan,
  nodes: readonly NodeSpec[],
): boolean {
  if (installsHaproxyKeepalived(plan)) return true;
  return installsKubeVip(plan) && isFirstControlPlane(node, nodes);
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
