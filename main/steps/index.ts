import type { ClusterPlan } from '../../common/model/plan';
import type { Step } from '../engine/step';
import { addNode } from './add-node';
import { bundleRepo } from './bundle-repo';
import { adminKubeconfig } from './admin-kubeconfig';
import { containerRuntime } from './container-runtime';
import { enableKubelet } from './enable-kubelet';
import { externalLoadBalancer } from './external-load-balancer';
import { haLoadBalancer } from './ha-load-balancer';
import { importImages } from './import-images';
import { installCni } from './install-cni';
import { joinControlPlane } from './join-control-plane';
import { joinLeftovers } from './join-leftovers';
import { joinNode } from './join-node';
import { kubePackages } from './kube-packages';
import { kubeVip } from './kube-vip';
import { kubeadmInit } from './kubeadm-init';
import { prepareOs } from './prepare-os';
import { pullImages } from './pull-images';
import { reconcileEtcdMembers } from './reconcile-etcd-members';
import { resetCluster } from './reset-cluster';
import { kubeletConf, kubeletConfInspect } from './kubelet-conf';
import { kubeletConfIssue } from './kubelet-conf-issue';
import { renewCerts } from './renew-certs';
import { resetNode } from './reset-node';
import { upgradeApply } from './upgrade-apply';
import { upgradeBackup } from './upgrade-backup';
import { upgradeDrain } from './upgrade-drain';
import { uploadCerts } from './upload-certs';
import { upgradeKubeadm } from './upgrade-kubeadm';
import { upgradeKubelet } from './upgrade-kubelet';
import { upgradeNode } from './upgrade-node';
import { upgradePreflight } from './upgrade-preflight';
import { upgradeRepo } from './upgrade-repo';
import { upgradeUncordon } from './upgrade-uncordon';
import { orderedUpgradeSteps } from './upgradeOrder';
import { RUNTIME_MIGRATION_STEPS } from './runtimeMigration';
import { waitReady, waitReadyAfter } from './wait-ready';

/**
 * The step lists the engine runs (ids and order: common/catalog/steps.ts). The install is the
 * guide's sequence (an HA plan's load balancer and control-plane joins run only when the plan
 * asks for them: the steps' `when`; an offline plan's bundle-repo and import-images replace the
 * online repositories and pull-images the same way); adding a node re-checks the control plane (everything already done) and joins
 * only the new machine; the resets are single steps.
 */
const PREPARE: readonly Step<ClusterPlan>[] = [
  prepareOs,
  bundleRepo,
  containerRuntime,
  kubePackages,
  enableKubelet,
  pullImages,
  importImages,
  haLoadBalancer,
  kubeadmInit,
  externalLoadBalancer,
  adminKubeconfig,
  installCni,
];

export const INSTALL_STEPS: readonly Step<ClusterPlan>[] = [
  ...PREPARE,
  uploadCerts,
  joinControlPlane,
  kubeVip,
  joinNode,
  waitReady,
];
/** A join on a machine added later waits for its leftovers check (join-leftovers.ts). */
const AFTER_LEFTOVERS = { step: 'join-leftovers', on: 'same-node' } as const;
const addNodeAfterLeftovers: Step<ClusterPlan> = {
  ...addNode,
  dependsOn: [...(addNode.dependsOn ?? []), AFTER_LEFTOVERS],
};

export const ADD_NODE_STEPS: readonly Step<ClusterPlan>[] = [
  joinLeftovers,
  ...PREPARE,
  addNodeAfterLeftovers,
  waitReadyAfter('add-node'),
];
/**
 * Adding machines of which at least one is a control plane of an HA plan (issue 19): the
 * kubeadm-certs Secret re-uploaded when it expired, etcd members of reset or lost machines
 * reconciled, the control planes joined one at a time, kube-vip on them; then the workers.
 */
export const ADD_CONTROL_PLANE_STEPS: readonly Step<ClusterPlan>[] = [
  joinLeftovers,
  ...PREPARE,
  uploadCerts,
  reconcileEtcdMembers,
  {
    // A join waits for the reconcile: kubeadm would add its member next to the stale one.
    ...joinControlPlane,
    dependsOn: [
      ...(joinControlPlane.dependsOn ?? []),
      { step: 'reconcile-etcd-members', on: 'control-plane' },
      AFTER_LEFTOVERS,
    ],
  },
  kubeVip,
  addNodeAfterLeftovers,
  waitReadyAfter('add-node', 'join-control-plane'),
];
export const RESET_NODE_STEPS: readonly Step<ClusterPlan>[] = [resetNode];
export const RESET_CLUSTER_STEPS: readonly Step<ClusterPlan>[] = [resetCluster];
/** One upgrade hop (its version in ctx.params.to): kubeadm's documented order. */
export const UPGRADE_STEPS: readonly Step<ClusterPlan>[] = [
  upgradePreflight,
  upgradeRepo,
  upgradeKubeadm,
  upgradeBackup,
  upgradeApply,
  upgradeNode,
  upgradeDrain,
  upgradeKubelet,
  upgradeUncordon,
];
/** The hop's steps in turns: first control plane, the others one at a time, workers in batches. */
export function upgradeSteps(workerBatchSize = 1): readonly Step<ClusterPlan>[] {
  return orderedUpgradeSteps(UPGRADE_STEPS, workerBatchSize);
}
/** kubeadm's certificates on the control planes, then kubelet.conf wherever rotation failed. */
export const RENEW_CERTS_STEPS: readonly Step<ClusterPlan>[] = [
  renewCerts,
  kubeletConfInspect,
  kubeletConfIssue,
  kubeletConf,
];
export { removeNodeSteps, type RemovalRoles } from './remove-node';
/** Docker → containerd, one node at a time, before the hop into 1.24 (its own run). */
export function runtimeMigrationSteps(): readonly Step<ClusterPlan>[] {
  return RUNTIME_MIGRATION_STEPS;
}
